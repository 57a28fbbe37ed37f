package org.candour.auth;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.candour.account.AccountConfig;
import org.candour.account.AccountService;
import org.candour.account.Role;
import org.candour.account.SessionService;
import org.candour.account.StaffPrincipal;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

/** The staff sign-in form and sign-out. */
@Path("/")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class LoginPages {

    @Inject
    AccountService accounts;

    @Inject
    SessionService sessions;

    @Inject
    AccountConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String error, String username);
    }

    @GET
    @Path("login")
    public TemplateInstance form() {
        return Templates.login(null, "");
    }

    @POST
    @Path("login")
    public Response login(@RestForm("_csrf") String csrf, @RestForm String username, @RestForm String password,
            @RestCookie(StaffAuthenticationMechanism.SESSION_COOKIE) String previous, HttpServerResponse response) {
        // A missing password is checked like any other, so that it costs the same hash.
        Optional<StaffPrincipal> who = accounts.authenticate(username,
                password == null ? new char[0] : password.toCharArray());
        if (who.isEmpty()) {
            String html = Templates.login("Sign-in failed. Check your username and password. After "
                    + config.login().maxFailures() + " failed attempts an account is locked for a while.",
                    username == null ? "" : username).render();
            return Response.status(401).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
        }
        if (previous != null) {
            sessions.end(previous);
        }
        response.addCookie(Cookie.cookie(StaffAuthenticationMechanism.SESSION_COOKIE,
                sessions.start(who.get().accountId())).setPath("/").setHttpOnly(true)
                .setSecure(config.session().secureCookie()).setSameSite(CookieSameSite.STRICT)
                .setMaxAge(config.session().maxAge().toSeconds()));
        return Response.seeOther(URI.create(landing(who.get().roles()))).build();
    }

    /** Where a sign-in lands: the admin pages for an admin, else the first workspace the account's roles open. */
    static String landing(Set<Role> roles) {
        if (roles.contains(Role.ADMIN)) {
            return "/admin";
        }
        if (roles.contains(Role.TRUSTEE)) {
            return "/trustee";
        }
        if (roles.contains(Role.PUBLISHER)) {
            return "/publisher";
        }
        return roles.contains(Role.HANDLER) ? "/handler" : "/admin";
    }

    @POST
    @Path("logout")
    public Response logout(@RestForm("_csrf") String csrf,
            @RestCookie(StaffAuthenticationMechanism.SESSION_COOKIE) String session, HttpServerResponse response) {
        if (session != null) {
            sessions.end(session);
        }
        response.addCookie(Cookie.cookie(StaffAuthenticationMechanism.SESSION_COOKIE, "").setPath("/")
                .setHttpOnly(true).setSecure(config.session().secureCookie()).setMaxAge(0));
        return Response.seeOther(URI.create("/login")).build();
    }
}
