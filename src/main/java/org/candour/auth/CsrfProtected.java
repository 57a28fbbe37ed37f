package org.candour.auth;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code *Pages} class: every method that is not GET or HEAD must take the form field
 * {@code _csrf} (as {@code @RestForm("_csrf")}) and is refused with 403 when it does not match the
 * token of this browser. A method without the field is refused too: the check fails closed.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CsrfProtected {
}
