/** The backend for models on OpenAI-compatible servers, through langchain4j's OpenAI client. */
@NullMarked
package io.symposium.pool.openai;

import org.jspecify.annotations.NullMarked;
