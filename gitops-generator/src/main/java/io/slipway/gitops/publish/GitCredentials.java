package io.slipway.gitops.publish;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How to authenticate to the config repository, from the environment only (never arguments, never
 * logs): HTTPS with {@code SLIPWAY_GIT_TOKEN} (a project access token; user {@code SLIPWAY_GIT_USERNAME},
 * default {@code oauth2}) or GitLab's {@code CI_JOB_TOKEN} (user {@code gitlab-ci-token}); SSH with the
 * keys and known_hosts in {@code SLIPWAY_SSH_DIR} (default {@code ~/.ssh}) through Apache MINA sshd.
 */
public final class GitCredentials {

    private final Optional<CredentialsProvider> https;
    private final SshdSessionFactory ssh;
    private final int timeoutSeconds;

    private GitCredentials(Optional<CredentialsProvider> https, SshdSessionFactory ssh, int timeoutSeconds) {
        this.https = https;
        this.ssh = ssh;
        this.timeoutSeconds = timeoutSeconds;
    }

    public static GitCredentials fromEnvironment(Map<String, String> env) {
        Optional<CredentialsProvider> https = Optional.empty();
        String token = env.getOrDefault("SLIPWAY_GIT_TOKEN", "");
        if (!token.isEmpty()) {
            https = Optional.of(
                    new UsernamePasswordCredentialsProvider(env.getOrDefault("SLIPWAY_GIT_USERNAME", "oauth2"), token));
        } else if (!env.getOrDefault("CI_JOB_TOKEN", "").isEmpty()) {
            https = Optional.of(new UsernamePasswordCredentialsProvider("gitlab-ci-token", env.get("CI_JOB_TOKEN")));
        }
        Path sshDir = Path.of(env.getOrDefault("SLIPWAY_SSH_DIR", System.getProperty("user.home") + "/.ssh"));
        SshdSessionFactory ssh = new SshdSessionFactoryBuilder()
                .setHomeDirectory(new File(System.getProperty("user.home")))
                .setSshDirectory(sshDir.toFile())
                .build(null);
        int timeout = timeoutSeconds(env.getOrDefault(TIMEOUT_VARIABLE, ""));
        // JGit gives an SSH server Apache MINA sshd's authentication timeout (2 min) to say its first
        // word, whatever the transport's timeout; sshd reads its settings from system properties too,
        // and this one process talks to one config repository, so the process-wide setting is ours.
        System.setProperty(SSHD_AUTH_TIMEOUT, Long.toString(timeout * 1000L));
        return new GitCredentials(https, ssh, timeout);
    }

    /** Seconds {@code text} ({@code 45s}, {@code 2m}) gives, 1 to 3600; the default when it gives none. */
    private static int timeoutSeconds(String text) {
        Matcher value = TIMEOUT.matcher(text.trim());
        if (!value.matches()) {
            return IO_TIMEOUT_SECONDS;
        }
        long seconds = Long.parseLong(value.group(1)) * (value.group(2).equals("m") ? 60 : 1);
        return (int) Math.max(1, Math.min(3600, seconds));
    }

    /**
     * Seconds a connect or a read from the config repository may take before the fetch or push
     * fails (exit 7, naming the host), unless {@value #TIMEOUT_VARIABLE} says otherwise: a server that
     * accepts and then says nothing ends the command instead of hanging a CI job. A server that drips
     * bytes is stopped by the command's overall deadline ({@code SLIPWAY_TIMEOUT}).
     */
    static final int IO_TIMEOUT_SECONDS = 30;

    /** The variable that sets the read timeout: {@code 45s}, {@code 2m}. */
    public static final String TIMEOUT_VARIABLE = "SLIPWAY_GIT_TIMEOUT";

    /** Apache MINA sshd's {@code auth-timeout} (milliseconds), as a system property it reads. */
    private static final String SSHD_AUTH_TIMEOUT = "org.apache.sshd.config.auth-timeout";

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,4})(s|m)");

    /** Applies the credentials and the I/O timeout to a fetch or push. */
    public <C extends TransportCommand<C, ?>> C apply(C command) {
        https.ifPresent(command::setCredentialsProvider);
        command.setTimeout(timeoutSeconds);
        return command.setTransportConfigCallback(this::configure);
    }

    /** What {@link #apply} sets on each transport; for callers that configure the transport further. */
    void configure(Transport transport) {
        if (transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
        }
    }
}
