package io.slipway.gitops.publish;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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

    private GitCredentials(Optional<CredentialsProvider> https, SshdSessionFactory ssh) {
        this.https = https;
        this.ssh = ssh;
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
        return new GitCredentials(https, ssh);
    }

    /**
     * Seconds a connect or a read from the config repository may take before the fetch or push
     * fails (exit 7, naming the host): a server that accepts and then says nothing ends the
     * command instead of hanging a CI job. A server that drips bytes is stopped by the command's
     * overall deadline ({@code SLIPWAY_TIMEOUT}).
     */
    static final int IO_TIMEOUT_SECONDS = 30;

    /** Applies the credentials and the I/O timeout to a fetch or push. */
    public <C extends TransportCommand<C, ?>> C apply(C command) {
        https.ifPresent(command::setCredentialsProvider);
        command.setTimeout(IO_TIMEOUT_SECONDS);
        return command.setTransportConfigCallback(this::configure);
    }

    /** What {@link #apply} sets on each transport; for callers that configure the transport further. */
    void configure(Transport transport) {
        if (transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
        }
    }
}
