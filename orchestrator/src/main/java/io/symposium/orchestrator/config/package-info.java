/** Typed, validated configuration under the prefix {@code symposium.*}. */
@NullMarked
package io.symposium.orchestrator.config;

import org.jspecify.annotations.NullMarked;
