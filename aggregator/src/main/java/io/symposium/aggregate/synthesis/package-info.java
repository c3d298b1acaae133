/** Internal: LLM synthesis, one aggregator call per question, and the prompts it sends. */
@NullMarked
package io.symposium.aggregate.synthesis;

import org.jspecify.annotations.NullMarked;
