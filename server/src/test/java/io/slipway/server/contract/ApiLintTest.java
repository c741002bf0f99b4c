package io.slipway.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.server.support.Api;
import io.slipway.server.support.ApiContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The document as client teams check it: Spectral with its OpenAPI rules and the OWASP API Security
 * ruleset finds no error, and every warning left is one docs/api.md justifies (rule and place). The
 * answers checker itself refuses what the document does not allow.
 */
class ApiLintTest {

    private static final Path SPECTRAL = Path.of("src/test/spectral/node_modules/.bin/spectral");
    private static final Path RULESET = Path.of("src/test/spectral/.spectral.yaml");
    private static final Path API_PAGE = Path.of("..", "docs", "api.md");

    @Test
    void spectralFindsNoErrorAndOnlyTheJustifiedWarnings() throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                Files.isExecutable(SPECTRAL),
                "Spectral is not installed: npm ci --prefix server/src/test/spectral (.ci/run does)");
        Process lint = new ProcessBuilder(
                        SPECTRAL.toString(),
                        "lint",
                        ApiContract.DOCUMENT.toString(),
                        "--ruleset",
                        RULESET.toString(),
                        "--format",
                        "json",
                        "--quiet")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
        JsonNode findings = new ObjectMapper().readTree(output.isBlank() ? "[]" : output);
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        findings.forEach(finding -> {
            List<String> path = new ArrayList<>();
            finding.get("path").forEach(segment -> path.add(segment.asText()));
            String where = finding.get("code").asText() + " at " + String.join(".", path);
            (finding.get("severity").asInt() == 0 ? errors : warnings).add(where);
        });
        assertThat(errors).as("Spectral errors").isEmpty();
        String page = Files.readString(API_PAGE);
        assertThat(warnings)
                .as("each warning Spectral still gives must be justified in docs/api.md (its rule and path)")
                .allSatisfy(warning -> assertThat(page).contains("`" + warning.replace(" at ", "` at `") + "`"));
    }

    @Test
    void theAnswersCheckerRefusesWhatTheDocumentDoesNotAllow() {
        Map<String, List<String>> headers = Map.of(
                "Content-Type", List.of("application/json"),
                "RateLimit", List.of("\"user\";r=1;t=1"),
                "RateLimit-Policy", List.of("\"user\";q=2;w=60"),
                "X-Request-ID", List.of("0123456789abcdef"),
                "ETag", List.of("\"1\""));
        Api.Reply missingFields = new Api.Reply(200, headers, "{\"email\": \"a@example.com\"}");
        assertThatThrownBy(() -> ApiContract.check("GET", "/api/v1/users/me", missingFields))
                .hasMessageContaining("breaks docs/api/openapi.json");
        Api.Reply undocumentedStatus = new Api.Reply(418, headers, "{}");
        assertThatThrownBy(() -> ApiContract.check(
                        "DELETE", "/api/v1/users/0b3c2f0e-1b7a-4c1e-9d59-3f1f0c1e2a10", undocumentedStatus))
                .hasMessageContaining("418");
    }
}
