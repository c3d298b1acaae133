/**
 * Chat templates: renders a conversation with the Jinja template a GGUF file carries ({@code
 * tokenizer.chat_template}), in the service's JVM, through Jinjava.
 */
@NullMarked
package io.symposium.pool.template;

import org.jspecify.annotations.NullMarked;
