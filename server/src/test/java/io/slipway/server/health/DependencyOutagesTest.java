package io.slipway.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the outage log says, and when: once at each end, and nothing for a pool that was only starting. */
class DependencyOutagesTest {

    final AtomicBoolean reachable = new AtomicBoolean();
    final HealthCheckRegistry checks = new HealthCheckRegistry();
    final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor();
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(DependencyOutages.class);
    DependencyOutages outages;

    @BeforeEach
    void setUp() {
        checks.register("database", new HealthCheck() {
            @Override
            protected Result check() {
                return reachable.get() ? Result.healthy() : Result.unhealthy("Connection refused");
            }
        });
        log.start();
        logger.addAppender(log);
        outages = new DependencyOutages(checks, probes, System::nanoTime);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(log);
        probes.shutdownNow();
    }

    List<String> lines() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aCheckThatFailedWhileStartingIsNoOutageIfItPassesOnceServing() throws Exception {
        outages.onUnhealthyCheck("database");
        reachable.set(true);
        outages.serving();
        Thread.sleep(300);
        assertThat(lines()).isEmpty();
    }

    @Test
    void aDatabaseNeverReachedIsLoggedOnceServingWithItsReason() {
        outages.onUnhealthyCheck("database");
        assertThat(lines()).isEmpty();
        outages.serving();
        await().atMost(Duration.ofSeconds(5)).until(() -> !lines().isEmpty());
        assertThat(lines()).singleElement().asString().startsWith("database unreachable (Connection refused)");
    }

    @Test
    void requestsMeetingAnOutageMakeOneLineAndItsEndAnother() {
        outages.serving();
        for (int i = 0; i < 100; i++) {
            outages.failed(DependencyOutages.DATABASE, "SocketTimeoutException: Read timed out");
        }
        reachable.set(true);
        // No health check transition needed: the outage probes its check until it passes.
        await().atMost(Duration.ofSeconds(5)).until(() -> lines().size() == 2);
        assertThat(lines().get(0)).startsWith("database unreachable (SocketTimeoutException: Read timed out)");
        assertThat(lines().get(1)).contains("reachable again after", "100 requests answered 503 meanwhile");
    }
}
