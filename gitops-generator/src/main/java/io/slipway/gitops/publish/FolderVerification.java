package io.slipway.gitops.publish;

import io.slipway.gitops.TerminalText;
import io.slipway.gitops.signing.SigningException;
import io.slipway.gitops.signing.TrustedSigners;
import io.slipway.gitops.values.ValuesException;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code verify}, {@code status} and {@code promote} check of a generated folder: its files
 * are exactly what its {@code .slipway.json} records ({@link FolderIntegrity}), and, where its
 * environment's values set {@code publish.signing}, the last commit that changed it is signed by
 * a trusted key ({@link TrustedSigners}). The requirement and the trusted keys come from the
 * source repository's environments folder, never from the config repository, which is what is
 * being checked.
 */
public final class FolderVerification {

    private final Path environments;
    private final ValuesLoader values;
    /** The environments the values define (base.yaml is not one): the only folders Slipway publishes. */
    private final Set<String> defined;

    private final TrustedSigners trusted;
    private final Map<String, Boolean> signingRequired = new HashMap<>();

    private FolderVerification(Path environments, TrustedSigners trusted) {
        this.environments = environments;
        this.values = new ValuesLoader(environments);
        this.defined = Set.copyOf(values.environments());
        this.trusted = trusted;
    }

    /**
     * The verification the values in {@code environments} ask for.
     *
     * @param environments the folder of values files, holding {@code trusted-signers/}
     */
    public static FolderVerification load(Path environments) throws SigningException, ValuesException {
        if (!Files.isDirectory(environments)) {
            throw new ValuesException(
                    "--environments " + environments + ": no such folder; run from the source "
                            + "repository or pass --environments, which says where signing is required and whose keys are trusted");
        }
        return new FolderVerification(environments, TrustedSigners.load(environments));
    }

    /**
     * What lies under {@code apps/} at {@code tip} outside the published {@code folders}, that Slipway
     * does not write: a folder without provenance, a file where a folder belongs, an odd name.
     */
    public List<String> outside(ConfigSnapshot tip, List<String> folders) {
        return FolderEntries.foreign(tip.repository(), tip.commit(), "apps").stream()
                .filter(problem -> folders.stream().noneMatch(folder -> problem.startsWith(folder + "/")))
                .toList();
    }

    /** Whether an environment requires signed commits; false for an environment these values do not know. */
    public boolean signingRequired(String environment) throws ValuesException {
        Boolean known = signingRequired.get(environment);
        if (known == null) {
            known = defined.contains(environment)
                    && values.load(environment).publish().signing();
            signingRequired.put(environment, known);
        }
        return known;
    }

    /**
     * One line per problem with {@code folder} ({@code apps/<app>/<env>}) at {@code tip}, whose
     * files the caller has read ({@link ConfigSnapshot#readFolder}); empty when it verifies. The
     * branch must have been fetched with its history.
     */
    public List<String> check(ConfigSnapshot tip, String folder, Map<String, byte[]> files) throws ValuesException {
        List<String> problems = new ArrayList<>(FolderEntries.foreign(tip.repository(), tip.commit(), folder));
        problems.addAll(FolderIntegrity.check(folder, files));
        String environment = folder.substring(folder.lastIndexOf('/') + 1);
        if (!defined.contains(environment)) {
            problems.add(TerminalText.visible(folder) + ": no environment " + TerminalText.visible(environment) + " in "
                    + environments + "; not a folder Slipway publishes");
        }
        if (signingRequired(environment)) {
            List<ConfigSnapshot> last = tip.history(folder, 1);
            Optional<String> problem = last.isEmpty()
                    ? Optional.of("no commit found")
                    : trusted.problem(tip.repository(), last.get(0).commit());
            problem.ifPresent(reason -> problems.add(folder + ": last change "
                    + (last.isEmpty() ? "" : last.get(0).shortId() + " ") + reason
                    + "; publish.signing is on for " + environment));
        }
        return problems;
    }
}
