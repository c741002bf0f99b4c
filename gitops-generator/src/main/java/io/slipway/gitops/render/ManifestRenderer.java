package io.slipway.gitops.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.slipway.gitops.values.EnvironmentValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an environment's manifests from the Mustache templates on the classpath
 * ({@code templates/*.yaml.mustache}). Values reach templates already encoded for YAML (see
 * {@link YamlScalar}); a name a template uses but the values lack fails the render. Output is
 * deterministic: the same values, image and commit give byte-identical files.
 */
public final class ManifestRenderer {

    public static final String KUSTOMIZATION = "kustomization.yaml";

    /** A template and whether it applies to an environment. */
    private record Part(String file, Predicate<RenderScope> applies) {}

    private static final String CONFIG_MAP = "configmap.yaml";
    /** How mustache.java reports a failed lookup (our handler makes every missing name fail). */
    private static final Pattern MISSING = Pattern.compile("Failed to get value for (\\S+) @\\[[^\\]]*:(\\d+)]");

    private static final List<Part> PARTS = List.of(
            new Part("namespace.yaml", s -> true),
            new Part("resourcequota.yaml", s -> true),
            new Part("limitrange.yaml", s -> true),
            new Part("serviceaccount.yaml", s -> true),
            new Part(CONFIG_MAP, s -> true),
            new Part("secretstore.yaml", RenderScope::usesAckSecretManager),
            new Part("externalsecret.yaml", s -> true),
            new Part("deployment.yaml", s -> true),
            new Part("service.yaml", s -> true),
            new Part("ingress.yaml", s -> s.environment().ingress().enabled()),
            new Part("hpa.yaml", s -> s.environment().autoscaling().enabled()),
            new Part("pdb.yaml", s -> true),
            new Part("networkpolicy.yaml", s -> true),
            new Part("servicemonitor.yaml", s -> s.environment().parts().serviceMonitor()),
            new Part("prometheusrule.yaml", s -> s.environment().parts().prometheusRule()),
            new Part("alertmanagerconfig.yaml", s -> s.environment().parts().alerting()),
            new Part("alerting-secret.yaml", s -> s.environment().parts().alerting()),
            new Part("grafana-dashboard.yaml", s -> s.environment().parts().dashboard()),
            new Part("log-collection.yaml", s -> s.environment().parts().logCollection()),
            new Part("migration-job.yaml", s -> s.environment().parts().migrations()));

    /** Shared by every renderer: the factory is thread-safe and caches each compiled template. */
    private static final DefaultMustacheFactory MUSTACHE = new DefaultMustacheFactory("templates") {
        @Override
        public void encode(String value, Writer writer) {
            try {
                // Values arrive as YamlScalar text, numbers or booleans: nothing more to escape.
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException(e);
            }
        }
    };

    static {
        MUSTACHE.setObjectHandler(new StrictObjectHandler());
    }

    /**
     * Renders every part that applies to the environment.
     *
     * @throws RenderException when a template references a missing value or fails to render
     */
    public RenderedEnvironment render(EnvironmentValues values, ImageReference image, String sourceCommit)
            throws RenderException {
        RenderScope scope = RenderScope.of(values, image, sourceCommit);
        SortedMap<String, String> files = new TreeMap<>();
        String configMap = execute(CONFIG_MAP, scope.values());
        files.put(CONFIG_MAP, configMap);
        scope.values().put("configChecksum", YamlScalar.quoted(sha256(RenderScope.restartingEntries(configMap))));
        for (Part part : PARTS) {
            if (!part.file().equals(CONFIG_MAP) && part.applies().test(scope)) {
                files.put(part.file(), execute(part.file(), scope.values()));
            }
        }
        files.put(KUSTOMIZATION, kustomization(files.keySet()));
        return new RenderedEnvironment(values.environment(), files);
    }

    private String execute(String file, Map<String, Object> scope) throws RenderException {
        String template = file + ".mustache";
        try {
            Mustache compiled = MUSTACHE.compile(template);
            StringWriter out = new StringWriter();
            compiled.execute(out, scope);
            return out.toString();
        } catch (MustacheException e) {
            Matcher missing = MISSING.matcher(String.valueOf(e.getMessage()));
            if (missing.find()) {
                throw new RenderException(
                        "templates/" + template + " line " + missing.group(2) + ": missing value '" + missing.group(1)
                                + "'",
                        e);
            }
            throw new RenderException("templates/" + template + ": " + e.getMessage(), e);
        }
    }

    private static String kustomization(Iterable<String> resources) {
        StringBuilder yaml =
                new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        for (String resource : resources) {
            yaml.append("  - ").append(resource).append('\n');
        }
        return yaml.toString();
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
