package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ManifestException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.spi.ManifestContext;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.api.spi.ManifestResult;
import io.spirefy.pluginengine.core.contract.PluginContracts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the files of one source into a validated {@link PluginSource} (contract section 2): finds
 * the one manifest, parses it with its format, finds the module and checks its SHA-256.
 *
 * <p>Where a manifest may sit: when every file of the archive lies inside one and the same
 * top-level folder, in that folder; otherwise at the root. So {@code greeter/plugin.yaml} is found
 * in an archive that holds only {@code greeter/...}, and nothing is found when there are two
 * top-level folders (each with a manifest or not): the error then lists the manifests it saw in
 * places that are not accepted. Module and asset paths are relative to that folder.
 */
final class PluginAssembler {

    /** Reserved: the host application declares its own anchors and events under this id. */
    static final String HOST_ID = "host";

    private final Map<String, ManifestFormat> formatsByFileName = new LinkedHashMap<>();
    private final boolean strict;
    private final long maxReadBytes;
    private final SignatureCheck signatures;

    /**
     * When two formats claim one file name, the first in the list wins.
     *
     * @param maxReadBytes the largest file a plugin's read is given (its memory limit)
     * @param signatures   what a source's signature must prove before its manifest is even parsed
     */
    PluginAssembler(List<ManifestFormat> formats, boolean strict, long maxReadBytes, SignatureCheck signatures) {
        for (ManifestFormat format : formats) {
            for (String fileName : format.fileNames()) {
                formatsByFileName.putIfAbsent(fileName, format);
            }
        }
        this.strict = strict;
        this.maxReadBytes = maxReadBytes;
        this.signatures = signatures;
    }

    /**
     * Where a source's manifest is.
     *
     * @param base         the folder holding it, {@code ""} or {@code "top/"}: what file paths are relative to
     * @param manifestPath its path in the source
     */
    record Location(String base, String manifestPath) {
    }

    /** @throws ArchiveException when the source has no manifest, or several, at the accepted places */
    Location locate(ArchiveContent content) {
        String base = baseFolder(content.files().keySet());
        return new Location(base, findManifest(content.source(), content.files().keySet(), base));
    }

    Set<String> manifestNames() {
        return formatsByFileName.keySet();
    }

    /**
     * @param separator between the source and a path inside it in manifest problem sources
     *                  ({@code !/} for archives, {@code /} for directories)
     * @param problems  receives manifest warnings and errors
     * @return the plugin, or empty when its manifest had errors (already in {@code problems})
     * @throws ArchiveException for every other rejection
     */
    Optional<PluginSource> assemble(ArchiveContent content, String separator, List<Problem> problems) {
        String source = content.source();
        Map<String, ArchiveContent.File> files = content.files();
        Location location = locate(content);
        String base = location.base();
        String manifestPath = location.manifestPath();
        // Before the manifest is parsed: what a required signature rejects is not read any further.
        SignatureInfo signature = signatures.check(content, base);

        ManifestFormat format = formatsByFileName.get(manifestPath.substring(base.length()));
        String manifestSource = source + separator + manifestPath;
        ManifestResult parsed;
        try {
            parsed = format.parse(content.unpacked(manifestPath).clone(), new ManifestContext(manifestSource, strict));
        } catch (ManifestException e) {
            for (Problem p : e.problems()) {
                problems.add(Problem.error(p.source(), p.keyPath(), p.message()));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            // A format that fails another way (e.g. the descriptor's own checks) is still a manifest error.
            problems.add(Problem.error(manifestSource, null, "the " + format.name() + " manifest cannot be read: "
                    + e.getMessage()));
            return Optional.empty();
        }
        for (Problem w : parsed.warnings()) {
            problems.add(Problem.warning(w.source(), w.keyPath(), w.message()));
        }
        PluginDescriptor descriptor = parsed.descriptor();
        if (HOST_ID.equals(descriptor.id())) {
            throw new ArchiveException(source, manifestPath, "the plugin id '" + HOST_ID
                    + "' is reserved for the host application's own declarations; choose another id");
        }

        // Compiled once, here: a schema that cannot be used is a manifest error (contract section 10).
        List<PluginContracts.Invalid> invalidSchemas = new ArrayList<>();
        PluginContracts contracts = PluginContracts.compile(descriptor, invalidSchemas);
        if (!invalidSchemas.isEmpty()) {
            invalidSchemas.forEach(i -> problems.add(Problem.error(manifestSource, i.keyPath(), i.message())));
            return Optional.empty();
        }

        String modulePath = findModule(source, files.keySet(), base, manifestPath, descriptor.wasm());
        byte[] wasm = content.unpacked(modulePath);
        if (descriptor.sha256() != null) {
            String actual = sha256(wasm);
            if (!actual.equals(descriptor.sha256())) {
                throw new ArchiveException(source, modulePath, "the module's SHA-256 is " + actual
                        + " but the manifest's sha256 expects " + descriptor.sha256());
            }
        }

        Map<String, StoredFile> relative = new LinkedHashMap<>();
        // The module is kept once: the array the engine compiles is the one ReadFile serves.
        files.forEach((path, file) -> relative.put(path.substring(base.length()),
                path.equals(modulePath) ? new HeldFile(wasm) : kept(file)));
        return Optional.of(new PluginSource(source, descriptor, wasm, new PluginFiles(relative, maxReadBytes), signature, contracts));
    }

    /** How a file is kept once its plugin is loaded: a file read unpacked for assembly is compacted. */
    private static StoredFile kept(ArchiveContent.File file) {
        return file.unpacked() != null && file.stored() instanceof HeldFile held ? StoredFile.of(held.bytes()) : file.stored();
    }

    /** {@code "top/"} when every file sits in that one top-level folder, else {@code ""} (the root). */
    private static String baseFolder(Set<String> paths) {
        String top = null;
        for (String path : paths) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                return "";
            }
            String first = path.substring(0, slash + 1);
            if (top == null) {
                top = first;
            } else if (!top.equals(first)) {
                return "";
            }
        }
        return top == null ? "" : top;
    }

    private String findManifest(String source, Set<String> paths, String base) {
        List<String> found = new ArrayList<>();
        Set<String> elsewhere = new TreeSet<>();
        for (String path : paths) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (!formatsByFileName.containsKey(last)) {
                continue;
            }
            if (path.equals(base + last)) {
                found.add(path);
            } else {
                elsewhere.add(path);
            }
        }
        found.sort(null);
        if (found.size() > 1) {
            throw new ArchiveException(source, found.get(1), "more than one manifest: " + String.join(", ", found)
                    + " (expected exactly one)");
        }
        if (found.isEmpty() && formatsByFileName.isEmpty()) {
            throw new ArchiveException(source, null, "no manifest can be read: no manifest format is installed"
                    + " (add one, e.g. the plugin.yaml format, to the module path)");
        }
        if (found.isEmpty()) {
            String where = base.isEmpty() ? "at the archive root" : "in its single top-level folder '" + base + "'";
            throw new ArchiveException(source, elsewhere.isEmpty() ? null : elsewhere.iterator().next(),
                    "no manifest found: looked for " + String.join(", ", formatsByFileName.keySet()) + " " + where
                            + (elsewhere.isEmpty() ? "" : "; found " + String.join(", ", elsewhere)
                            + ", which is not at an accepted place (the archive root, or inside one single"
                            + " top-level folder when that folder holds everything)"));
        }
        return found.get(0);
    }

    private static String findModule(String source, Set<String> paths, String base, String manifestPath, String named) {
        List<String> modules = paths.stream()
                .filter(p -> p.toLowerCase(Locale.ROOT).endsWith(".wasm"))
                .sorted()
                .toList();
        if (named != null) {
            Optional<String> normal = EntryNames.tryNormalize(named);
            if (normal.isEmpty()) {
                throw new ArchiveException(source, manifestPath, "the manifest's wasm '" + named
                        + "' is not a relative path inside the archive (no '..', '/' prefix or backslashes)");
            }
            String path = base + normal.get();
            if (!paths.contains(path)) {
                throw new ArchiveException(source, path, "the module '" + named + "' named by the manifest's wasm"
                        + " is not in the archive" + (modules.isEmpty() ? "" : " (it holds " + String.join(", ", modules) + ")"));
            }
            return path;
        }
        if (modules.size() == 1) {
            return modules.get(0);
        }
        if (modules.isEmpty()) {
            throw new ArchiveException(source, manifestPath, "no module: the manifest names no wasm and the archive"
                    + " holds no *.wasm file");
        }
        throw new ArchiveException(source, manifestPath, "several modules: " + String.join(", ", modules)
                + "; the manifest must name one with wasm");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
