package io.spirefy.pluginengine.api.spi;

import io.spirefy.pluginengine.api.ManifestException;

import java.util.List;

/**
 * A manifest file format, found through {@link java.util.ServiceLoader}. The engine looks in each
 * archive for the file names of every format it has; exactly one manifest must be found.
 */
public interface ManifestFormat {

    /**
     * A short name, for messages.
     *
     * @return e.g. {@code yaml}
     */
    String name();

    /**
     * The manifest file names this format reads, looked for at the archive's top level.
     *
     * @return e.g. {@code plugin.yaml}, {@code plugin.yml}
     */
    List<String> fileNames();


    /**
     * Parses a manifest.
     *
     * @param bytes   the manifest file's content
     * @param context where it came from, and whether unknown keys are errors
     * @return the descriptor and any warnings (unknown keys, in lenient mode)
     * @throws ManifestException with every error found, each naming the source and the key path
     */
    ManifestResult parse(byte[] bytes, ManifestContext context) throws ManifestException;
}
