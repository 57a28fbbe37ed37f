package org.candour.auth;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import org.candour.web.InMemoryMultipart;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;

/** Enforces {@link CsrfProtected}. */
@CsrfProtected
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class CsrfInterceptor {

    @Inject
    CsrfTokens tokens;

    @AroundInvoke
    Object check(InvocationContext ic) throws Exception {
        Method m = ic.getMethod();
        if (m.isAnnotationPresent(GET.class) || m.isAnnotationPresent(HEAD.class)) {
            return ic.proceed();
        }
        int index = tokenParameter(m);
        Object parameter = index < 0 ? null : ic.getParameters()[index];
        String submitted = parameter instanceof InMemoryMultipart form ? form.first(CsrfTokens.FIELD) : (String) parameter;
        CsrfProtected binding = ic.getInterceptorBinding(CsrfProtected.class);
        boolean form = binding != null && binding.value() == CsrfProtected.Scope.FORM;
        if (!(form ? tokens.validForm(submitted) : tokens.valid(submitted))) {
            throw new ProblemException(403, "This form has expired or did not come from this site. "
                    + "Go back, reload the page and try again.");
        }
        return ic.proceed();
    }

    /** The index of the {@code _csrf} form parameter, or of the whole form read in memory, or -1. */
    public static int tokenParameter(Method m) {
        for (int i = 0; i < m.getParameterCount(); i++) {
            if (m.getParameterTypes()[i] == InMemoryMultipart.class) {
                return i;
            }
        }
        Annotation[][] annotations = m.getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation a : annotations[i]) {
                if ((a instanceof RestForm f && CsrfTokens.FIELD.equals(f.value()))
                        || (a instanceof FormParam f2 && CsrfTokens.FIELD.equals(f2.value()))) {
                    return m.getParameterTypes()[i] == String.class ? i : -1;
                }
            }
        }
        return -1;
    }
}
