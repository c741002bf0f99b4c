package io.slipway.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.slipway.server.errors.ApiException;
import java.time.Duration;

/**
 * Limits password guessing with two token buckets per attempt: one per client address (over all
 * accounts) and one per account and client address. Keying the account's bucket by client too
 * means a flood from one address cannot lock the real owner out from another. An attempt takes a
 * token from both before any password is hashed, so concurrent attempts count at once; a
 * successful one gives them back, so only failures add up. The decision is made before the
 * account is looked up and is the same for unknown emails, so it reveals nothing about which
 * accounts exist.
 *
 * <p>State is per process: with N replicas an address gets at most N times the allowance.
 */
public final class LoginThrottle {

    private final ThrottleSettings settings;
    private final Cache<String, Bucket> clients;
    private final Cache<String, Bucket> accounts;
    private final Counter throttled;

    public LoginThrottle(ThrottleSettings settings, PrometheusRegistry registry) {
        this.settings = settings;
        Duration window = Duration.ofMillis(settings.getWindow().toMilliseconds());
        this.clients = Caffeine.newBuilder()
                .maximumSize(settings.getMaxTracked())
                .expireAfterAccess(window)
                .build();
        this.accounts = Caffeine.newBuilder()
                .maximumSize(settings.getMaxTracked())
                .expireAfterAccess(window)
                .build();
        this.throttled = Counter.builder()
                .name("slipway_login_throttled")
                .help("Password checks refused before hashing because a client, or a client against one account, "
                        + "failed too often")
                .labelNames("scope")
                .register(registry);
        throttled.initLabelValues("client");
        throttled.initLabelValues("account");
    }

    /** An admitted attempt; report {@link #succeeded()} so it does not count against the caller. */
    public static final class Attempt {
        private final Bucket client;
        private final Bucket account;

        private Attempt(Bucket client, Bucket account) {
            this.client = client;
            this.account = account;
        }

        public void succeeded() {
            client.addTokens(1);
            account.addTokens(1);
        }
    }

    /**
     * Admits one password check by {@code client} against {@code account} (the normalised email, or
     * the raw one when it does not normalise), or throws 429 with the time until the next token.
     */
    public Attempt begin(String client, String account) {
        Bucket byClient = clients.get(client, k -> bucket(settings.getClientFailures()));
        Bucket byAccount = accounts.get(account + '\n' + client, k -> bucket(settings.getAccountFailures()));
        ConsumptionProbe clientProbe = byClient.tryConsumeAndReturnRemaining(1);
        if (!clientProbe.isConsumed()) {
            throw refused("client", clientProbe);
        }
        ConsumptionProbe accountProbe = byAccount.tryConsumeAndReturnRemaining(1);
        if (!accountProbe.isConsumed()) {
            byClient.addTokens(1);
            throw refused("account", accountProbe);
        }
        return new Attempt(byClient, byAccount);
    }

    private Bucket bucket(int failures) {
        Duration window = Duration.ofMillis(settings.getWindow().toMilliseconds());
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, window))
                .build();
    }

    private ApiException refused(String scope, ConsumptionProbe probe) {
        throttled.labelValues(scope).inc();
        return ApiException.tooManyRequests(
                "too many failed password attempts; wait before trying again",
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
