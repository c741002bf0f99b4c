package io.slipway.gitops.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build step's rules, on a CRD with each Kubernetes schema extension. */
class StrictCrdSchemasTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      description: dropped
                      properties:
                        apiVersion: {type: string}
                        kind: {type: string}
                        metadata: {type: object}
                        spec:
                          type: object
                          required: [port]
                          properties:
                            port: {x-kubernetes-int-or-string: true}
                            size: {type: integer, format: int64}
                            note: {type: string, nullable: true}
                            values: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
                            labels: {type: object, additionalProperties: {type: string}}
                - name: v0
                  served: false
                  storage: false
                  schema: {openAPIV3Schema: {type: object}}
            """;

    static JsonSchema schema() throws Exception {
        Map<String, ObjectNode> schemas = StrictCrdSchemas.convert(YAML.readTree(CRD));
        assertThat(schemas).containsOnlyKeys("example.com_v1_widget");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schemas.get("example.com_v1_widget"));
    }

    static String problems(String widget) throws Exception {
        return schema().validate(YAML.readTree(widget)).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList()
                .toString();
    }

    @Test
    void declaredFieldsPassAndEveryOtherIsRefused() throws Exception {
        String widget = """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, labels: {x: y}}
                spec:
                  port: http
                  size: 3
                  note: null
                  values: {a: x, anything: {goes: here}}
                  labels: {tier: web}
                """;
        assertThat(problems(widget)).isEqualTo("[]");
        assertThat(problems(widget.replace("port: http", "port: 8080"))).isEqualTo("[]");
        assertThat(problems(widget.replace("size: 3", "sise: 3"))).contains("property 'sise' is not defined");
        assertThat(problems(widget.replace("port: http", "port: [1]")))
                .contains("$.spec.port: array found, [integer, string] expected");
        assertThat(problems(widget.replace("labels: {tier: web}", "labels: {tier: 1}")))
                .contains("integer found, string expected");
        assertThat(problems(widget.replace("kind: Widget", "kind: Gadget")))
                .contains("$.kind: must be the constant value 'Widget'");
        assertThat(problems(widget.replace("apiVersion: example.com/v1", "apiVersion: example.com/v0")))
                .contains("must be the constant value 'example.com/v1'");
        assertThat(problems(widget + "extra: 1\n")).contains("property 'extra' is not defined");
    }
}
