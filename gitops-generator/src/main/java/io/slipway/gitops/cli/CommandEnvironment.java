package io.slipway.gitops.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The variables a command line runs with (credentials, signing keys, tokens, CI facts): the
 * process's, or those a test or script passes. Commands and mixins that need them take one in their
 * constructor; {@link #factory} hands it to them as picocli creates them.
 */
record CommandEnvironment(Map<String, String> variables) {

    CommandEnvironment {
        variables = Map.copyOf(variables);
    }

    /** A variable's value; empty when it is unset or empty. */
    Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isEmpty());
    }

    /** Creates commands and mixins, passing this environment to those whose constructor takes it. */
    CommandLine.IFactory factory() {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Constructor<K> withEnvironment;
                try {
                    withEnvironment = type.getDeclaredConstructor(CommandEnvironment.class);
                } catch (NoSuchMethodException e) {
                    return defaults.create(type);
                }
                try {
                    return withEnvironment.newInstance(CommandEnvironment.this);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        };
    }
}
