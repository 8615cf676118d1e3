package io.spirefy.pluginengine.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.function.BooleanSupplier;

/**
 * Renders a plugin's Handlebars template with its JSON data (contract section 5,
 * GenerateFromTemplate). Locked down: the data is the JSON only, as maps, lists and scalars,
 * resolved by map keys alone (no Java bean, method or field is reachable, not even
 * {@code {{name.class}}}); the helpers are {@link LogicLessHelpers}; there are no partials
 * ({@link NoPartials}); output and work are bounded ({@link RenderBudget}). Thread-safe.
 */
public final class TemplateRenderer {

    /** The default bound on one render's output: 16 MiB. */
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 16L << 20;

    /** How many block bodies one render may render; a million small ones take well under a second. */
    static final long MAX_BLOCKS = 1_000_000;

    static final String UNAVAILABLE = "templates are not available in this runtime image: add module "
            + HandlebarsModule.NAME + " (--add-modules " + HandlebarsModule.NAME
            + " on the module path or in jlink)";

    /**
     * Made at the first render: every engine has a renderer, and Jackson databind's start-up
     * (some 300 classes, date and locale set-up) is otherwise paid by every process, a one-shot
     * CLI call included, whether any plugin may render a template or not. Thread-safe once made.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final long maxOutputBytes;

    private final Engine engine;

    /** What renders; tests stand in for Handlebars when they simulate an image without it. */
    @FunctionalInterface
    interface Engine {
        String render(String template, Object data, long maxOutputBytes, BooleanSupplier stopped);
    }

    public TemplateRenderer(long maxOutputBytes) {
        // A lambda, not a method reference: HandlebarsTemplates is linked at the first render only,
        // so an engine whose runtime image has no Handlebars still builds and runs.
        this(maxOutputBytes, (template, data, max, stopped) -> {
            if (!HandlebarsModule.available()) throw new TemplateFailure(UNAVAILABLE);
            return HandlebarsTemplates.render(template, data, max, stopped);
        });
    }

    TemplateRenderer(long maxOutputBytes, Engine engine) {
        if (maxOutputBytes < 1) throw new IllegalArgumentException("maxOutputBytes must be positive");
        this.maxOutputBytes = maxOutputBytes;
        this.engine = engine;
    }

    /**
     * @param template the template's text
     * @param jsonData the data as JSON text; empty means no data
     * @throws TemplateFailure saying what went wrong: a syntax error, a helper or partial not
     *                         allowed, data that is not JSON, output or work over the bound
     */
    public String render(String template, String jsonData) {
        return render(template, jsonData, () -> false);
    }

    /**
     * {@link #render(String, String)} for a plugin's call, which may run out of time while it
     * renders: the render stops at the next block once {@code stopped} says so. On the pure-JVM
     * runtime a timeout also interrupts the thread; a native runtime's cancel reaches only wasm
     * code, so the call's own clock is what stops a render there.
     *
     * @param template the template's text
     * @param jsonData the data as JSON text; empty means no data
     * @param stopped  whether the call this render serves has ended (timed out, its deadline passed)
     * @throws TemplateFailure as {@link #render(String, String)}, or when stopped
     */
    public String render(String template, String jsonData, BooleanSupplier stopped) {
        Object data = parse(jsonData);
        try {
            return engine.render(template, data, maxOutputBytes, stopped);
        } catch (LinkageError e) {
            // The check above said yes but a class did not link (Handlebars on the class path of a
            // named engine-core, a part of its module missing): as absent, never an Error to the host.
            throw new TemplateFailure(UNAVAILABLE + " (" + e + ")");
        }
    }

    private Object parse(String jsonData) {
        if (jsonData.isEmpty()) return null;
        try {
            return Json.MAPPER.readValue(jsonData, Object.class);
        } catch (JsonProcessingException e) {
            throw new TemplateFailure("the data is not JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }
}
