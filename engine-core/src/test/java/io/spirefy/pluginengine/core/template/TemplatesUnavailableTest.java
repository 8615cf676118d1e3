package io.spirefy.pluginengine.core.template;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A runtime image linked without com.github.jknack.handlebars (engine-core only requires it
 * statically): GenerateFromTemplate must fail with a message, never with an Error.
 */
class TemplatesUnavailableTest {

    @Test
    void aMissingHandlebarsClassIsAFailureNamingTheModuleToAdd() {
        TemplateRenderer renderer = new TemplateRenderer(100, (template, data, max, stopped) -> {
            throw new NoClassDefFoundError("com/github/jknack/handlebars/Handlebars");
        });
        assertThatThrownBy(() -> renderer.render("{{x}}", "{\"x\":1}"))
                .isInstanceOf(TemplateFailure.class)
                .hasMessageContaining("templates are not available in this runtime image")
                .hasMessageContaining("--add-modules com.github.jknack.handlebars");
    }

    @Test
    void aModuleThatDoesNotReadHandlebarsHasNoTemplates() {
        // java.base is named and in the boot layer but never reads handlebars.
        assertThat(HandlebarsModule.readableFrom(Object.class.getModule())).isFalse();
    }

    @Test
    void theEngineItselfHasHandlebarsInTheTestRuntime() {
        assertThat(HandlebarsModule.readableFrom(TemplateRenderer.class.getModule())).isTrue();
    }
}
