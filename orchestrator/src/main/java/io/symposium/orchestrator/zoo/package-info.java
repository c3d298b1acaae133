/**
 * The embedded default: the project's self-trained expert zoo (GGUF files with manifests), which
 * the service registers when no models are configured, so it answers out of the box, and the prompt
 * style its models were trained on.
 */
@NullMarked
package io.symposium.orchestrator.zoo;

import org.jspecify.annotations.NullMarked;
