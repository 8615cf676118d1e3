package io.spirefy.pluginengine.core.template;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The only class {@link TemplateRenderer} calls that links against Handlebars: engine-core
 * requires the module statically, and a runtime image without it fails here, at the first render.
 */
final class HandlebarsTemplates {

    /** Long Handlebars messages quote the template; the first line says what is wrong and where. */
    private static final int MAX_MESSAGE_CHARS = 500;

    /**
     * Made on first use: Handlebars' first class load starts slf4j, which without a provider warns
     * on stderr; an engine whose plugins render nothing should not print that. Immutable once
     * made, and shared: compiling a template is thread-safe.
     */
    private static final class Shared {
        static final Handlebars HANDLEBARS = new Handlebars(new NoPartials()).with(new LogicLessHelpers());
    }

    private HandlebarsTemplates() {
    }

    static String render(String template, Object data, long maxOutputBytes, BooleanSupplier stopped) {
        RenderBudget budget = new RenderBudget(maxOutputBytes, TemplateRenderer.MAX_BLOCKS, stopped);
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
