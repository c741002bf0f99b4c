package io.slipway.server.cache;

import io.dropwizard.lifecycle.Managed;
import io.slipway.server.observability.tracing.TracedRedisCommands;
import io.slipway.server.observability.tracing.Tracing;
import java.net.URI;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.builders.StandaloneClientBuilder;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/** The pooled Redis client, with bounded connect/read timeouts and pool wait; closed on shutdown. */
public final class RedisConnection implements Managed {

    private final RedisClient client;
    private final HostAndPort server;
    private final URI uri;
    private final int connectTimeoutMillis;

    public RedisConnection(URI uri, RedisSettings settings, Tracing tracing) {
        this.uri = uri;
        this.connectTimeoutMillis = (int) settings.getTimeout().toMilliseconds();
        DefaultJedisClientConfig.Builder clientConfig =
                clientConfig(RedisProtocol.RESP2, connectTimeoutMillis).clientName("slipway");

        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.getMaxConnections());
        pool.setMaxIdle(settings.getMaxConnections());
        pool.setMinIdle(0);
        pool.setMaxWait(Duration.ofMillis(settings.getMaxWait().toMilliseconds()));
        pool.setBlockWhenExhausted(true);
        pool.setJmxEnabled(false);

        JedisClientConfig config = clientConfig.build();
        this.server = JedisURIHelper.getHostAndPort(uri);
        StandaloneClientBuilder<RedisClient> builder =
                RedisClient.builder().hostAndPort(server).clientConfig(config).poolConfig(pool);
        if (tracing.enabled()) {
            // The same pool the builder would make, given to a traced executor (Jedis's seam for it).
            PooledConnectionProvider connections = new PooledConnectionProvider(server, config, pool);
            builder.connectionProvider(connections)
                    .commandExecutor(
                            new TracedRedisCommands(new DefaultCommandExecutor(connections), tracing.tracer(), server));
        }
        this.client = builder.build();
    }

    public UnifiedJedis client() {
        return client;
    }

    HostAndPort server() {
        return server;
    }

    /** For a connection of its own speaking RESP3 (Redis's invalidation pushes), reads timing out after {@code readTimeout}. */
    JedisClientConfig trackingConfig(Duration readTimeout) {
        return clientConfig(RedisProtocol.RESP3, (int) readTimeout.toMillis())
                .clientName("slipway-near-cache")
                .build();
    }

    /** The URI's database, TLS and credentials, with the given protocol and socket timeout. */
    private DefaultJedisClientConfig.Builder clientConfig(RedisProtocol protocol, int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(connectTimeoutMillis)
                .socketTimeoutMillis(socketTimeoutMillis)
                .database(JedisURIHelper.getDBIndex(uri))
                .protocol(protocol);
        if (JedisURIHelper.isRedisSSLScheme(uri)) {
            // The JDK's trust store, and the certificate must name the host (full verification).
            config.sslOptions(SslOptions.builder().build());
        }
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null) {
            config.user(user);
        }
        if (password != null) {
            config.password(password);
        }
        return config;
    }

    @Override
    public void stop() {
        client.close();
    }
}
