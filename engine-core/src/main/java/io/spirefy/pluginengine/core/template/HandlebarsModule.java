package io.spirefy.pluginengine.core.template;

/**
 * Whether Handlebars is there to render with. engine-core requires it statically so that a host
 * image without templates carries neither it nor what commons-lang3 requires (java.desktop); the
 * host adds it with {@code --add-modules} when it grants the templates permission.
 */
final class HandlebarsModule {

    static final String NAME = "com.github.jknack.handlebars";

    private static final class Answer {
        static final boolean AVAILABLE = readableFrom(TemplateRenderer.class.getModule());
    }

    private HandlebarsModule() {
    }

    /** Asked once: the module graph of a running layer does not change. */
    static boolean available() {
        return Answer.AVAILABLE;
    }

    static boolean readableFrom(Module module) {
        if (!module.isNamed()) {
            // On the class path everything is readable; the class is there or not.
            try {
                Class.forName("com.github.jknack.handlebars.Handlebars", false, module.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        ModuleLayer layer = module.getLayer();
        if (layer == null) return false;
        return layer.findModule(NAME).filter(module::canRead).isPresent();
    }
}
