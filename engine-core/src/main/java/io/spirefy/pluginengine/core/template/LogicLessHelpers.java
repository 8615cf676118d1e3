package io.spirefy.pluginengine.core.template;

import com.github.jknack.handlebars.Decorator;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.HelperRegistry;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.helper.EachHelper;
import com.github.jknack.handlebars.helper.IfHelper;
import com.github.jknack.handlebars.helper.LookupHelper;
import com.github.jknack.handlebars.helper.UnlessHelper;
import com.github.jknack.handlebars.helper.WithHelper;

import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Set;

/**
 * The only helpers a plugin's template may use: {@code if}, {@code unless}, {@code each},
 * {@code with}, {@code lookup} (contract section 5). Handlebars' default registry also holds
 * {@code log}, {@code precompile} (JavaScript through Nashorn), {@code i18n} (resource bundles of
 * the host), {@code embedded}, {@code block} and {@code partial}, and the {@code inline} decorator;
 * replacing the registry leaves none of them reachable. It cannot be added to.
 */
final class LogicLessHelpers implements HelperRegistry {

    private final Map<String, Helper<?>> helpers = Map.of(
            "if", counted(IfHelper.INSTANCE),
            "unless", counted(UnlessHelper.INSTANCE),
            "each", counted(EachHelper.INSTANCE),
            "with", counted(WithHelper.INSTANCE),
            "lookup", LookupHelper.INSTANCE);

    /**
     * The helper with its block bodies charged to the render's budget. The rebuilt options have no
     * writer (Options keeps it private), so the helper answers with an in-memory buffer: handed on
     * as a SafeString, text the block already escaped as it rendered it.
     */
    private static Helper<Object> counted(Helper<Object> helper) {
        return (context, options) -> {
            Object result = helper.apply(context, counted(options));
            return result instanceof Options.Buffer buffer ? new Handlebars.SafeString(buffer.subSequence(0, buffer.length()).toString()) : result;
        };
    }

    private static Options counted(Options o) {
        return new Options.Builder(o.handlebars, o.helperName, o.tagType, o.context, new CountedTemplate(o.fn))
                .setInverse(new CountedTemplate(o.inverse))
                .setParams(o.params)
                .setHash(o.hash)
                .setBlockParams(o.blockParams)
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C> Helper<C> helper(String name) {
        return (Helper<C>) helpers.get(name);
    }

    @Override
    public Set<Map.Entry<String, Helper<?>>> helpers() {
        return helpers.entrySet();
    }

    /** Named so the template's author reads why, where Handlebars would fail on a missing decorator. */
    @Override
    public Decorator decorator(String name) {
        return (fn, options) -> {
            throw new TemplateFailure("decorator '*" + name + "' is not allowed (inline partials included); "
                    + "templates may use only the helpers if, unless, each, with and lookup");
        };
    }

    @Override
    public <H> HelperRegistry registerHelper(String name, Helper<H> helper) {
        throw refused();
    }

    @Override
    public <H> HelperRegistry registerHelperMissing(Helper<H> helper) {
        throw refused();
    }

    @Override
    public HelperRegistry registerHelpers(Object helperSource) {
        throw refused();
    }

    @Override
    public HelperRegistry registerHelpers(Class<?> helperSource) {
        throw refused();
    }

    @Override
    public HelperRegistry registerHelpers(URI location) {
        throw refused();
    }

    @Override
    public HelperRegistry registerHelpers(File input) {
        throw refused();
    }

    @Override
    public HelperRegistry registerHelpers(String filename, Reader source) {
        throw refused();
    }

    @Override
    public HelperRegistry registerHelpers(String filename, InputStream source) {
        throw refused();
    }

    @Override
    public HelperRegistry registerHelpers(String filename, String source) {
        throw refused();
    }

    @Override
    public HelperRegistry registerDecorator(String name, Decorator decorator) {
        throw refused();
    }

    @Override
    public HelperRegistry setCharset(Charset charset) {
        return this;
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("the helpers of plugin templates are fixed");
    }
}
