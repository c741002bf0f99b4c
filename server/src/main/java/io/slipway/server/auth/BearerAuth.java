package io.slipway.server.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import java.util.List;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** The Jersey providers that make {@code @Auth}, {@code @RolesAllowed} and {@code @PermitAll} mean a bearer token. */
public final class BearerAuth {

    private BearerAuth() {}

    /** Bearer tokens checked by {@code authenticator}; a refusal is a JSON 401 naming the realm. */
    public static List<Object> providers(BearerAuthenticator authenticator) {
        return List.of(
                new AuthDynamicFeature(new HeaderBearerAuthFilter.Builder()
                        .setAuthenticator(authenticator)
                        .setAuthorizer(authenticator)
                        .setPrefix("Bearer")
                        .setRealm(JsonUnauthorizedHandler.REALM)
                        .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                        .buildAuthFilter()),
                RolesAllowedDynamicFeature.class,
                new AuthValueFactoryProvider.Binder<>(AuthenticatedUser.class));
    }
}
