package io.spirefy.pluginengine.core.fuzz;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.core.archive.PluginSource;
import io.spirefy.pluginengine.core.archive.SourceLoader;

import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What must hold for any input, however hostile: {@link SourceLoader#load(String, byte[])} returns
 * (it never throws for bytes in memory), every problem names this source, and no problem comes
 * from one of the catch-alls that turn an unexpected exception into a problem. Those catch-alls
 * keep the engine up, but a message from them means a reader or the manifest format hit a case it
 * did not handle: an IndexOutOfBounds, a NegativeArraySize, an ArithmeticException... That is a
 * bug to fix, as is any Error (OutOfMemoryError, StackOverflowError) escaping.
 */
final class ArchiveOracle {

    /**
     * Small limits, so that entry floods and bombs are rejected after 100 entries and 256 KiB
     * instead of 10,000 and 256 MiB, and a run stays fast. (The ratio rule starts at 1 MiB, so
     * it is left to LimitsTest and to long runs with {@code ArchiveLimits.DEFAULTS}.)
     */
    static final ArchiveLimits LIMITS = new ArchiveLimits(100, 1 << 20, 256 << 10, 50);

    /** The messages of SourceLoader's and PluginAssembler's catch-alls for unexpected exceptions. */
    private static final List<String> CATCH_ALL = List.of("cannot read the plugin source: ", " manifest cannot be read: ");

    private final SourceLoader loader;

    ArchiveOracle() {
        this(LIMITS);
    }

    ArchiveOracle(ArchiveLimits limits) {
        List<ManifestFormat> formats = ServiceLoader.load(ManifestFormat.class).stream().map(ServiceLoader.Provider::get).toList();
        if (formats.stream().noneMatch(f -> f.name().equals("yaml"))) {
            throw new IllegalStateException("the yaml manifest format is not on the test path; found " + formats);
        }
        this.loader = new SourceLoader(limits, formats, false);
    }

    /** Loads the archive; throws an AssertionError carrying the input (base64) when an invariant breaks. */
    SourceLoader.Loaded check(String name, byte[] archive) {
        SourceLoader.Loaded loaded;
        try {
            loaded = loader.load(name, archive);
        } catch (Throwable t) {
            throw bug(name, archive, "load threw " + t, t);
        }
        for (Problem p : loaded.problems()) {
            for (String marker : CATCH_ALL) {
                if (p.message().contains(marker)) throw bug(name, archive, "an unexpected exception was caught: " + p, null);
            }
            if (!p.source().startsWith(name)) throw bug(name, archive, "a problem does not name the source: " + p, null);
        }
        boolean error = loaded.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
        if (error && !loaded.plugins().isEmpty()) throw bug(name, archive, "a rejected source registered a plugin", null);
        for (PluginSource plugin : loaded.plugins()) {
            if (plugin.wasm() == null || plugin.wasm().length == 0) throw bug(name, archive, "a plugin without a module", null);
        }
        return loaded;
    }

    private static AssertionError bug(String name, byte[] archive, String what, Throwable cause) {
        return new AssertionError(name + ": " + what + "\nkeep it as a regression test: input (base64) = "
                + Base64.getEncoder().encodeToString(archive), cause);
    }
}
