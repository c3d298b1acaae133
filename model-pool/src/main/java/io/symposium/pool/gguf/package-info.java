/**
 * GGUF model files: a validating reader that inspects a file in Java before any native call, and a
 * streaming writer that makes llama.cpp-loadable fixture models (dense and sparse MoE) with a
 * SentencePiece-style vocabulary.
 */
@NullMarked
package io.symposium.pool.gguf;

import org.jspecify.annotations.NullMarked;
