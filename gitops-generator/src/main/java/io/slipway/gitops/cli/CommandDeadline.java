package io.slipway.gitops.cli;

import io.slipway.gitops.Secrets;
import io.slipway.gitops.failure.ExitCode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The longest one command may take, {@value #VARIABLE} (default {@link #DEFAULT}): a CI job ends
 * even when a git server or Prometheus drips a byte at a time, which no per-read timeout catches.
 * The command runs on a thread of its own; when the deadline passes it is interrupted (a
 * publisher pushes nothing once interrupted), the command ends with exit 7, and {@code main}
 * exits the process, so nothing is sent afterwards.
 */
final class CommandDeadline {

    static final String VARIABLE = "SLIPWAY_TIMEOUT";
    static final Duration DEFAULT = Duration.ofMinutes(10);
    static final Duration WATCH_DEFAULT = Duration.ofHours(1);

    private final Duration limit;

    private CommandDeadline(Duration limit) {
        this.limit = limit;
    }

    /**
     * The deadline an environment sets; when it sets none, or one that is not a duration, the default
     * for the command: {@code watch} waits out a rollout and a soak window, each bounded by the
     * values, so its default is {@link #WATCH_DEFAULT}.
     */
    static CommandDeadline from(Map<String, String> environment, String command) {
        return new CommandDeadline(DurationValue.parse(environment.getOrDefault(VARIABLE, ""))
                .orElse(command.equals("watch") ? WATCH_DEFAULT : DEFAULT));
    }

    /**
     * Runs the command; past the deadline, one line on {@code err} naming the servers the command
     * line talks to ({@code --repo}, {@code --prometheus-url}) and exit 7.
     */
    int run(Callable<Integer> command, String[] args, PrintWriter err) {
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "slipway-gitops-command");
            thread.setDaemon(true);
            return thread;
        });
        Future<Integer> result = worker.submit(command);
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            err.println("gave up after " + text(limit) + " (" + VARIABLE + "): " + servers(args)
                    + " kept the command waiting; run status to see what the config repository holds");
            return ExitCode.REMOTE_UNAVAILABLE.code();
        } catch (ExecutionException e) {
            throw new IllegalStateException("picocli reports a command's failures itself", e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            return ExitCode.INTERNAL.code();
        } finally {
            worker.shutdown();
        }
    }

    private static String servers(String[] args) {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--repo") || args[i].equals("--prometheus-url")) {
                servers.add(Secrets.withoutUserInfo(args[i + 1]));
            }
        }
        return servers.isEmpty() ? "the config repository or Prometheus" : String.join(" or ", servers);
    }

    private static String text(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
