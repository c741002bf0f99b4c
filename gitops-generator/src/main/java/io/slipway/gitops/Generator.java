package io.slipway.gitops;

import io.slipway.gitops.failure.ExitCode;
import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.render.ImageReference;
import io.slipway.gitops.render.ManifestRenderer;
import io.slipway.gitops.render.RenderException;
import io.slipway.gitops.render.RenderedEnvironment;
import io.slipway.gitops.validate.ManifestSet;
import io.slipway.gitops.validate.ManifestValidator;
import io.slipway.gitops.validate.Problem;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesException;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's core, for the CLI and for scripts: load an environment's values, render its
 * manifests and validate them, all in memory. Nothing is written unless every step passed.
 */
public final class Generator {

    private final ValuesLoader values;
    private final ManifestRenderer renderer = new ManifestRenderer();
    private final ManifestValidator validator = new ManifestValidator();

    /** @param environments the folder holding {@code base.yaml} and {@code <env>.yaml} */
    public Generator(Path environments) {
        this.values = new ValuesLoader(environments);
    }

    /** A rendered environment that passed validation, with the values, image and source commit it came from. */
    public record Release(
            EnvironmentValues values, ImageReference image, String sourceCommit, RenderedEnvironment manifests) {}

    /** Validation found problems; nothing was written. */
    public static final class InvalidManifests extends SlipwayFailure {
        private static final long serialVersionUID = 1L;
        private final List<Problem> problems;

        public InvalidManifests(List<Problem> problems) {
            super(problems.size() + " problem(s) in the rendered manifests", null);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.INVALID_MANIFESTS;
        }

        @Override
        public List<String> lines(boolean pushing) {
            List<String> lines =
                    new ArrayList<>(problems.stream().map(Problem::toString).toList());
            lines.add(getMessage() + "; nothing was written");
            return lines;
        }
    }

    /**
     * Renders and validates one environment.
     *
     * @throws ValuesException   when the values or the image are unusable for this environment
     * @throws RenderException   when a template cannot be rendered
     * @throws InvalidManifests  when the rendered manifests break a rule
     */
    public Release render(String environment, String image, String sourceCommit)
            throws ValuesException, RenderException, InvalidManifests {
        EnvironmentValues env = values.load(environment);
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new ValuesException(e.getMessage());
        }
        String repository = env.imageRepository();
        if (!reference.repository().equals(repository)) {
            throw new ValuesException("--image " + image + ": repository differs from image.repository " + repository
                    + " in the " + environment + " values");
        }
        if (env.isProduction() && reference.digest().isEmpty()) {
            throw new ValuesException(
                    "--image " + image + ": production deploys only images pinned by digest (repo@sha256:...)");
        }
        RenderedEnvironment manifests = renderer.render(env, reference, sourceCommit);
        List<Problem> problems = validator.validate(ManifestSet.parse(manifests.files()), env.isProduction());
        if (!problems.isEmpty()) {
            throw new InvalidManifests(problems);
        }
        return new Release(env, reference, sourceCommit, manifests);
    }

    /** Validates manifests that are already on disk or in memory. */
    public static List<Problem> validate(ManifestSet manifests, boolean production) {
        return new ManifestValidator().validate(manifests, production);
    }
}
