-- How many validation questions each profile cell rests on. With the net score (right - wrong) it
-- gives the cell's right and wrong answers, which the skill-accuracy router estimates from. Null for
-- profiles imported in the reference format, which stores scores only.
ALTER TABLE profile_scores ADD COLUMN questions INTEGER;
ALTER TABLE profile_scores ADD CONSTRAINT profile_scores_questions_check
    CHECK (questions IS NULL OR (questions >= abs(score) AND (questions - score) % 2 = 0));
