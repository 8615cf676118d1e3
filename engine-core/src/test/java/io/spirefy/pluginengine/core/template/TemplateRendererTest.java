package io.spirefy.pluginengine.core.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer(TemplateRenderer.DEFAULT_MAX_OUTPUT_BYTES);

    @Test
    void rendersTheLogicLessHelpersWithJsonData() {
        String json = "{\"name\":\"<bob>\",\"items\":[\"a\",\"b\"],\"m\":{\"k\":\"v\"},\"flag\":false}";
        String t = "Hi {{name}} {{{name}}} {{#each items}}[{{@index}}={{this}}]{{/each}} {{#if flag}}yes{{else}}no{{/if}}"
                + " {{lookup m 'k'}} {{#with m}}{{k}}{{/with}} {{#unless flag}}u{{/unless}}";
        assertThat(renderer.render(t, json)).isEqualTo("Hi &lt;bob&gt; <bob> [0=a][1=b] no v v u");
    }

    @Test
    void dataIsTheJsonOnlyNoJavaMemberIsReachable() {
        String t = "{{name.class}}|{{name.class.name}}|{{name.bytes}}|{{items.class}}|{{m.class.classLoader}}|{{name.length}}";
        assertThat(renderer.render(t, "{\"name\":\"bob\",\"items\":[1],\"m\":{}}")).isEqualTo("|||||");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {{> header}}                              | partial 'header' is not available
            {{#*inline "p"}}x{{/inline}}{{> p}}       | decorator '*inline' is not allowed
            {{log 'x'}}                               | could not find helper: 'log'
            {{precompile 'x'}}                        | could not find helper: 'precompile'
            {{i18n 'x'}}                              | could not find helper: 'i18n'
            {{embedded 'x'}}                          | could not find helper: 'embedded'
            {{#block 'x'}}y{{/block}}                 | could not find helper: 'block'
            {{#partial 'x'}}y{{/partial}}             | could not find helper: 'partial'
            {{#if}}                                   | template:1
            """)
    void refusesWhatIsNotAllowedNamingIt(String template, String message) {
        assertThatThrownBy(() -> renderer.render(template, "{}"))
                .isInstanceOf(TemplateFailure.class).hasMessageContaining(message);
    }

    @Test
    void outputIsBounded() {
        TemplateRenderer small = new TemplateRenderer(10);
        assertThat(small.render("{{x}}", "{\"x\":\"0123456789\"}")).isEqualTo("0123456789");
        assertThatThrownBy(() -> small.render("{{x}}!", "{\"x\":\"0123456789\"}"))
                .isInstanceOf(TemplateFailure.class).hasMessage("the output is longer than the limit of 10 bytes");
        // Counted in UTF-8 bytes, not chars: five 3-byte characters are 15 bytes.
        assertThatThrownBy(() -> small.render("€€€€€", ""))
                .isInstanceOf(TemplateFailure.class).hasMessageContaining("limit of 10 bytes");
    }

    @Test
    void workIsBoundedEvenWithoutOutput() {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) items.append(i == 0 ? "" : ",").append(i);
        String json = "{\"a\":" + items.append("]") + "}";
        assertThatThrownBy(() -> renderer.render("{{#each a}}{{#each ../a}}{{/each}}{{/each}}", json))
                .isInstanceOf(TemplateFailure.class).hasMessageContaining("more than 1000000 blocks");
    }

    @Test
    void aRenderStopsAtTheNextBlockOnceItsCallHasEnded() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        String json = "{\"a\":[1,2,3,4,5,6,7,8,9,10]}";
        String template = "{{#each a}}{{#each ../a}}{{this}}{{/each}}{{/each}}";
        // Asked once per block: the 11th block finds the call over.
        assertThatThrownBy(() -> renderer.render(template, json, () -> asked.incrementAndGet() > 10))
                .isInstanceOf(TemplateFailure.class).hasMessageContaining("stopped while rendering");
        assertThat(asked).hasValue(11);
        assertThat(renderer.render(template, json, () -> false)).hasSize(110);
    }

    @Test
    void dataThatIsNotJsonIsNamed() {
        assertThatThrownBy(() -> renderer.render("{{x}}", "{x:1}"))
                .isInstanceOf(TemplateFailure.class).hasMessageStartingWith("the data is not JSON:");
        assertThat(renderer.render("plain", "")).isEqualTo("plain");
    }
}
