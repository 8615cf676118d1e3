package io.spirefy.pluginengine.core.template;

import com.github.jknack.handlebars.io.AbstractTemplateLoader;
import com.github.jknack.handlebars.io.TemplateSource;

/** Where Handlebars would look for partials ({@code {{> name}}}): nowhere; a template is its own text only. */
final class NoPartials extends AbstractTemplateLoader {

    @Override
    public TemplateSource sourceAt(String location) {
        throw new TemplateFailure("partial '" + location + "' is not available: templates may not include partials");
    }
}
