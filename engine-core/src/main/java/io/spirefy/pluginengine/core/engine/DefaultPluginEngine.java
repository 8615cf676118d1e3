package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.AnchorInfo;
import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.EngineMetrics;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.EventInfo;
import io.spirefy.pluginengine.api.EventListener;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.ListenerRegistration;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginMetrics;
import io.spirefy.pluginengine.api.PluginStateListener;
import io.spirefy.pluginengine.api.PluginWatch;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.TraceContext;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.core.archive.SourceLoader;
import io.spirefy.pluginengine.core.resolve.Snapshot;
import io.spirefy.pluginengine.core.watch.FolderWatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The engine a host holds: a facade that wires the collaborators and hands each request to the
 * one whose job it is. {@link PluginRegistry}: plugins and resolution, with {@link PluginLifecycle}
 * for their states;
 * {@link PluginCalls}: the call path and its limits; {@link EventBus}: events;
 * {@link InstanceFactory} and {@link InstancePool}: instances; {@link Modules}: compiling;
 * {@link HostFunctions}: what plugins can ask of the engine; {@link TimeoutWatchdog}: the timeouts.
 */
final class DefaultPluginEngine implements PluginEngine {

    private final SourceLoader loader;
    private final HostNotices notices;
    private final Modules modules;
    private final PluginRegistry registry;
    private final PluginCalls calls;
    private final EventBus events;
    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();
    private final EngineReporter reporter;
    private final List<PluginWatch> watches = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    DefaultPluginEngine(WasmRuntime runtime, String noRuntimeReason, EngineLimits limits, SourceLoader loader,
                        List<HostFunction> hostAdded, Executor eventExecutor, EngineReporter reporter,
                        List<PluginStateListener> stateListeners, Capabilities capabilities,
                        boolean payloadChecks, boolean metrics, long hostStackBytes) {
        this.loader = loader;
        this.reporter = reporter;
        this.notices = new HostNotices(reporter, stateListeners);
        this.modules = new Modules(runtime, noRuntimeReason, limits);
        this.registry = new PluginRegistry(notices, modules, limits.maxInstancesPerPlugin(), limits.callTimeout(),
                (d, signature) -> HostOffer.of(d, signature, capabilities.policy(), hostAdded));
        this.calls = new PluginCalls(limits, registry::view, payloadChecks, metrics, hostStackBytes);
        this.events = new EventBus(registry::view, calls, registry.host(), reporter, eventExecutor, limits, payloadChecks, metrics);
        HostFunctions hostFunctions = new HostFunctions(registry::view, calls, events, capabilities.data(),
                capabilities.templates(), limits.maxMemoryBytes());
        registry.instancesFrom(new InstanceFactory(modules, calls, hostFunctions, watchdog, limits, registry, reporter));
        registry.importsOfferedBy(hostFunctions::offeredTo);
    }

    Snapshot snapshot() {
        return registry.view().snapshot();
    }

    // ---- plugins and their lifecycle ---------------------------------------------------------

    @Override
    public LoadResult load(Path path) {
        ensureOpen();
        return registry.register(loader.load(path));
    }

    @Override
    public LoadResult load(String sourceName, byte[] archive) {
        ensureOpen();
        return registry.register(loader.load(sourceName, archive));
    }

    @Override
    public LoadResult replace(String pluginRef, Path source) {
        ensureOpen();
        registry.require(pluginRef);
        return registry.replace(pluginRef, loader.load(source));
    }

    @Override
    public LoadResult replace(String pluginRef, String sourceName, byte[] archive) {
        ensureOpen();
        registry.require(pluginRef);
        return registry.replace(pluginRef, loader.load(sourceName, archive));
    }

    @Override
    public PluginWatch watch(Path folder, Duration interval) {
        ensureOpen();
        FolderWatch watch = FolderWatch.start(this, reporter, folder, interval);
        watches.add(watch);
        return watch;
    }

    @Override
    public void unload(String pluginRef) {
        registry.unload(pluginRef);
    }

    @Override
    public void start() {
        ensureOpen();
        registry.startEngine(modules.noRuntimeReason());
    }

    @Override
    public void start(String pluginRef) {
        ensureOpen();
        registry.start(pluginRef);
    }

    @Override
    public void stop(String pluginRef) {
        registry.stop(pluginRef);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // First: a watch acting meanwhile would load into an engine going away.
        watches.forEach(PluginWatch::close);
        registry.close();
        watchdog.close();
        calls.close();
    }

    // ---- calls --------------------------------------------------------------------------------

    @Override
    public byte[] call(String pluginRef, String function, byte[] input) {
        return call(pluginRef, function, input, (Duration) null);
    }

    @Override
    public byte[] call(String pluginRef, String function, byte[] input, Duration deadline) {
        ensureOpen();
        for (int tries = 1; ; tries++) {
            PluginEntry entry = registry.view().find(pluginRef).orElseThrow(() ->
                    new PluginCallException(CallFailure.NOT_FOUND, pluginRef, function, "no plugin " + pluginRef + " is loaded"));
            try {
                return calls.callPlugin(entry, function, input, deadline);
            } catch (ReplacedMeanwhile e) {
                if (tries == PluginCalls.MAX_LOOKUPS) throw e;
            }
        }
    }

    @Override
    public byte[] call(String pluginRef, String function, byte[] input, TraceContext trace) {
        return calls.traced(trace, () -> call(pluginRef, function, input, (Duration) null));
    }

    @Override
    public byte[] callHook(String hookRef, byte[] payload, TraceContext trace) {
        ensureOpen();
        return calls.traced(trace, () -> calls.callHook(hookRef, HostPlugin.REF, payload, null));
    }

    @Override
    public byte[] callHook(String hookRef, byte[] payload) {
        ensureOpen();
        return calls.callHook(hookRef, HostPlugin.REF, payload, null);
    }

    @Override
    public byte[] callHook(String hookRef, byte[] payload, Duration deadline) {
        ensureOpen();
        return calls.callHook(hookRef, HostPlugin.REF, payload, deadline);
    }

    // ---- events -------------------------------------------------------------------------------

    @Override
    public DeliveryReport sendEvent(String eventId, byte[] payload) {
        ensureOpen();
        return events.deliver(eventId, payload, null);
    }

    @Override
    public DeliveryReport sendEvent(String eventId, byte[] payload, TraceContext trace) {
        ensureOpen();
        return calls.traced(trace, () -> events.deliver(eventId, payload, null));
    }

    @Override
    public CompletableFuture<DeliveryReport> sendEventAsync(String eventId, byte[] payload) {
        ensureOpen();
        return events.sendAsync(eventId, payload);
    }

    // ---- host declarations ----------------------------------------------------------------------

    @Override
    public void declareAnchor(Anchor anchor) {
        registry.declare(() -> registry.host().declare(anchor));
    }

    @Override
    public void declareEvent(Event event) {
        registry.declare(() -> registry.host().declare(event));
    }

    @Override
    public ListenerRegistration addListener(String id, String eventId, Version eventVersion, int order, EventListener listener) {
        HostPlugin host = registry.host();
        registry.declare(() -> host.addListener(id, eventId, eventVersion, order, listener));
        return () -> registry.declare(() -> host.removeListener(id));
    }

    @Override
    public void addStateListener(PluginStateListener listener) {
        notices.addStateListener(listener);
    }

    // ---- queries ----------------------------------------------------------------------------------

    @Override
    public List<PluginInfo> plugins() {
        return registry.plugins();
    }

    @Override
    public Optional<PluginInfo> plugin(String pluginRef) {
        return registry.view().find(pluginRef).map(PluginEntry::info);
    }

    @Override
    public List<AnchorInfo> anchors() {
        return snapshot().anchors();
    }

    @Override
    public List<HookInfo> hooks() {
        return snapshot().hooks();
    }

    @Override
    public List<HookInfo> hooks(String anchorId) {
        Snapshot s = snapshot();
        return s.anchorFor(anchorId, null).map(s::hooksOf).orElse(List.of());
    }

    @Override
    public List<HookInfo> hooks(String anchorId, Version anchorVersion) {
        Snapshot s = snapshot();
        return s.anchor(anchorId, anchorVersion).map(s::hooksOf).orElse(List.of());
    }

    @Override
    public List<EventInfo> events() {
        return snapshot().events();
    }

    @Override
    public List<ListenerInfo> listeners() {
        return snapshot().listeners();
    }

    @Override
    public List<Problem> problems() {
        return notices.problems();
    }

    @Override
    public EngineMetrics metrics() {
        return new EngineMetrics(registry.view().entries().values().stream()
                .map(e -> e.stats.snapshot(e.ref(), e.pool()))
                .sorted(java.util.Comparator.comparing(PluginMetrics::plugin)).toList());
    }

    private void ensureOpen() {
        if (closed) throw new PluginEngineException("the engine is closed");
    }

    @Override
    public String toString() {
        return "PluginEngine[runtime=" + modules.runtimeName() + ", plugins=" + registry.view().entries().size() + "]";
    }
}
