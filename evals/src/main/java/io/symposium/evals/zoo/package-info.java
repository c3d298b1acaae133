/**
 * The expert zoo's Java side: the exporter that turns the PyTorch recipe's safetensors into the
 * committed q8_0 GGUF files with manifests, and the accuracy measurement through the real llama.cpp
 * path.
 */
@NullMarked
package io.symposium.evals.zoo;

import org.jspecify.annotations.NullMarked;
