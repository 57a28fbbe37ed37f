package org.candour.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A staff session cookie presented with a request. */
public final class SessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final String cookie;

    public SessionAuthenticationRequest(String cookie) {
        this.cookie = cookie;
    }

    public String cookie() {
        return cookie;
    }
}
