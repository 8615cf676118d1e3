package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginStateListener;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.TrustStore;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.core.archive.SignatureCheck;
import io.spirefy.pluginengine.core.archive.SourceLoader;
import io.spirefy.pluginengine.core.data.DataFolders;
import io.spirefy.pluginengine.core.template.TemplateRenderer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/** Collects a host's choices, finds runtimes and manifest formats through ServiceLoader, builds the engine. */
public final class EngineBuilder implements PluginEngine.Builder {

    /** Services are found through ServiceLoader, which a jlink image sees only when told to. */
    private static final String JLINK_HINT = " (in a jlink image: add the module with --add-modules, or link with --bind-services)";

    private String runtimeName;
    private WasmRuntime runtime;
    private final List<ManifestFormat> formats = new ArrayList<>();
    private boolean strict;
    private EngineLimits limits = EngineLimits.DEFAULTS;
    private ArchiveLimits archiveLimits = ArchiveLimits.DEFAULTS;
    private CodeCache codeCache;
    private TrustStore trust = TrustStore.empty();
    private boolean requireSignatures;
    private final List<HostFunction> hostFunctions = new ArrayList<>();
    private Executor eventExecutor;
    private EngineReporter reporter = new LoggingReporter();
    private final List<PluginStateListener> stateListeners = new ArrayList<>();
    private PermissionPolicy permissions = PermissionPolicy.denyAll();
    private Path dataRoot;
    private long dataQuotaBytes = DataFolders.DEFAULT_QUOTA_BYTES;
    private long templateOutputBytes = TemplateRenderer.DEFAULT_MAX_OUTPUT_BYTES;
    private boolean payloadChecks = true;
    private boolean metrics = true;
    private long hostStackBytes;

    @Override
    public PluginEngine.Builder runtime(String name) {
        this.runtimeName = Objects.requireNonNull(name);
        this.runtime = null;
        return this;
    }

    @Override
    public PluginEngine.Builder runtime(WasmRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime);
        this.runtimeName = null;
        return this;
    }

    @Override
    public PluginEngine.Builder manifestFormat(ManifestFormat format) {
        formats.add(Objects.requireNonNull(format));
        return this;
    }

    @Override
    public PluginEngine.Builder strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    @Override
    public PluginEngine.Builder limits(EngineLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    @Override
    public PluginEngine.Builder archiveLimits(ArchiveLimits limits) {
        this.archiveLimits = Objects.requireNonNull(limits);
        return this;
    }

    @Override
    public PluginEngine.Builder codeCache(CodeCache cache) {
        this.codeCache = Objects.requireNonNull(cache);
        return this;
    }

    @Override
    public PluginEngine.Builder trust(TrustStore trust) {
        this.trust = Objects.requireNonNull(trust);
        return this;
    }

    @Override
    public PluginEngine.Builder requireSignatures(boolean require) {
        this.requireSignatures = require;
        return this;
    }

    @Override
    public PluginEngine.Builder hostFunction(HostFunction function) {
        hostFunctions.add(Objects.requireNonNull(function));
        return this;
    }

    @Override
    public PluginEngine.Builder permissions(PermissionPolicy policy) {
        this.permissions = Objects.requireNonNull(policy);
        return this;
    }

    @Override
    public PluginEngine.Builder dataRoot(Path root) {
        this.dataRoot = Objects.requireNonNull(root);
        return this;
    }

    @Override
    public PluginEngine.Builder dataQuotaBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("the data quota must not be negative");
        this.dataQuotaBytes = bytes;
        return this;
    }

    @Override
    public PluginEngine.Builder templateOutputBytes(long bytes) {
        if (bytes < 1) throw new IllegalArgumentException("the template output bound must be positive");
        this.templateOutputBytes = bytes;
        return this;
    }

    @Override
    public PluginEngine.Builder payloadChecks(boolean check) {
        this.payloadChecks = check;
        return this;
    }

    @Override
    public PluginEngine.Builder metrics(boolean enabled) {
        this.metrics = enabled;
        return this;
    }

    @Override
    public PluginEngine.Builder hostStackBytes(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("hostStackBytes must not be negative: " + bytes);
        this.hostStackBytes = bytes;
        return this;
    }

    @Override
    public PluginEngine.Builder eventExecutor(Executor executor) {
        this.eventExecutor = Objects.requireNonNull(executor);
        return this;
    }

    @Override
    public PluginEngine.Builder reporter(EngineReporter reporter) {
        this.reporter = Objects.requireNonNull(reporter);
        return this;
    }

    @Override
    public PluginEngine.Builder stateListener(PluginStateListener listener) {
        stateListeners.add(Objects.requireNonNull(listener));
        return this;
    }

    @Override
    public PluginEngine build() {
        List<ManifestFormat> all = new ArrayList<>(formats);
        for (ManifestFormat f : ServiceLoader.load(ManifestFormat.class, EngineBuilder.class.getClassLoader())) {
            if (all.stream().noneMatch(existing -> existing.getClass().equals(f.getClass()))) all.add(f);
        }
        if (all.isEmpty()) {
            throw new PluginEngineException("no manifest format found: put manifest-yaml (module io.spirefy.pluginengine.manifest.yaml) "
                    + "on the class or module path, or give one to PluginEngine.Builder.manifestFormat(...)" + JLINK_HINT);
        }
        WasmRuntime chosen = runtime;
        String noRuntime = null;
        if (chosen == null) {
            List<WasmRuntime> found = availableRuntimes();
            if (runtimeName != null) {
                chosen = found.stream().filter(r -> r.name().equals(runtimeName)).findFirst().orElseThrow(() ->
                        new PluginEngineException("no WebAssembly runtime named '" + runtimeName + "'; found: "
                                + (found.isEmpty() ? "none" : found.stream().map(WasmRuntime::name).collect(Collectors.joining(", ")))
                                + JLINK_HINT));
                String why = chosen.unavailableReason().orElse(null);
                if (why != null) throw new PluginEngineException("runtime '" + runtimeName + "' cannot run here: " + why);
            } else {
                // Highest priority first, and no further than the first usable one: asking the native
                // runtime whether it can run loads JNA and libextism (about 0.1 s of a one-shot CLI call).
                chosen = found.stream().sorted(Comparator.comparingInt(WasmRuntime::priority).reversed())
                        .filter(r -> r.unavailableReason().isEmpty()).findFirst().orElse(null);
                if (chosen == null) {
                    noRuntime = "no WebAssembly runtime is available: put runtime-chicory (pure JVM) or runtime-extism-native "
                            + "on the class or module path" + (found.isEmpty() ? JLINK_HINT : "; found but unusable: "
                            + found.stream().map(r -> r.name() + " (" + r.unavailableReason().orElse("") + ")").collect(Collectors.joining(", ")));
                }
            }
        }
        if (chosen != null && codeCache != null) {
            EngineReporter warnings = reporter;
            String source = "code cache " + codeCache.folder();
            chosen.useCodeCache(codeCache, message -> warnings.problem(Problem.warning(source, null, message)));
        }
        // A plugin's ReadFile copies the file into its memory: no file larger than that limit is handed out.
        SourceLoader loader = new SourceLoader(archiveLimits, all, strict, limits.maxMemoryBytes(),
                new SignatureCheck(trust, requireSignatures));
        return new DefaultPluginEngine(chosen, noRuntime, limits, loader, hostFunctions, eventExecutor, reporter, stateListeners,
                new Capabilities(permissions, new DataFolders(dataRoot, dataQuotaBytes), new TemplateRenderer(templateOutputBytes)),
                payloadChecks, metrics, hostStackBytes);
    }

    /** Every runtime ServiceLoader finds, whether usable here or not. */
    public static List<WasmRuntime> availableRuntimes() {
        List<WasmRuntime> found = new ArrayList<>();
        ServiceLoader.load(WasmRuntime.class, EngineBuilder.class.getClassLoader()).forEach(found::add);
        return found;
    }
}
