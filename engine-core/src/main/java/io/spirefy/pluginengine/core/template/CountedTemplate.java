package io.spirefy.pluginengine.core.template;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.TagType;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.TypeSafeTemplate;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** A block body that charges the render's budget each time a helper renders it. */
final class CountedTemplate implements Template {

    private final Template body;

    CountedTemplate(Template body) {
        this.body = body;
    }

    @Override
    public void apply(Object context, Writer writer) throws IOException {
        RenderBudget.current().block();
        body.apply(context, writer);
    }

    @Override
    public String apply(Object context) throws IOException {
        RenderBudget.current().block();
        return body.apply(context);
    }

    @Override
    public void apply(Context context, Writer writer) throws IOException {
        RenderBudget.current().block();
        body.apply(context, writer);
    }

    @Override
    public String apply(Context context) throws IOException {
        RenderBudget.current().block();
        return body.apply(context);
    }

    @Override
    public String text() {
        return body.text();
    }

    @Override
    public String toJavaScript() {
        throw new UnsupportedOperationException("templates are not precompiled to JavaScript here");
    }

    @Override
    public <T, S extends TypeSafeTemplate<T>> S as(Class<S> type) {
        throw new UnsupportedOperationException("type-safe templates reach Java types, which plugins may not");
    }

    @Override
    public <T> TypeSafeTemplate<T> as() {
        throw new UnsupportedOperationException("type-safe templates reach Java types, which plugins may not");
    }

    @Override
    public List<String> collect(TagType... tagType) {
        return body.collect(tagType);
    }

    @Override
    public List<String> collectReferenceParameters() {
        return body.collectReferenceParameters();
    }

    @Override
    public String filename() {
        return body.filename();
    }

    @Override
    public int[] position() {
        return body.position();
    }
}
