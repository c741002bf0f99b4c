package io.slipway.gitops.render;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image as {@code repository[:tag][@sha256:digest]}. A reference must carry a tag or a
 * digest, and never the tag {@code latest}.
 *
 * @param repository registry host and path, e.g. {@code registry.cn-hangzhou.aliyuncs.com/slipway/server}
 * @param tag        the tag, if any
 * @param digest     {@code sha256:<64 hex>}, if any
 */
public record ImageReference(String repository, Optional<String> tag, Optional<String> digest) {

    private static final Pattern FORMAT =
            Pattern.compile("^(?<repo>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+)"
                    + "(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[0-9a-f]{64}))?$");

    /** Parses a reference, refusing untagged, {@code latest} and malformed ones. */
    public static ImageReference parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--image " + text
                    + ": not an image reference (expected registry/namespace/repo:tag or repo@sha256:<64 hex>)");
        }
        Optional<String> tag = Optional.ofNullable(m.group("tag"));
        Optional<String> digest = Optional.ofNullable(m.group("digest"));
        if (tag.isEmpty() && digest.isEmpty()) {
            throw new IllegalArgumentException(
                    "--image " + text + ": untagged image; give a tag or, better, @sha256:<digest>");
        }
        if (tag.filter("latest"::equals).isPresent()) {
            throw new IllegalArgumentException(
                    "--image " + text + ": the tag 'latest' is not allowed; pin a version or digest");
        }
        return new ImageReference(m.group("repo"), tag, digest);
    }

    /** What the Deployment pulls: by digest when known (immutable), else by tag. */
    public String pullReference() {
        return digest.map(d -> repository + "@" + d).orElseGet(() -> repository + ":" + tag.orElseThrow());
    }

    /** A label-safe version: the tag, else the digest's first 12 hex digits. */
    public String version() {
        return tag.orElseGet(() -> "sha256-" + digest.orElseThrow().substring("sha256:".length(), 19));
    }

    @Override
    public String toString() {
        return repository
                + tag.map(t -> ":" + t).orElse("")
                + digest.map(d -> "@" + d).orElse("");
    }
}
