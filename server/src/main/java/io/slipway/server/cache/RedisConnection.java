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
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.builders.StandaloneClientBuilder;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/** The pooled Redis client, with bounded connect/read timeouts and pool wait; closed on shutdown. */
public final class RedisConnection implements Managed {

    private final RedisClient client;
    private final HostAndPort server;
    private final DefaultJedisClientConfig.Builder clientConfig;

    public RedisConnection(URI uri, RedisSettings settings, Tracing tracing) {
        int timeoutMillis = (int) settings.getTimeout().toMilliseconds();
        DefaultJedisClientConfig.Builder clientConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .protocol(RedisProtocol.RESP2)
                .clientName("slipway");
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null) {
            clientConfig.user(user);
        }
        if (password != null) {
            clientConfig.password(password);
        }

        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.getMaxConnections());
        pool.setMaxIdle(settings.getMaxConnections());
        pool.setMinIdle(0);
        pool.setMaxWait(Duration.ofMillis(settings.getMaxWait().toMilliseconds()));
        pool.setBlockWhenExhausted(true);
        pool.setJmxEnabled(false);

        JedisClientConfig config = clientConfig.build();
        this.clientConfig = clientConfig;
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
        return clientConfig
                .protocol(RedisProtocol.RESP3)
                .socketTimeoutMillis((int) readTimeout.toMillis())
                .clientName("slipway-near-cache")
                .build();
    }

    @Override
    public void stop() {
        client.close();
    }
}
