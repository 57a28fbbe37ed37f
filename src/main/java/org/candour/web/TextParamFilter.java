package org.candour.web;

import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Refuses a path, query or form value holding U+0000 (sent as {@code %00}, or raw in a multipart
 * field) before any resource runs: PostgreSQL can neither store nor compare text holding it, so it
 * would otherwise fail a query with a 500. Uploaded files are left to their parsers.
 */
public class TextParamFilter {

    @ServerRequestFilter(readBody = true)
    public void refuseNul(ResteasyReactiveContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters(), "path");
        check(request.getUriInfo().getQueryParameters(), "query");
        if (request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context
                && context.getFormData() != null) {
            FormData form = context.getFormData();
            for (String name : form) {
                for (FormValue value : form.get(name)) {
                    if (hasNul(name) || !value.isFileItem() && hasNul(value.getValue())) {
                        throw refusal("form", name);
                    }
                }
            }
        }
    }

    /** Refuses (400) a name or value in {@code params} holding U+0000, naming where it was sent. */
    static void check(Map<String, List<String>> params, String where) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (hasNul(e.getKey()) || e.getValue().stream().anyMatch(TextParamFilter::hasNul)) {
                throw refusal(where, e.getKey());
            }
        }
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    private static ProblemException refusal(String where, String name) {
        return ProblemException.badRequest("The " + where + " field " + Echo.quoted(name)
                + " contains the character U+0000, which is not allowed.");
    }
}
