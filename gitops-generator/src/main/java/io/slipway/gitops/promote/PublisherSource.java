package io.slipway.gitops.promote;

import io.slipway.gitops.failure.SlipwayFailure;
import io.slipway.gitops.publish.Publisher;

/** The publisher a workflow delivers with, made only when it delivers: it may need a signing key. */
@FunctionalInterface
public interface PublisherSource {
    Publisher open() throws SlipwayFailure;
}
