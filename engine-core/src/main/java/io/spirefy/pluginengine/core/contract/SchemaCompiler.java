package io.spirefy.pluginengine.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.Locale;
import java.util.Set;

/**
 * Compiles the JSON Schemas manifests carry (contract section 10: draft 2020-12, draft-07
 * accepted), once, at load. A schema is first checked against its dialect's meta-schema, since the
 * validator itself accepts nonsense such as {@code "type": 5} silently. Nothing is fetched: a
 * {@code $ref} may point inside the schema or at the standard meta-schemas, which the validator
 * ships, never at the network or the host's files.
 */
public final class SchemaCompiler {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaLoaders(loaders -> loaders.add(SchemaCompiler::refuseOutside)));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .locale(Locale.ENGLISH).pathType(PathType.JSON_POINTER)
            // A contract that says "format": "date-time" means it, in either dialect (2020-12
            // would make it a mere annotation).
            .formatAssertionsEnabled(true).build();
    private static final JsonSchema META_2020_12 = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012), CONFIG);
    private static final JsonSchema META_07 = FACTORY.getSchema(SchemaLocation.of(SchemaId.V7), CONFIG);

    private SchemaCompiler() {
    }

    /**
     * The schema, compiled.
     *
     * @param schema a plain Java value ({@code Map}, {@code List}, {@code String}, {@code Number},
     *               {@code Boolean}) as manifests carry it
     */
    public static PayloadSchema compile(Object schema) throws SchemaException {
        JsonNode node;
        try {
            node = MAPPER.valueToTree(schema);
        } catch (IllegalArgumentException e) {
            throw new SchemaException("not a JSON value: " + e.getMessage());
        }
        if (!node.isObject() && !node.isBoolean()) {
            throw new SchemaException("a JSON Schema is an object or a boolean, not " + node.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        Set<ValidationMessage> wrong = metaSchema(node).validate(node);
        if (!wrong.isEmpty()) throw new SchemaException("not a valid JSON Schema: " + PayloadSchema.describe(wrong));
        try {
            JsonSchema compiled = FACTORY.getSchema(node, CONFIG);
            // Now, not at the first payload: a $ref that leads nowhere is a manifest error.
            compiled.initializeValidators();
            return new PayloadSchema(compiled);
        } catch (JsonSchemaException | IllegalStateException | IllegalArgumentException e) {
            throw new SchemaException("cannot be compiled: " + e.getMessage());
        }
    }

    private static JsonSchema metaSchema(JsonNode node) throws SchemaException {
        JsonNode declared = node.isObject() ? node.get("$schema") : null;
        if (declared == null) return META_2020_12;
        String iri = declared.asText().replaceAll("#$", "");
        if (iri.equals(SchemaId.V202012)) return META_2020_12;
        if (iri.equals(SchemaId.V7.replaceAll("#$", ""))) return META_07;
        throw new SchemaException("$schema " + declared + " is not supported: use " + SchemaId.V202012 + " (the default) or " + SchemaId.V7);
    }

    /** Lets the validator's own meta-schemas load from its module; refuses every other place a $ref names. */
    private static com.networknt.schema.resource.InputStreamSource refuseOutside(AbsoluteIri iri) {
        if (iri.toString().startsWith("classpath:")) return null;
        throw new JsonSchemaException("$ref to " + iri + " is not allowed: a manifest's schema must be self-contained");
    }
}
