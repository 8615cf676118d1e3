package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.api.spi.WasmRuntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The engine as a host application sees it (contract section 8). Thread-safe.
 *
 * <p>Plugins are named by ref: {@code id@version}, or a bare {@code id}, which names the highest
 * version of that id that is loaded. Hooks and listeners by {@code pluginId@version/id}, or a bare
 * hook id when exactly one resolved hook has it (otherwise the call fails naming the candidates).
 */
public interface PluginEngine extends AutoCloseable {

    // ---- loading -------------------------------------------------------------------------

    /**
     * Loads an archive ({@code .zip}, {@code .tar.gz}, {@code .tgz}), an unpacked plugin directory
     * (one holding a manifest), or every archive and plugin directory directly inside a directory.
     * Bad sources are reported in the result and to the {@link EngineReporter}; they never stop the
     * others. Resolution is redone for everything already loaded.
     *
     * @throws PluginEngineException only when {@code path} itself cannot be read
     */
    LoadResult load(Path path);

    /** Loads one archive held in memory; {@code sourceName} names it in problems and decides its format by its ending. */
    LoadResult load(String sourceName, byte[] archive);

    /** Waits for calls under way in the plugin, stops it and removes it; its hooks' anchors re-resolve. */
    void unload(String pluginRef);

    // ---- lifecycle -----------------------------------------------------------------------

    /**
     * Starts every resolved plugin (instantiating those with {@code loadOnStart}); plugins loaded
     * later start as they resolve. A plugin whose start fails is FAILED; the others go on.
     */
    void start();

    /** Starts one plugin that was stopped or failed. */
    void start(String pluginRef);

    /** Stops one plugin: waits for its calls under way, runs {@code stop} on its instances, discards them. */
    void stop(String pluginRef);

    /** Stops every plugin and frees the runtime's resources. */
    @Override
    void close();

    // ---- what is loaded ------------------------------------------------------------------

    List<PluginInfo> plugins();

    Optional<PluginInfo> plugin(String pluginRef);

    List<AnchorInfo> anchors();

    /** Every declared hook, resolved or not, with its resolution. */
    List<HookInfo> hooks();

    /**
     * The hooks resolved to an anchor, in call order (contract section 4): to the highest active
     * version of that anchor. Empty when none.
     */
    List<HookInfo> hooks(String anchorId);

    /** The hooks resolved to one version of an anchor, in call order. */
    List<HookInfo> hooks(String anchorId, Version anchorVersion);

    List<EventInfo> events();

    List<ListenerInfo> listeners();

    /** Every problem reported since the engine was built. */
    List<Problem> problems();

    /** What each loaded plugin has cost so far: calls, failures, latencies, instances, compile time. */
    EngineMetrics metrics();

    // ---- calls ---------------------------------------------------------------------------

    /**
     * Calls a resolved hook with a payload.
     *
     * <p>{@code hookRef} is a full ref {@code pluginId@version/hookId}, or a bare hook id (contract
     * section 5). The host calls as the plugin {@code host@0.0.0} that owns its
     * {@linkplain #declareAnchor declared anchors}, so a bare id means, as for a plugin: the hook of
     * that id resolved to one of the host's own anchors when exactly one is; when none is, the one
     * resolved hook of that id anywhere. Several at that level fail, naming them.
     *
     * @throws PluginCallException naming the hook and why ({@link CallFailure#NOT_FOUND} for an
     *                             unknown or ambiguous one)
     */
    byte[] callHook(String hookRef, byte[] payload);

    /** {@link #callHook(String, byte[])} bounded by an overall deadline covering every call beneath it. */
    byte[] callHook(String hookRef, byte[] payload, Duration deadline);

    /** Calls any export of a started plugin, as the CLI's {@code call} does. */
    byte[] call(String pluginRef, String function, byte[] input);

    /** {@link #call(String, String, byte[])} bounded by an overall deadline. */
    byte[] call(String pluginRef, String function, byte[] input, Duration deadline);

    /**
     * Sends an event as the host: synchronously, on this thread, to each resolved listener in order.
     *
     * @throws PluginCallException of kind NOT_FOUND when no active declaration of the event exists
     */
    DeliveryReport sendEvent(String eventId, byte[] payload);

    /** Sends an event on the executor given to {@link Builder#eventExecutor}. */
    CompletableFuture<DeliveryReport> sendEventAsync(String eventId, byte[] payload);

    // ---- the host's own declarations ------------------------------------------------------

    /** Declares an anchor owned by the host; hooks resolve to it as to a plugin's. */
    void declareAnchor(Anchor anchor);

    /** Declares an event owned by the host. */
    void declareEvent(Event event);

    /**
     * Adds a Java listener, resolved and ordered like a plugin's, under {@code host@0.0.0/id}.
     *
     * @param eventVersion the version written against, or {@code null} for the highest
     * @return closing it removes the listener
     */
    ListenerRegistration addListener(String id, String eventId, Version eventVersion, int order, EventListener listener);

    /** Observes every plugin state change from now on. */
    void addStateListener(PluginStateListener listener);

    /** What a host sets up before the engine exists. */
    interface Builder {

        /** Picks a runtime by name among those found through ServiceLoader. */
        Builder runtime(String name);

        /** Uses this runtime instance. */
        Builder runtime(WasmRuntime runtime);

        /** Adds a manifest format beside those found through ServiceLoader. */
        Builder manifestFormat(ManifestFormat format);

        /** Unknown manifest keys are errors rather than warnings. */
        Builder strict(boolean strict);

        Builder limits(EngineLimits limits);

        Builder archiveLimits(ArchiveLimits limits);

        /**
         * Lets the runtime keep compiled code in this cache between processes (contract section 9).
         * Off when not called. Entries that fail their authentication are discarded, recompiled and
         * reported to the {@link EngineReporter} as warnings.
         */
        Builder codeCache(CodeCache cache);

        /**
         * The publisher keys whose signatures the engine can verify (contract section 9). Without
         * one, no signature can be verified. A signature that names a trusted key but does not
         * match the archive's files is always an error, whether signatures are required or not.
         */
        Builder trust(TrustStore trust);

        /**
         * Loads only archives signed by a key of the {@link #trust trust store}, with every file as
         * signed; any other archive is rejected as a problem of its source, naming why. Off by default.
         */
        Builder requireSignatures(boolean require);

        /**
         * Adds a host function beside the engine's own. It is offered only to plugins that ask for
         * permission {@code host:<namespace>/<name>} and are granted it by the {@link #permissions} policy.
         */
        Builder hostFunction(HostFunction function);

        /**
         * Decides which of the permissions plugins ask for are granted (contract section 9).
         * Default: {@link PermissionPolicy#denyAll()}.
         */
        Builder permissions(PermissionPolicy policy);

        /**
         * The folder under which each plugin granted {@code files} gets its own data folder, one
         * sub-folder per plugin id, created on first write. Without one, WriteFile fails saying so.
         */
        Builder dataRoot(Path root);

        /** The most one plugin's data folder may hold, in bytes (default 64 MiB). */
        Builder dataQuotaBytes(long bytes);

        /** The longest text one GenerateFromTemplate call may produce, in bytes of UTF-8 (default 16 MiB). */
        Builder templateOutputBytes(long bytes);

        /**
         * Checks every hook payload, hook response and event payload against the schemas anchors
         * and events declare (contract section 10). On by default; off, payloads pass unchecked
         * (schemas are still compiled at load, and an invalid one is still a manifest error).
         */
        Builder payloadChecks(boolean check);

        /**
         * Counts calls, failures and latencies per plugin function ({@link PluginEngine#metrics()}).
         * On by default; off, those stay zero (compile and instantiate times are still kept).
         */
        Builder metrics(boolean enabled);

        /** Where {@link #sendEventAsync} delivers; without one it fails. */
        Builder eventExecutor(Executor executor);

        /** Where problems and listener failures are reported (default: System.Logger). */
        Builder reporter(EngineReporter reporter);

        Builder stateListener(PluginStateListener listener);

        PluginEngine build();
    }
}
