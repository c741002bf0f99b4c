package io.slipway.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.slipway.server.SlipwayApplication;
import io.slipway.server.SlipwayConfiguration;
import io.slipway.server.support.Api;
import io.slipway.server.support.ApiContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The published document, docs/api/openapi.json, is exactly what the server serves at
 * /openapi.json: generated from the code, committed so that a change to the contract shows in
 * review. After a deliberate change:
 * {@code ./mvnw -pl server test -Dtest=OpenApiContractTest -Dgolden.update=true} and review the diff.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiContractTest {

    static final DropwizardAppExtension<SlipwayConfiguration> APP = new DropwizardAppExtension<>(
            SlipwayApplication.class,
            null,
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            // Its own in-memory database: other tests' embedded servers run in this JVM too.
            ConfigOverride.config(
                    "database.url",
                    "jdbc:h2:mem:contract;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePublishedDocumentIsTheServedOne() throws IOException {
        Api.Reply served = new Api(APP.getLocalPort()).get("/openapi.json");
        assertThat(served.status()).isEqualTo(200);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(ApiContract.DOCUMENT, served.text() + "\n", StandardCharsets.UTF_8);
        }
        assertThat(JSON.readTree(Files.readString(ApiContract.DOCUMENT)))
                .as("docs/api/openapi.json is stale: regenerate it with -Dgolden.update=true and review the diff")
                .isEqualTo(served.json());
        assertThat(new Api(APP.getLocalPort()).get("/openapi.yaml").text()).startsWith("openapi: 3.0.1");
    }

    @Test
    void everyOperationIsNamedAndAnswersWhatItCanAnswer() throws IOException {
        JsonNode document = JSON.readTree(Files.readString(ApiContract.DOCUMENT));
        List<String> operationIds = new ArrayList<>();
        document.get("paths")
                .forEach(path -> path.forEach(operation -> {
                    operationIds.add(operation.get("operationId").asText());
                    JsonNode responses = operation.get("responses");
                    assertThat(responses.has("default")).isFalse();
                    assertThat(responses.fieldNames())
                            .toIterable()
                            .contains("429", "500", "503")
                            .anyMatch(status -> status.startsWith("2"));
                    assertThat(operation.get("security")).isNotEmpty();
                }));
        assertThat(operationIds)
                .containsExactlyInAnyOrder(
                        "registerUser",
                        "issueToken",
                        "getCurrentUser",
                        "getUser",
                        "listUsers",
                        "updateUser",
                        "deleteUser");
        JsonNode register = document.at("/paths/~1api~1v1~1users/post/responses/201");
        assertThat(register.at("/headers/Location/required").asBoolean()).isTrue();
        assertThat(register.at("/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/User");
        assertThat(document.at("/paths/~1api~1v1~1users~1{id}/delete/responses/204")
                        .has("content"))
                .isFalse();
        List<String> tokenFields = new ArrayList<>();
        document.at("/components/schemas/TokenResponse/required").forEach(field -> tokenFields.add(field.asText()));
        assertThat(tokenFields).containsExactlyInAnyOrder("access_token", "token_type", "expires_in");
    }
}
