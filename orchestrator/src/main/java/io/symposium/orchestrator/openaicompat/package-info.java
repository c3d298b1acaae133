/**
 * The OpenAI-compatible facade: {@code GET /v1/models}, {@code POST /v1/chat/completions} and
 * {@code POST /v1/completions}, so an unmodified OpenAI client can talk to the pool's experts
 * directly or to the routed model {@code symposium}.
 */
@NullMarked
package io.symposium.orchestrator.openaicompat;

import org.jspecify.annotations.NullMarked;
