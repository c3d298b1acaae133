/**
 * Answer extraction and grading per task format, and the strategies that combine several experts'
 * answers into one (LLM synthesis, majority vote, profile-weighted vote, skip on consensus).
 */
@NullMarked
package io.symposium.aggregate;

import org.jspecify.annotations.NullMarked;
