package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.ManifestFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads plugin sources (contract section 2) into validated {@link PluginSource}s, entirely in
 * memory: nothing is ever written to disk. One loader serves one engine: it also keeps the
 * engine-wide account of the bytes retained for loaded plugins' files
 * ({@link ArchiveLimits#maxRetainedBytes()}), and a source whose files would exceed it is a
 * problem of that source.
 *
 * <p>What a path may be: an archive file ({@code .zip}, {@code .tar.gz}, {@code .tgz}, by name,
 * case-insensitive); an unpacked plugin directory (one holding a manifest file at its root); or a
 * directory of those. In a directory of plugins, the direct children are taken in name order;
 * archives and plugin directories load, each on its own (one bad child never stops the others,
 * each child's problems name that child); every other child (other files, folders without a
 * manifest, hidden files) is ignored silently, so a plugins folder may hold READMEs and
 * checksums. Links among those direct children are followed (the host chose that folder); links
 * <em>inside</em> a plugin directory are rejected like links in an archive.
 *
 * <p>Only a path that does not exist or cannot be read throws; everything wrong with what it holds
 * is a {@link Problem}: archive rejections and manifest errors as errors (the plugin is not
 * loaded), manifest warnings as warnings (the plugin still loads).
 */
public final class SourceLoader {

    private final ArchiveLimits limits;
    private final PluginAssembler assembler;
    private final RetainedBytes retained;

    /** A loader whose plugins may read files up to the default per-plugin memory limit. */
    public SourceLoader(ArchiveLimits limits, List<ManifestFormat> formats, boolean strict) {
        this(limits, formats, strict, EngineLimits.DEFAULTS.maxMemoryBytes());
    }

    /**
     * @param maxReadBytes the largest file one read of a plugin's files hands out: the plugin's
     *                     memory limit ({@link EngineLimits#maxMemoryBytes()}), since what is read
     *                     is copied into the plugin's memory
     */
    public SourceLoader(ArchiveLimits limits, List<ManifestFormat> formats, boolean strict, long maxReadBytes) {
        this(limits, formats, strict, maxReadBytes, SignatureCheck.DEFAULT);
    }

    /** @param signatures the trusted publisher keys, and whether only sources they signed load */
    public SourceLoader(ArchiveLimits limits, List<ManifestFormat> formats, boolean strict, long maxReadBytes,
                        SignatureCheck signatures) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.assembler = new PluginAssembler(List.copyOf(formats), strict, maxReadBytes, Objects.requireNonNull(signatures, "signatures"));
        this.retained = new RetainedBytes(limits.maxRetainedBytes());
    }

    /**
     * The bytes kept in memory for the files of every plugin this loader returned that is neither
     * released ({@link PluginFiles#release()}) nor collected; bounded by
     * {@link ArchiveLimits#maxRetainedBytes()}.
     */
    public long retainedBytes() {
        return retained.held();
    }

    /**
     * An archive file (.zip, .tar.gz, .tgz), an unpacked plugin directory (holds a manifest at its
     * root), or a directory whose direct children are archives and/or plugin directories.
     *
     * @throws PluginEngineException only when the path itself does not exist or cannot be read;
     *                               every bad archive inside is a Problem, never an exception
     */
    public Loaded load(Path path) {
        Objects.requireNonNull(path, "path");
        if (!Files.exists(path)) {
            throw new PluginEngineException("plugin source " + path + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new PluginEngineException("plugin source " + path + " cannot be read (permission denied)");
        }
        Collector out = new Collector();
        if (Files.isDirectory(path)) {
            if (holdsManifest(path)) {
                loadDirectory(path, out);
            } else {
                loadChildren(path, out);
            }
        } else if (Files.isRegularFile(path)) {
            byte[] bytes;
            try {
                bytes = readArchiveFile(path, out);
            } catch (IOException e) {
                throw new PluginEngineException("plugin source " + path + " cannot be read: " + e.getMessage(), e);
            }
            if (bytes != null) {
                loadBytes(path.toString(), bytes, out);
            }
        } else {
            throw new PluginEngineException("plugin source " + path + " is neither a file nor a directory");
        }
        return out.done();
    }

    /** One archive in memory; the name's ending picks zip vs tar.gz; names the source in problems. */
    public Loaded load(String sourceName, byte[] archiveBytes) {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(archiveBytes, "archiveBytes");
        Collector out = new Collector();
        loadBytes(sourceName, archiveBytes, out);
        return out.done();
    }

    /**
     * What a load found.
     *
     * @param plugins  the plugins that passed every check, in source order
     * @param problems everything reported, errors and warnings, in source order
     */
    public record Loaded(List<PluginSource> plugins, List<Problem> problems) {
        public Loaded {
            plugins = List.copyOf(plugins);
            problems = List.copyOf(problems);
        }
    }

    private void loadChildren(Path dir, Collector out) {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException | RuntimeException e) {
            throw new PluginEngineException("plugin directory " + dir + " cannot be listed: " + e.getMessage(), e);
        }
        for (Path child : children) {
            if (Files.isDirectory(child)) {
                if (holdsManifest(child)) {
                    loadDirectory(child, out);
                }
            } else if (Files.isRegularFile(child) && isArchiveName(child.getFileName().toString())) {
                try {
                    byte[] bytes = readArchiveFile(child, out);
                    if (bytes != null) {
                        loadBytes(child.toString(), bytes, out);
                    }
                } catch (IOException e) {
                    out.problems.add(Problem.error(child.toString(), null, "cannot read the archive: " + e.getMessage()));
                }
            }
        }
    }

    /** The file's bytes, or null (with a problem) when it is larger than the packed limit: never read then. */
    private byte[] readArchiveFile(Path file, Collector out) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size > limits.maxPackedBytes()) {
            out.problems.add(packedTooLarge(source, size));
            return null;
        }
        // Read at most one byte past the limit, in case the file grows between size() and now.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(limits.maxPackedBytes() + 1, UnpackBudget.MAX_ARRAY));
            if (bytes.length > limits.maxPackedBytes()) {
                out.problems.add(packedTooLarge(source, bytes.length));
                return null;
            }
            return bytes;
        }
    }

    private Problem packedTooLarge(String source, long size) {
        return Problem.error(source, null, "the archive is " + size + " bytes, more than "
                + limits.maxPackedBytes() + " (limit maxPackedBytes)");
    }

    private void loadBytes(String source, byte[] bytes, Collector out) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (!isArchiveName(lower)) {
            out.problems.add(Problem.error(source, null,
                    "not a supported archive: expected a name ending in .zip, .tar.gz or .tgz"));
            return;
        }
        if (bytes.length > limits.maxPackedBytes()) {
            out.problems.add(packedTooLarge(source, bytes.length));
            return;
        }
        guarded(source, out, () -> lower.endsWith(".zip")
                ? ZipReader.read(bytes, content(source))
                : TarGzReader.read(bytes, content(source)), "!/");
    }

    private void loadDirectory(Path dir, Collector out) {
        String source = dir.toString();
        guarded(source, out, () -> DirectoryReader.read(dir, content(source)), "/");
    }

    private ArchiveContent content(String source) {
        return new ArchiveContent(source, limits, assembler.manifestNames());
    }

    private interface Reader {
        ArchiveContent read();
    }

    /** Reads and assembles one source; every rejection becomes a problem of that source only. */
    private void guarded(String source, Collector out, Reader reader, String separator) {
        List<Problem> problems = new ArrayList<>();
        try {
            Optional<PluginSource> plugin = assembler.assemble(reader.read(), separator, problems);
            if (plugin.isPresent()) {
                retained.charge(source, plugin.get().files());
                out.plugins.add(plugin.get());
            }
        } catch (ArchiveException e) {
            // Problem names the archive and entry itself: its reason only.
            problems.add(Problem.error(e.source(), e.entry(), e.reason()));
        } catch (RuntimeException e) {
            // A reader bug must still not take the other sources down; say what happened.
            problems.add(Problem.error(source, null, "cannot read the plugin source: " + e));
        }
        out.problems.addAll(problems);
    }

    private boolean holdsManifest(Path dir) {
        for (String name : assembler.manifestNames()) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz");
    }

    private static final class Collector {
        final List<PluginSource> plugins = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        Loaded done() {
            return new Loaded(plugins, problems);
        }
    }
}
