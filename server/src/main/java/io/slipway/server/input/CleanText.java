package io.slipway.server.input;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text that is stored and shown exactly as sent. JSON escapes can carry what no valid text holds —
 * NUL, which PostgreSQL refuses, and unpaired surrogates, which no encoding can store — so every
 * string field is at least {@link Kind#SECRET}-clean. Null is valid.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CleanText.Validator.class)
public @interface CleanText {

    Kind value();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** How strict. */
    enum Kind {
        /** Passwords: any Unicode text but NUL; never shown, so invisible characters are the owner's business. */
        SECRET("must be valid Unicode text without NUL characters"),
        /**
         * Names: also no control, line-separator or invisible formatting characters (which can hide
         * or reorder what a reader sees), except the zero-width (non-)joiners scripts and emoji need.
         */
        DISPLAY("must not contain control, invisible or line-separator characters");

        private final String problem;

        Kind(String problem) {
            this.problem = problem;
        }
    }

    /** Checks every code point. */
    final class Validator implements ConstraintValidator<CleanText, String> {
        private Kind kind;

        @Override
        public void initialize(CleanText annotation) {
            kind = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.codePoints().allMatch(this::allowed)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(kind.problem).addConstraintViolation();
            return false;
        }

        private boolean allowed(int codePoint) {
            int type = Character.getType(codePoint);
            if (codePoint == 0 || type == Character.SURROGATE) {
                return false;
            }
            if (kind == Kind.SECRET) {
                return true;
            }
            return switch (type) {
                case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
                case Character.FORMAT -> codePoint == 0x200C || codePoint == 0x200D;
                default -> true;
            };
        }
    }
}
