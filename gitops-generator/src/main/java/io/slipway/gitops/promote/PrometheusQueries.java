package io.slipway.gitops.promote;

import java.net.URI;
import java.util.OptionalDouble;

/**
 * Instant queries, all the gates and the watch ask of Prometheus: {@link PrometheusClient} over
 * its HTTP API, or an in-memory answer in a test.
 */
public interface PrometheusQueries {

    /** Prometheus could not answer: unreachable, refused, an error status, or no number; never a pass. */
    final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Where the queries go, as messages name it. */
    URI base();

    /**
     * The value of a query that yields one number (a one-sample vector or a scalar); empty when
     * it yields no sample or NaN (no data).
     */
    OptionalDouble query(String promql) throws Unavailable;
}
