package io.spirefy.pluginengine.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;

import java.io.IOException;

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

    /** Long Handlebars messages quote the template; the first line says what is wrong and where. */
    private static final int MAX_MESSAGE_CHARS = 500;

    private final ObjectMapper json = new ObjectMapper();
    private final long maxOutputBytes;

    /**
     * Made on first use: Handlebars' first class load starts slf4j, which without a provider warns
     * on stderr; an engine whose plugins render nothing should not print that. Immutable once
     * made, and shared: compiling a template is thread-safe.
     */
    private static final class Shared {
        static final Handlebars HANDLEBARS = new Handlebars(new NoPartials()).with(new LogicLessHelpers());
    }

    public TemplateRenderer(long maxOutputBytes) {
        if (maxOutputBytes < 1) throw new IllegalArgumentException("maxOutputBytes must be positive");
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * @param template the template's text
     * @param jsonData the data as JSON text; empty means no data
     * @throws TemplateFailure saying what went wrong: a syntax error, a helper or partial not
     *                         allowed, data that is not JSON, output or work over the bound
     */
    public String render(String template, String jsonData) {
        Object data = parse(jsonData);
        RenderBudget budget = new RenderBudget(maxOutputBytes, MAX_BLOCKS);
        BoundedWriter out = new BoundedWriter(budget);
        budget.enter();
        try {
            Template compiled = Shared.HANDLEBARS.compileInline(template);
            compiled.apply(Context.newBuilder(data).resolver(MapValueResolver.INSTANCE).build(), out);
            return out.toString();
        } catch (HandlebarsException | IOException | IllegalArgumentException | IllegalStateException e) {
            if (budget.exceeded() != null) throw budget.exceeded();
            TemplateFailure cause = causeOf(e);
            if (cause != null) throw cause;
            throw new TemplateFailure(firstLines(String.valueOf(e.getMessage())));
        } catch (StackOverflowError e) {
            throw new TemplateFailure("the template nests too deeply");
        } finally {
            budget.leave();
        }
    }

    private Object parse(String jsonData) {
        if (jsonData.isEmpty()) return null;
        try {
            return json.readValue(jsonData, Object.class);
        } catch (JsonProcessingException e) {
            throw new TemplateFailure("the data is not JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    /** Our own failure when Handlebars wrapped it (a helper's or the loader's). */
    private static TemplateFailure causeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TemplateFailure f) return f;
        }
        return null;
    }

    private static String firstLines(String message) {
        String m = message.strip();
        int newline = m.indexOf('\n');
        if (newline > 0) m = m.substring(0, newline).strip();
        if (m.startsWith("inline@")) m = "template" + m.substring(m.indexOf(':'));
        return m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) + "..." : m;
    }
}
