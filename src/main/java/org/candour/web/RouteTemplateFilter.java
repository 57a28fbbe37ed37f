package org.candour.web;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Records the matched resource's path template (e.g. /admin/orgs/{slug}) for {@link RequestLog}. */
public class RouteTemplateFilter {

    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void record(ResourceInfo resource, RoutingContext rc) {
        Method m = resource.getResourceMethod();
        if (m != null) {
            rc.put(RequestLog.ROUTE, TEMPLATES.computeIfAbsent(m, RouteTemplateFilter::template));
        }
    }

    static String template(Method m) {
        Path onClass = m.getDeclaringClass().getAnnotation(Path.class);
        Path onMethod = m.getAnnotation(Path.class);
        String t = (onClass == null ? "" : onClass.value()) + (onMethod == null ? "" : "/" + onMethod.value());
        t = ("/" + t).replaceAll("/+", "/");
        return t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }
}
