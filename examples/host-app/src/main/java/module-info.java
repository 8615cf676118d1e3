/**
 * A host application: the engine's API is all it reads. The runtime and the manifest format are
 * services: they are not required here, only put on the module path, or into a jlink image with
 * {@code --add-modules} (or {@code --bind-services}).
 */
module io.spirefy.pluginengine.example.hostapp {
    requires io.spirefy.pluginengine.core;
}
