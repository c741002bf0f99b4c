package io.slipway.gitops.publish;

import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;

/** Turns JGit's transport errors into one actionable line, without credentials. */
final class Failures {

    private Failures() {}

    /**
     * How JGit and Apache MINA sshd say that the server refused who we are: HTTP 401 ({@code not
     * authorized}, {@code authentication not supported}), HTTP 403 ({@code <service> not permitted
     * on '<url>'}), no credentials to answer a challenge, or an SSH key the server did not take.
     */
    private static final List<String> REFUSED_CREDENTIALS = List.of(
            lower(JGitText.get().notAuthorized),
            lower(JGitText.get().authenticationNotSupported),
            " not permitted on ",
            lower(JGitText.get().noCredentialsProvider),
            "no more authentication methods",
            "auth fail");

    static PublishFailure transport(String action, TransportException e) {
        String message = String.valueOf(e.getMessage());
        String lower = lower(message);
        if (REFUSED_CREDENTIALS.stream().anyMatch(lower::contains)) {
            return new PublishFailure(
                    PublishFailure.Kind.AUTH,
                    action + ": the config repository refused the credentials;"
                            + " check SLIPWAY_GIT_TOKEN (needs write_repository) or the SSH key",
                    e);
        }
        if (lower.contains("push options") || lower.contains("push-options")) {
            return new PublishFailure(
                    PublishFailure.Kind.REMOTE,
                    action + ": the remote does not accept push options, so no merge request can be opened; enable"
                            + " them (GitLab does by default; git daemon or http-backend: receive.advertisePushOptions"
                            + " true; a local path: receive.pushOptions true) or set publish.mode: direct",
                    e);
        }
        return new PublishFailure(PublishFailure.Kind.REMOTE, action + ": " + safe(message.replaceAll("\\s+", " ")), e);
    }

    /** A URL, or a message quoting one, with any user info removed. */
    static String safe(String url) {
        return url.replaceFirst("//[^/@]*@", "//");
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
