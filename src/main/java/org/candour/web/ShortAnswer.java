package org.candour.web;

import io.vertx.ext.web.RoutingContext;

/**
 * An error answered by a router filter before any resource runs: a short page for a browser asking
 * for HTML outside {@code /api/}, else the JSON error shape used everywhere. The message is fixed
 * text, never input.
 */
final class ShortAnswer {

    private ShortAnswer() {
    }

    static void send(RoutingContext rc, int status, String title, String message) {
        String accept = rc.request().getHeader("Accept");
        boolean html = accept != null && accept.contains("text/html") && !rc.normalizedPath().startsWith("/api/");
        rc.response().setStatusCode(status);
        if (html) {
            rc.response().putHeader("Content-Type", "text/html; charset=UTF-8")
                    .end("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                            + "<link rel=\"stylesheet\" href=\"/css/candour.css\"></head><body><main><h1>" + title + "</h1>"
                            + "<p class=\"error\" role=\"alert\">" + message + "</p></main></body></html>");
        } else {
            rc.response().putHeader("Content-Type", "application/json")
                    .end("{\"status\":" + status + ",\"error\":\"" + message + "\",\"problems\":[],\"reference\":null}");
        }
    }
}
