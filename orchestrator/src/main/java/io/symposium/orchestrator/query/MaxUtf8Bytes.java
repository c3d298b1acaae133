package io.symposium.orchestrator.query;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * The annotated text must fit in the given number of UTF-8 bytes (a limit on storage and prompt
 * size, not on characters).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MaxUtf8Bytes.Validator.class)
public @interface MaxUtf8Bytes {
  int value();

  String message() default "must be at most {value} bytes of UTF-8";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Counts the UTF-8 bytes of the text. */
  final class Validator implements ConstraintValidator<MaxUtf8Bytes, CharSequence> {
    private int max;

    @Override
    public void initialize(MaxUtf8Bytes annotation) {
      max = annotation.value();
    }

    @Override
    public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
      if (text == null) {
        return true;
      }
      // UTF-8 never takes fewer bytes than UTF-16 chars, so a long text fails without encoding it
      return text.length() <= max && text.toString().getBytes(StandardCharsets.UTF_8).length <= max;
    }
  }
}
