package io.slipway.server.observability;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * What this process runs, as the deployment states it: the rendered Deployment passes the full
 * image reference (with its digest) and the source commit. The server never works them out for
 * itself; they are exported as {@code slipway_build_info} so that a promotion can check what
 * every pod runs.
 */
public class ReleaseSettings {

    static final String UNKNOWN = "unknown";

    /** The image reference the pod was started from, e.g. {@code registry/slipway/server@sha256:…}. */
    @NotBlank
    @Pattern(regexp = "^[^\\s\"\\\\]+$", message = "must be an image reference without spaces or quotes")
    @JsonProperty
    private String image = UNKNOWN;

    /** The commit the image was built from. */
    @NotBlank
    @Pattern(regexp = "^[^\\s\"\\\\]+$", message = "must be a commit id without spaces or quotes")
    @JsonProperty
    private String revision = UNKNOWN;

    public String getImage() {
        return image;
    }

    public String getRevision() {
        return revision;
    }
}
