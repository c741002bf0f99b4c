package io.slipway.server.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that boots a real PostgreSQL or Redis (the tier {@code -DexcludedGroups=real-parts}
 * leaves out; the packaged jars and the image are the {@code *IT} classes, which {@code test} never runs).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("real-parts")
public @interface RealParts {}
