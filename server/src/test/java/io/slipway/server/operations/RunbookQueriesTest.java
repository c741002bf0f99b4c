package io.slipway.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.server.database.SchemaMigrations;
import io.slipway.server.support.PostgresServer;
import io.slipway.server.support.RealParts;
import io.slipway.server.support.RedisProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * docs/runbooks.md's queries as an operator pastes them: every {@code sql} block against a real
 * PostgreSQL with the server's schema and {@code pg_stat_statements} loaded (as RDS has it), one of
 * them while a lock is held so the blocking query has something to find; every {@code redis} line
 * against a real Redis.
 */
@RealParts
class RunbookQueriesTest {

    static final Path RUNBOOKS = Path.of("..", "docs", "runbooks.md");

    static List<String> blocks(String language) throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```")
                .matcher(Files.readString(RUNBOOKS, StandardCharsets.UTF_8));
        while (block.find()) {
            blocks.add(block.group(1).trim());
        }
        return blocks;
    }

    @Test
    void everySqlBlockRunsAndTheBlockingQueryFindsTheBlocker() throws Exception {
        List<String> queries = blocks("sql");
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
        try (PostgresServer postgres = PostgresServer.start(Map.of("shared_preload_libraries", "pg_stat_statements"))) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(postgres.jdbcUrl());
            dataSource.setUser("postgres");
            dataSource.setPassword("postgres");
            SchemaMigrations.apply(dataSource);
            UUID id = UUID.randomUUID();
            try (Connection operator = dataSource.getConnection();
                    Connection holder = dataSource.getConnection();
                    Connection waiter = dataSource.getConnection();
                    Statement sql = operator.createStatement()) {
                sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                sql.execute("INSERT INTO users (id, email, name, password_hash, role, version, created_at, updated_at)"
                        + " VALUES ('" + id + "', 'locked@example.com', 'L', 'h', 'USER', 1, now(), now())");
                holder.setAutoCommit(false);
                holder.createStatement().execute("UPDATE users SET name = 'holder' WHERE id = '" + id + "'");
                CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                    try (Statement update = waiter.createStatement()) {
                        update.execute("UPDATE users SET name = 'waiter' WHERE id = '" + id + "'");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> rows(sql, "SELECT 1 FROM pg_locks WHERE NOT granted")
                                        .size()
                                == 1);
                for (String query : queries) {
                    List<String> rows = rows(sql, query);
                    System.out.println("runbook query → " + rows.size() + " rows: "
                            + query.lines().findFirst().orElse(""));
                    if (query.contains("pg_blocking_pids")) {
                        assertThat(rows).singleElement().asString().contains("UPDATE users SET name = 'waiter'");
                    }
                    if (query.contains("GROUP BY application_name")) {
                        assertThat(rows).isNotEmpty();
                    }
                }
                holder.rollback();
                blocked.get();
            }
        }
    }

    @Test
    @SuppressWarnings("deprecation") // the runbook's lines are raw commands, sent as redis-cli sends them
    void everyRedisLineIsACommandRedisAnswers() throws Exception {
        List<String> lines = blocks("redis").stream().flatMap(String::lines).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        RedisProcess redis = RedisProcess.start();
        try (UnifiedJedis jedis = RedisClient.create(URI.create(redis.url()))) {
            jedis.set("slipway:user:v2:" + UUID.randomUUID(), "{}");
            for (String line : lines) {
                String[] words = line.trim().split("\\s+", -1);
                Object reply = jedis.sendCommand(
                        Protocol.Command.valueOf(words[0].toUpperCase(Locale.ROOT)),
                        Arrays.copyOfRange(words, 1, words.length));
                String text = reply instanceof byte[] bytes
                        ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(reply);
                System.out.println("runbook command → " + line);
                if (line.equals("INFO memory")) {
                    assertThat(text).contains("used_memory:", "maxmemory:");
                }
            }
        } finally {
            redis.stop();
        }
    }

    static List<String> rows(Statement sql, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append(" | ");
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
