package io.slipway.gitops.render;

import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.GuardException;
import java.util.List;

/**
 * Looks values up like mustache.java's default handler, but a name found in no scope is an error
 * instead of an empty string, so a template can never render a half-filled manifest.
 */
final class StrictObjectHandler extends ReflectionObjectHandler {

    @Override
    protected MissingWrapper createMissingWrapper(String name, List<Guard> guards) {
        return new MissingWrapper(name, guards.toArray(new Guard[0])) {
            @Override
            public Object call(List<Object> scopes) throws GuardException {
                guardCall(scopes);
                throw new MustacheException("missing value '" + name + "'");
            }
        };
    }
}
