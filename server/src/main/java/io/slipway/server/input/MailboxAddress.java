package io.slipway.server.input;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An email that {@link EmailAddress#parse} accepts; the violation says what is wrong with it. Null is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MailboxAddress.Validator.class)
public @interface MailboxAddress {

    String message() default "must be an email address";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks and reports through {@link EmailAddress#parse}. */
    final class Validator implements ConstraintValidator<MailboxAddress, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            return EmailAddress.parse(value)
                    .problem()
                    .map(problem -> {
                        context.disableDefaultConstraintViolation();
                        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
                        return false;
                    })
                    .orElse(true);
        }
    }
}
