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
     * @param path an archive, a plugin directory, or a directory of them
     * @return the plugins loaded from {@code path} and the problems met there
     * @throws PluginEngineException only when {@code path} itself cannot be read
     */
    LoadResult load(Path path);

    /**
     * Loads one archive held in memory, for hosts that fetch plugins from elsewhere than a folder.
     *
     * @param sourceName names the archive in problems; its ending ({@code .zip}, {@code .tar.gz},
     *                   {@code .tgz}) decides how the bytes are read
     * @param archive    the archive's bytes; not kept after the call
     * @return the plugin loaded, or the problems that stopped it
     */
    LoadResult load(String sourceName, byte[] archive);

    /**
     * Replaces a loaded plugin by a new archive of the same plugin id, in one step (contract
     * section 7, Replace): every lookup sees the old plugin or the new one, never both and never
     * neither. The new plugin is compiled and, when the engine is started, instantiated and its
     * {@code start} run before it becomes visible; calls under way finish on the old instances,
     * which are then stopped. The new version may be the same as the old one (a rebuilt archive)
     * or another; a call by the old plugin's full hook ref reaches the new plugin's hook of that id.
     *
     * @param pluginRef the plugin to replace: {@code id@version}, or a bare id for the highest loaded version
     * @param source    an archive or plugin directory holding exactly one plugin of the same id
     * @return the new plugin's ref; or, when the new archive is bad, would not resolve, or its
     *         {@code start} fails, nothing loaded and an ERROR problem saying why, the old plugin
     *         still in place (also reported to the {@link EngineReporter})
     * @throws PluginEngineException when no plugin {@code pluginRef} is loaded, or {@code source}
     *                               itself cannot be read
     */
    LoadResult replace(String pluginRef, Path source);

    /**
     * {@link #replace(String, Path)} with the new archive held in memory.
     *
     * @param pluginRef  the plugin to replace: {@code id@version}, or a bare id for the highest loaded version
     * @param sourceName names the archive in problems; its ending decides how the bytes are read
     * @param archive    the archive's bytes; not kept after the call
     * @return as {@link #replace(String, Path)}
     */
    LoadResult replace(String pluginRef, String sourceName, byte[] archive);

    /**
     * Waits for calls under way in the plugin, stops it and removes it; its hooks' anchors re-resolve.
     *
     * @param pluginRef {@code id@version}, or a bare id for the highest loaded version
     */
    void unload(String pluginRef);

    /**
     * Watches a folder of plugin archives ({@code .zip}, {@code .tar.gz}, {@code .tgz}) and keeps
     * the engine in step with it: an archive added is loaded, one changed replaces its plugin
     * ({@link #replace(String, Path)}), one removed unloads it. A file is acted on only once its
     * size and modification time stayed the same across two looks {@code interval} apart, so a
     * file still being written is left alone; names starting with {@code .} or ending in
     * {@code .part}, {@code .tmp} or {@code .crdownload} are ignored until renamed. Archives already
     * in the folder are loaded at once, unless a plugin loaded from that very file is loaded.
     * Every action is reported to {@link EngineReporter#folderAction}.
     *
     * @param folder   the folder; plugin directories inside it are not watched
     * @param interval how often to look
     * @return the watch; closing it, or the engine, stops it
     * @throws PluginEngineException when {@code folder} is not a readable directory
     */
    PluginWatch watch(Path folder, Duration interval);

    /**
     * {@link #watch(Path, Duration)} looking once a second.
     *
     * @param folder the folder
     * @return the watch
     */
    default PluginWatch watch(Path folder) {
        return watch(folder, Duration.ofSeconds(1));
    }

    // ---- lifecycle -----------------------------------------------------------------------

    /**
     * Starts every resolved plugin (instantiating those with {@code loadOnStart}); plugins loaded
     * later start as they resolve. A plugin whose start fails is FAILED; the others go on.
     */
    void start();

    /**
     * Starts one plugin that was stopped or failed.
     *
     * @param pluginRef {@code id@version}, or a bare id for the highest loaded version
     */
    void start(String pluginRef);

    /**
     * Stops one plugin: waits for its calls under way, runs {@code stop} on its instances, discards them.
     *
     * @param pluginRef {@code id@version}, or a bare id for the highest loaded version
     */
    void stop(String pluginRef);

    /** Stops every plugin and frees the runtime's resources. */
    @Override
    void close();

    // ---- what is loaded ------------------------------------------------------------------

    /**
     * Every loaded plugin, whatever its state: a snapshot, not updated as plugins change.
     *
     * @return the plugins, one entry per loaded version
     */
    List<PluginInfo> plugins();

    /**
     * One loaded plugin, as {@link #plugins()} describes it.
     *
     * @param pluginRef {@code id@version}, or a bare id for the highest loaded version
     * @return the plugin, or empty when none of that ref is loaded
     */
    Optional<PluginInfo> plugin(String pluginRef);

    /**
     * Every declared anchor, the host's own included.
     *
     * @return a snapshot of the anchors and who declared them
     */
    List<AnchorInfo> anchors();

    /**
     * Every declared hook, resolved or not, with its resolution.
     *
     * @return a snapshot; an unresolved hook says why in its resolution
     */
    List<HookInfo> hooks();

    /**
     * The hooks resolved to an anchor, in call order (contract section 4): to the highest active
     * version of that anchor. Empty when none.
     *
     * @param anchorId the anchor's id, without version
     * @return the hooks to call, in order
     */
    List<HookInfo> hooks(String anchorId);

    /**
     * The hooks resolved to one version of an anchor, in call order: for a host that still serves
     * an older version of its anchor beside the newest.
     *
     * @param anchorId      the anchor's id
     * @param anchorVersion the exact version declared
     * @return the hooks to call, in order; empty when none or when that version is not declared
     */
    List<HookInfo> hooks(String anchorId, Version anchorVersion);

    /**
     * Every declared event, the host's own included.
     *
     * @return a snapshot of the events and who declared them
     */
    List<EventInfo> events();

    /**
     * Every listener, of plugins and of the host, resolved or not.
     *
     * @return a snapshot; an unresolved listener says why in its resolution
     */
    List<ListenerInfo> listeners();

    /**
     * Every problem reported since the engine was built, also those already given to the
     * {@link EngineReporter}: a host that did not watch the reporter can still find them here.
     *
     * @return the problems, oldest first
     */
    List<Problem> problems();

    /**
     * What each loaded plugin has cost so far: calls, failures, latencies, instances, compile time.
     *
     * @return a snapshot that does not change afterwards (all zero counts when metrics are off)
     */
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
     * @param hookRef the hook, as above
     * @param payload the hook's input, passed to the plugin unchanged
     * @return the hook's output
     */
    byte[] callHook(String hookRef, byte[] payload);

    /**
     * {@link #callHook(String, byte[])} bounded by an overall deadline covering every call beneath
     * it (hooks and events the plugin calls in turn), instead of the engine's
     * {@link EngineLimits#callTreeDeadline() default}.
     *
     * @param hookRef  the hook, as for {@link #callHook(String, byte[])}
     * @param payload  the hook's input
     * @param deadline how long the whole call tree may take
     * @return the hook's output
     * @throws PluginCallException as {@link #callHook(String, byte[])}, or of kind
     *                             {@link CallFailure#TIMEOUT} when the deadline passes
     */
    byte[] callHook(String hookRef, byte[] payload, Duration deadline);

    /**
     * {@link #callHook(String, byte[])} as part of the host's distributed trace: every call beneath
     * it carries {@code trace} (see {@link TraceContext}).
     *
     * @param hookRef the hook, as for {@link #callHook(String, byte[])}
     * @param payload the hook's input
     * @param trace   the host's trace context
     * @return the hook's output
     * @throws PluginCallException as {@link #callHook(String, byte[])}
     */
    byte[] callHook(String hookRef, byte[] payload, TraceContext trace);

    /**
     * Calls any export of a started plugin, as the CLI's {@code call} does: for tools and tests;
     * hosts normally call hooks, which resolution and ordering apply to.
     *
     * @param pluginRef {@code id@version}, or a bare id for the highest loaded version
     * @param function  the export's name
     * @param input     the call's input
     * @return the export's output
     * @throws PluginCallException naming the plugin, the function and why
     */
    byte[] call(String pluginRef, String function, byte[] input);

    /**
     * {@link #call(String, String, byte[])} bounded by an overall deadline covering every call beneath it.
     *
     * @param pluginRef {@code id@version}, or a bare id for the highest loaded version
     * @param function  the export's name
     * @param input     the call's input
     * @param deadline  how long the whole call tree may take
     * @return the export's output
     * @throws PluginCallException naming the plugin, the function and why
     */
    byte[] call(String pluginRef, String function, byte[] input, Duration deadline);

    /**
     * {@link #call(String, String, byte[])} as part of the host's distributed trace: every call
     * beneath it carries {@code trace} (see {@link TraceContext}).
     *
     * @param pluginRef {@code id@version}, or a bare id for the highest loaded version
     * @param function  the export's name
     * @param input     the call's input
     * @param trace     the host's trace context
     * @return the export's output
     * @throws PluginCallException naming the plugin, the function and why
     */
    byte[] call(String pluginRef, String function, byte[] input, TraceContext trace);

    /**
     * Sends an event as the host: synchronously, on this thread, to each resolved listener in order.
     *
     * @param eventId the event's id; the highest active version is sent
     * @param payload the event's payload, given to every listener unchanged
     * @return what each listener did; one listener's failure does not stop the others
     * @throws PluginCallException of kind NOT_FOUND when no active declaration of the event exists
     */
    DeliveryReport sendEvent(String eventId, byte[] payload);

    /**
     * {@link #sendEvent(String, byte[])} as part of the host's distributed trace: each listener,
     * and every call beneath it, carries {@code trace} (see {@link TraceContext}).
     *
     * @param eventId the event's id; the highest active version is sent
     * @param payload the event's payload, given to every listener unchanged
     * @param trace   the host's trace context
     * @return what each listener did
     * @throws PluginCallException as {@link #sendEvent(String, byte[])}
     */
    DeliveryReport sendEvent(String eventId, byte[] payload, TraceContext trace);

    /**
     * Sends an event on the executor given to {@link Builder#eventExecutor}, so that the caller
     * does not wait for the listeners.
     *
     * @param eventId the event's id; the highest active version is sent
     * @param payload the event's payload, copied before this method returns
     * @return completes with the delivery report, or exceptionally as {@link #sendEvent} would throw
     * @throws IllegalStateException when the builder was given no event executor
     */
    CompletableFuture<DeliveryReport> sendEventAsync(String eventId, byte[] payload);

    // ---- the host's own declarations ------------------------------------------------------

    /**
     * Declares an anchor owned by the host; hooks resolve to it as to a plugin's.
     *
     * @param anchor the anchor, declared by {@code host@0.0.0}
     */
    void declareAnchor(Anchor anchor);

    /**
     * Declares an event owned by the host, so that plugins can listen to what the host sends.
     *
     * @param event the event, declared by {@code host@0.0.0}
     */
    void declareEvent(Event event);

    /**
     * Adds a Java listener, resolved and ordered like a plugin's, under {@code host@0.0.0/id}.
     *
     * @param id           the listener's id, unique among the host's listeners
     * @param eventId      the event listened to
     * @param eventVersion the version written against, or {@code null} for the highest
     * @param order        its place among the event's listeners, lower first (contract section 6)
     * @param listener     called with each delivery, on the sending thread
     * @return closing it removes the listener
     */
    ListenerRegistration addListener(String id, String eventId, Version eventVersion, int order, EventListener listener);

    /**
     * Observes every plugin state change from now on.
     *
     * @param listener called on the thread that changes the state; it must not block
     */
    void addStateListener(PluginStateListener listener);

    /** What a host sets up before the engine exists. */
    interface Builder {

        /**
         * Picks a runtime by name among those found through ServiceLoader, when more than one is
         * present ({@code chicory}, {@code extism}).
         *
         * @param name the runtime's {@link WasmRuntime#name() name}
         * @return this builder
         */
        Builder runtime(String name);

        /**
         * Uses this runtime instance instead of looking one up.
         *
         * @param runtime the runtime every plugin of this engine is compiled and run on
         * @return this builder
         */
        Builder runtime(WasmRuntime runtime);

        /**
         * Adds a manifest format beside those found through ServiceLoader.
         *
         * @param format the format
         * @return this builder
         */
        Builder manifestFormat(ManifestFormat format);

        /**
         * Unknown manifest keys are errors rather than warnings: for publishers checking their
         * plugins, so that a misspelt key does not go unnoticed.
         *
         * @param strict {@code true} to reject unknown keys
         * @return this builder
         */
        Builder strict(boolean strict);

        /**
         * The time and memory limits every piece of plugin code runs under.
         *
         * @param limits the limits; default {@link EngineLimits#DEFAULTS}
         * @return this builder
         */
        Builder limits(EngineLimits limits);

        /**
         * The bounds an archive is read within, against archives built to exhaust the host.
         *
         * @param limits the limits; default {@link ArchiveLimits#DEFAULTS}
         * @return this builder
         */
        Builder archiveLimits(ArchiveLimits limits);

        /**
         * Lets the runtime keep compiled code in this cache between processes (contract section 9).
         * Off when not called. Entries that fail their authentication are discarded, recompiled and
         * reported to the {@link EngineReporter} as warnings.
         *
         * @param cache the cache
         * @return this builder
         */
        Builder codeCache(CodeCache cache);

        /**
         * The publisher keys whose signatures the engine can verify (contract section 9). Without
         * one, no signature can be verified. A signature that names a trusted key but does not
         * match the archive's files is always an error, whether signatures are required or not.
         *
         * @param trust the trusted publisher keys
         * @return this builder
         */
        Builder trust(TrustStore trust);

        /**
         * Loads only archives signed by a key of the {@link #trust trust store}, with every file as
         * signed; any other archive is rejected as a problem of its source, naming why. Off by default.
         *
         * @param require {@code true} to refuse unsigned and untrusted archives
         * @return this builder
         */
        Builder requireSignatures(boolean require);

        /**
         * Adds a host function beside the engine's own. It is offered only to plugins that ask for
         * permission {@code host:<namespace>/<name>} and are granted it by the {@link #permissions} policy.
         *
         * @param function the function; called on the plugin's calling thread
         * @return this builder
         */
        Builder hostFunction(HostFunction function);

        /**
         * Decides which of the permissions plugins ask for are granted (contract section 9), by
         * plugin id ({@link PermissionPolicy#grant}) or only to archives a trusted publisher key
         * verified ({@link PermissionPolicy#grantSigned}). Default: {@link PermissionPolicy#denyAll()}.
         *
         * @param policy the policy, asked once per plugin at load
         * @return this builder
         */
        Builder permissions(PermissionPolicy policy);

        /**
         * The folder under which each plugin granted {@code files} gets its own data folder, one
         * sub-folder per plugin id, created on first write. Without one, WriteFile fails saying so.
         *
         * @param root the folder; plugins cannot reach outside their own sub-folder
         * @return this builder
         */
        Builder dataRoot(Path root);

        /**
         * The most one plugin's data folder may hold, in bytes (default 64 MiB).
         *
         * @param bytes the quota; a write that would pass it fails
         * @return this builder
         */
        Builder dataQuotaBytes(long bytes);

        /**
         * The longest text one GenerateFromTemplate call may produce, in bytes of UTF-8 (default 16 MiB).
         *
         * @param bytes the bound; a longer rendering fails instead of filling the host's memory
         * @return this builder
         */
        Builder templateOutputBytes(long bytes);

        /**
         * Checks every hook payload, hook response and event payload against the schemas anchors
         * and events declare (contract section 10). On by default; off, payloads pass unchecked
         * (schemas are still compiled at load, and an invalid one is still a manifest error).
         *
         * @param check whether payloads and responses are checked
         * @return this builder
         */
        Builder payloadChecks(boolean check);

        /**
         * Counts calls, failures and latencies per plugin function ({@link PluginEngine#metrics()}).
         * On by default; off, those stay zero (compile and instantiate times are still kept).
         *
         * @param enabled whether calls are counted
         * @return this builder
         */
        Builder metrics(boolean enabled);

        /**
         * The stack, in bytes, that every thread of the host has free, at least, when it calls a
         * plugin ({@link PluginEngine#call}, {@link PluginEngine#callHook}, {@link PluginEngine#sendEvent}):
         * a promise the host makes, for example by calling only from threads it made with a stack
         * of that size or more ({@code new Thread(group, task, name, stackSize)}, or {@code -Xss})
         * and little deeper than their {@code run} method. Default 0: unknown. Threads of
         * {@link CallerThreads#factory()} need no such promise.
         *
         * <p>Why: a plugin call that makes nested calls (an anchor calling its hooks through
         * CallHook) must give each of them the stack its runtime reserves (contract section 7), so
         * the engine runs such a call from the host on an engine thread of known stack: a thread
         * switch per call. With a stack declared here it runs on the host's thread instead, its
         * nested calls inline as long as what is left holds what each level reserves (a module's
         * stack bound plus 256 KiB on chicory, where a module that may recurse has none and each
         * call into it goes to an engine thread; 1.25 MiB on extism), on an engine thread beyond
         * that. The engine keeps 512 KiB of the declared stack for the JVM's guard zones and its
         * own frames: 4 MiB holds an anchor and its hooks on extism. Calls the host makes from
         * inside its own listeners and host functions are not covered, and go on as before.
         *
         * <p>Declare no more than the threads have: a plugin that runs out of the stack promised
         * fails its call on chicory, and on extism can end the JVM (a native stack overflow).
         * Where the engine measures what each thread has left (Linux x86-64: JNA on JDK 17-21,
         * native access granted on JDK 22+, {@code --enable-native-access=io.spirefy.pluginengine.core}),
         * no declaration is needed.
         *
         * @param bytes the stack free at each call, at least; 0 for unknown
         * @return this builder
         */
        Builder hostStackBytes(long bytes);

        /**
         * Where {@link PluginEngine#sendEventAsync} delivers; without one it fails. Threads from
         * {@link CallerThreads#factory()} deliver with no switch to an engine thread for a listener
         * that calls hooks.
         *
         * @param executor the executor; the engine does not shut it down
         * @return this builder
         */
        Builder eventExecutor(Executor executor);

        /**
         * Where problems and listener failures are reported (default: System.Logger).
         *
         * @param reporter the reporter; called from any thread
         * @return this builder
         */
        Builder reporter(EngineReporter reporter);

        /**
         * Observes plugin state changes from the first, which {@link PluginEngine#addStateListener}
         * added after {@code build()} would miss.
         *
         * @param listener called on the thread that changes the state; it must not block
         * @return this builder
         */
        Builder stateListener(PluginStateListener listener);

        /**
         * Makes the engine: finds runtimes and manifest formats through ServiceLoader. With no
         * usable runtime the engine is still built (it can inspect plugins), and {@link PluginEngine#start()}
         * reports why no plugin can start as an error problem.
         *
         * @return the engine, with nothing loaded
         * @throws PluginEngineException when no manifest format is found, or when the runtime named
         *                               by {@link #runtime(String)} is missing or unusable here; the
         *                               message names the jlink options that add a missing module
         */

        PluginEngine build();
    }
}
