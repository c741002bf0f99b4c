package io.slipway.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The pieces that start a release watch at every production sync fit together: the ApplicationSet
 * subscribes production (and only production) to the trigger, the trigger sends the template, the
 * template posts to the service, the service's secret is what the ExternalSecret brings from KMS,
 * and the pipeline it starts runs the watch with the synced revision. Each object's own schema is
 * checked by {@code validate argocd/} (DeliveryPathIT).
 */
class ArgoCdNotificationsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ARGOCD = Path.of("..", "argocd");
    static final String TRIGGER = "on-deployed-slipway-watch";
    static final String SERVICE = "slipway-watch";

    @Test
    void everyProductionSyncStartsItsWatchWithTheSyncedRevision() throws Exception {
        JsonNode data =
                YAML.readTree(ARGOCD.resolve("notifications.yaml").toFile()).path("data");

        JsonNode trigger =
                YAML.readTree(data.path("trigger." + TRIGGER).asText()).get(0);
        assertThat(trigger.path("send").get(0).asText()).isEqualTo(SERVICE);
        assertThat(trigger.path("oncePer").asText()).isEqualTo("app.status.operationState?.syncResult?.revision");
        assertThat(trigger.path("when").asText())
                .contains("phase in ['Succeeded']", "app.status.health.status == 'Healthy'");

        JsonNode webhook =
                YAML.readTree(data.path("template." + SERVICE).asText()).at("/webhook/" + SERVICE);
        assertThat(webhook.path("method").asText()).isEqualTo("POST");
        assertThat(webhook.path("body").asText())
                .isEqualTo("ref=main&variables[SLIPWAY_WATCH]={{index .app.metadata.labels \"slipway.io/environment\"}}"
                        + "&variables[SLIPWAY_WATCH_REVISION]={{.app.status.operationState.syncResult.revision}}");

        JsonNode service = YAML.readTree(data.path("service.webhook." + SERVICE).asText());
        assertThat(service.path("url").asText())
                .startsWith("https://")
                .contains("/api/v4/projects/")
                .endsWith("/trigger/pipeline?token=$gitlab-watch-trigger-token");

        JsonNode secret =
                YAML.readTree(ARGOCD.resolve("notifications-secret.yaml").toFile());
        assertThat(secret.at("/metadata/name").asText()).isEqualTo("argocd-notifications-secret");
        assertThat(secret.at("/spec/data/0/name").asText()).isEqualTo("gitlab-watch-trigger-token");
        JsonNode store =
                YAML.readTree(ARGOCD.resolve("notifications-secretstore.yaml").toFile());
        assertThat(secret.at("/spec/data/0/secretStoreRef/name").asText())
                .isEqualTo(store.at("/metadata/name").asText());

        // The label the template reads is the one the ApplicationSet sets, and only production subscribes.
        JsonNode applicationSet =
                YAML.readTree(ARGOCD.resolve("applicationset.yaml").toFile());
        assertThat(applicationSet.at("/spec/template/metadata/labels").has("slipway.io/environment"))
                .isTrue();
        String patch = applicationSet.at("/spec/templatePatch").asText();
        String subscription = "notifications.argoproj.io/subscribe." + TRIGGER + "." + SERVICE + ": \"\"";
        assertThat(patch.substring(patch.indexOf("{{- else }}"))).contains(subscription);
        assertThat(patch.substring(0, patch.indexOf("{{- else }}"))).doesNotContain("notifications.argoproj.io");

        // The pipeline the trigger starts watches the environment at that revision.
        String pipeline = Files.readString(Path.of("..", ".gitlab-ci.yml"));
        String watch = pipeline.substring(pipeline.indexOf("\nwatch-production:"));
        assertThat(watch)
                .contains("$CI_PIPELINE_SOURCE == \"trigger\"")
                .contains("--revision \"$SLIPWAY_WATCH_REVISION\"");
    }
}
