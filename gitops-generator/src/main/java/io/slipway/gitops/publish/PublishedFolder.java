package io.slipway.gitops.publish;

import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.values.ValuesException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An environment's folder as one commit of the config repository holds it: read once, verified
 * once (the digests its {@code .slipway.json} records, the signature its environment requires),
 * and saved only while the branch still holds what was read — the compare-and-swap that keeps a
 * rollback, a config-only release or a watch's verdict from landing over a newer release. What
 * {@code watch}, {@code rollback}, {@code promote} and {@code reconfigure} read a release through.
 */
public final class PublishedFolder {

    private final String folder;
    private final ConfigSnapshot at;
    private final Map<String, byte[]> files;

    private PublishedFolder(String folder, ConfigSnapshot at, Map<String, byte[]> files) {
        this.folder = folder;
        this.at = at;
        this.files = Map.copyOf(files);
    }

    /**
     * The folder as {@code at} holds it, not yet verified; {@link PublishFailure.Kind#FOREIGN} when it
     * holds what Slipway never writes (a link, a submodule, a nested folder).
     */
    public static PublishedFolder read(ConfigSnapshot at, String folder) throws PublishFailure {
        return new PublishedFolder(folder, at, at.readFolder(folder));
    }

    /** Whether the folder has no files at {@link #at()}. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** Whether Slipway published a release here: its {@code .slipway.json} is present. */
    public boolean isPublished() {
        return files.containsKey(Provenance.FILE);
    }

    /**
     * This folder, when it holds exactly what Slipway wrote, signed as its environment requires;
     * otherwise {@code refusal} of the problems found (one line each) is thrown.
     */
    public PublishedFolder verified(
            FolderVerification verification, Function<List<String>, ? extends SlipwayFailure> refusal)
            throws SlipwayFailure {
        List<String> problems = problems(verification);
        if (!problems.isEmpty()) {
            throw refusal.apply(problems);
        }
        return this;
    }

    /** What keeps this folder from being what Slipway published; empty when it is. */
    public List<String> problems(FolderVerification verification) throws ValuesException {
        return verification.check(at, folder, files);
    }

    /** The release's digest; refused with {@code why} of its provenance when the release is not pinned by one. */
    public String pinnedDigest(Function<Provenance, String> why) throws PublishFailure {
        Provenance provenance = provenance();
        if (provenance.digest().isEmpty()) {
            throw new PublishFailure(PublishFailure.Kind.INVALID, why.apply(provenance));
        }
        return provenance.digest();
    }

    /** Whether {@code tip} still holds this folder byte for byte: nothing was published over it since. */
    public boolean heldBy(ConfigSnapshot tip) {
        return tip.holds(folder, files);
    }

    /** The commit that last changed the folder, as of {@link #at()}. */
    public ConfigSnapshot lastChange() {
        return at.history(folder, 1).get(0);
    }

    /**
     * Delivers {@code delivery} in this folder's place: it lands only while the branch still holds
     * what was read here (else {@link PublishFailure.Kind#SUPERSEDED}, nothing pushed).
     */
    public Publisher.Outcome save(Delivery delivery, Publisher publisher) throws PublishFailure {
        return publisher.deliver(delivery.replacingOnly(files));
    }

    public String folder() {
        return folder;
    }

    /** The commit the folder was read at. */
    public ConfigSnapshot at() {
        return at;
    }

    public Map<String, byte[]> files() {
        return files;
    }

    /** What the folder's {@code .slipway.json} records; only for a folder that {@link #isPublished()}. */
    public Provenance provenance() {
        return Provenance.fromJson(files.get(Provenance.FILE));
    }
}
