package io.slipway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import jakarta.validation.Validator;
import java.io.IOException;

/**
 * Reads the configuration file when one is given; with none, reads {@value #EMBEDDED} from the
 * classpath, so {@code java -jar server.jar server} runs with zero setup. Either way
 * {@code ${VAR:-default}} expressions are replaced from the environment, and expressions with no
 * default whose variables are unset fail startup, naming all of them ({@link MissingVariables}).
 */
final class EmbeddedDefaultConfigurationFactory<T> extends YamlConfigurationFactory<T> {

    static final String EMBEDDED = "embedded.yml";

    EmbeddedDefaultConfigurationFactory(Class<T> klass, Validator validator, ObjectMapper mapper, String prefix) {
        super(klass, validator, mapper, prefix);
    }

    static SubstitutingSourceProvider withEnvironment(ConfigurationSourceProvider source) {
        ConfigurationSourceProvider complete = path -> MissingVariables.check(path, source.open(path), System.getenv());
        return new SubstitutingSourceProvider(complete, new EnvironmentVariableSubstitutor(true));
    }

    @Override
    public T build() throws IOException, ConfigurationException {
        return build(withEnvironment(new ResourceConfigurationSourceProvider()), EMBEDDED);
    }
}
