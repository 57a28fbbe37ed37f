package org.candour.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A random secret presented with a request: the session cookie or an API token (Bearer). */
public final class SecretAuthenticationRequest extends BaseAuthenticationRequest {

    /** Which kind of secret, and so which table it is looked up in. */
    public enum Kind {
        SESSION_COOKIE,
        API_TOKEN
    }

    private final Kind kind;
    private final String secret;

    public SecretAuthenticationRequest(Kind kind, String secret) {
        this.kind = kind;
        this.secret = secret;
    }

    public Kind kind() {
        return kind;
    }

    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "SecretAuthenticationRequest[" + kind + ", [REDACTED]]";
    }
}
