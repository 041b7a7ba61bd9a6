package io.patchcast.web;

import io.patchcast.security.AccountService;
import io.patchcast.security.ClientAddress;
import io.patchcast.security.SessionCookies;
import io.patchcast.security.SessionService;
import io.quarkus.logging.Log;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The login form's target, {@code POST /j_security_check} (the name browsers' password managers and the existing
 * form know). The password is checked by {@link AccountService} (throttled); a right one starts a server-side
 * session, or the second-factor step. Cross-origin posts are refused by {@link io.patchcast.common.CsrfGuard}.
 */
@ApplicationScoped
public class FormLogin {

    static final String PATH = "/j_security_check";

    @Inject
    AccountService accounts;

    void install(@Observes Router router) {
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(16 * 1024)).blockingHandler(this::signIn, false);
    }

    void signIn(RoutingContext ctx) {
        String username = ctx.request().getFormAttribute("j_username");
        String password = ctx.request().getFormAttribute("j_password");
        Cookie previous = ctx.request().getCookie(SessionService.COOKIE);
        AccountService.FormSignIn result;
        try {
            result = accounts.formSignIn(username, password, ClientAddress.of(ctx),
                    previous == null ? null : previous.getValue());
        } catch (RuntimeException e) {
            Log.errorf(e, "Sign-in failed unexpectedly");
            redirect(ctx, "/login?error=1");
            return;
        }
        switch (result.outcome()) {
            case SIGNED_IN -> {
                ctx.response().headers().add(HttpHeaders.SET_COOKIE,
                        SessionCookies.set(SessionService.COOKIE, result.secret()));
                ctx.response().headers().add(HttpHeaders.SET_COOKIE, SessionCookies.clear(SessionService.PENDING_COOKIE));
                redirect(ctx, "/");
            }
            case SECOND_FACTOR -> {
                ctx.response().headers().add(HttpHeaders.SET_COOKIE, SessionCookies.clear(SessionService.COOKIE));
                ctx.response().headers().add(HttpHeaders.SET_COOKIE,
                        SessionCookies.set(SessionService.PENDING_COOKIE, result.secret()));
                redirect(ctx, "/login/mfa");
            }
            case THROTTLED -> redirect(ctx, "/login?error=wait");
            default -> redirect(ctx, "/login?error=1");
        }
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, location)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
    }
}
