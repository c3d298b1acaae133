/** The backend for models on Ollama servers, through langchain4j's Ollama client. */
@NullMarked
package io.symposium.pool.ollama;

import org.jspecify.annotations.NullMarked;
