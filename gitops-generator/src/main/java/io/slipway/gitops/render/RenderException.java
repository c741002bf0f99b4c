package io.slipway.gitops.render;

/** Rendering could not complete; the message is one line naming the template and the reason. */
public final class RenderException extends Exception {

    private static final long serialVersionUID = 1L;

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
