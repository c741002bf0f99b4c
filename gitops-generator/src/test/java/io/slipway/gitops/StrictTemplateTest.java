package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.gitops.render.ImageReference;
import io.slipway.gitops.render.ManifestRenderer;
import io.slipway.gitops.render.RenderException;
import io.slipway.gitops.values.EnvironmentValues;
import io.slipway.gitops.values.ValuesLoader;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value a template uses but the values lack is an error, never an empty string. */
class StrictTemplateTest {

    @Test
    void aMissingValueFailsTheRenderNamingTemplateAndKey() throws Exception {
        EnvironmentValues dev = new ValuesLoader(Fixtures.ENVIRONMENTS).load("dev");
        Map<String, Object> tree = new HashMap<>(dev.tree());
        @SuppressWarnings("unchecked") // the values tree is JSON: objects are String-keyed maps
        Map<String, Object> app = new HashMap<>((Map<String, Object>) tree.get("app"));
        app.remove("adminPort");
        tree.put("app", app);
        EnvironmentValues incomplete = new EnvironmentValues("dev", tree, dev.sha256());

        assertThatThrownBy(() -> new ManifestRenderer()
                        .render(incomplete, ImageReference.parse(Fixtures.IMAGE), Fixtures.COMMIT))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("templates/")
                .hasMessageContaining("missing value 'app.adminPort'");
    }

    @Test
    void imageReferencesAreParsedStrictly() {
        ImageReference digest = ImageReference.parse(Fixtures.IMAGE);
        assertThat(digest.version()).isEqualTo("sha256-0123456789ab");
        assertThat(digest.pullReference()).isEqualTo(Fixtures.IMAGE);
        ImageReference both =
                ImageReference.parse("registry.cn-hangzhou.aliyuncs.com/slipway/server:1.4.0@" + Fixtures.DIGEST);
        assertThat(both.version()).isEqualTo("1.4.0");
        assertThat(both.pullReference()).endsWith("@" + Fixtures.DIGEST);
        assertThatThrownBy(() -> ImageReference.parse("Registry/Upper:1"))
                .hasMessageContaining("not an image reference");
        assertThatThrownBy(() -> ImageReference.parse("r.example.com/a/b@sha256:short"))
                .hasMessageContaining("not an image reference");
    }
}
