package io.slipway.gitops.publish;

import org.eclipse.jgit.api.errors.TransportException;

/** Turns JGit's transport errors into one actionable line, without credentials. */
final class Failures {

    private Failures() {
    }

    static PublishFailure transport(String action, TransportException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains("401")
                || lower.contains("403") || lower.contains("auth fail") || lower.contains("credentials")) {
            return new PublishFailure(PublishFailure.Kind.AUTH, action + ": the config repository refused the credentials;"
                    + " check SLIPWAY_GIT_TOKEN (needs write_repository) or the SSH key", e);
        }
        if (lower.contains("push options") || lower.contains("push-options")) {
            return new PublishFailure(PublishFailure.Kind.REMOTE, action + ": the remote does not accept push options,"
                    + " so no merge request can be opened; enable them on the server or set publish.mode: direct", e);
        }
        return new PublishFailure(PublishFailure.Kind.REMOTE, action + ": " + ConfigRepository.safe(message.replaceAll("\\s+", " ")), e);
    }
}
