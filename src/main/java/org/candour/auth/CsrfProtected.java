package org.candour.auth;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code *Pages} class: every method that is not GET or HEAD must take the form field
 * {@code _csrf} (as {@code @RestForm("_csrf")}) and is refused with 403 when it does not match the
 * token of this browser (or, with {@link Scope#FORM}, of this form). A method without the field is refused
 * too: the check fails closed.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CsrfProtected {

    /** Which token the form carries (see {@link CsrfTokens}). */
    @Nonbinding
    Scope value() default Scope.BROWSER;

    enum Scope {
        /** The staff pages' token: one cookie per browser at {@code Path=/}, bound to the session. */
        BROWSER,
        /**
         * A respondent form's token ({@link CsrfTokens#formToken}): a cookie made afresh for each visit,
         * sent back only to the form's own path, linked to nothing else the browser does.
         */
        FORM
    }
}
