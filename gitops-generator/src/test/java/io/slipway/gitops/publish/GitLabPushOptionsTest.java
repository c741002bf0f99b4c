package io.slipway.gitops.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.gitops.Fixtures;
import io.slipway.gitops.promote.AutomaticRollback;
import io.slipway.gitops.values.ValuesLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What GitLab is told when a merge request is proposed. */
class GitLabPushOptionsTest {

    @Test
    void anAutomaticRollbackIsLabelledSoReviewersSeeItIsOne() throws Exception {
        Delivery rollback = Deliveries.forRollback(
                        new ValuesLoader(Fixtures.ENVIRONMENTS).load("production"),
                        Map.of("deployment.yaml", "kind: Deployment\n".getBytes(StandardCharsets.UTF_8)),
                        "4f2c1e9a7b3d5f60718293a4b5c6d7e8f9012345",
                        new Deliveries.Origin("https://gitlab.example/slipway", "https://gitlab.example/pipelines/9"),
                        "main",
                        true)
                .labelled(AutomaticRollback.LABEL);
        assertThat(new GitLabPushOptions().proposalOptions(rollback, Map.of(), "summary"))
                .contains(
                        "merge_request.label=deploy",
                        "merge_request.label=production",
                        "merge_request.label=rollback",
                        "merge_request.target=main");
    }
}
