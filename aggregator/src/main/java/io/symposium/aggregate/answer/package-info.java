/**
 * Internal: answer extraction per task format, the canonical forms answers are compared in, and the
 * option list of a multiple-choice question. Other modules use the root package instead.
 */
@NullMarked
package io.symposium.aggregate.answer;

import org.jspecify.annotations.NullMarked;
