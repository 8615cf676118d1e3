package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.core.archive.PluginFiles;
import io.spirefy.pluginengine.core.contract.PluginContracts;

import java.util.HashSet;
import java.util.Set;

/**
 * A loaded plugin and what the engine holds for it: its files, its compiled module and its
 * instances. State changes happen under the engine's lock; calls read it without.
 */
final class PluginEntry {

    final PluginDescriptor descriptor;
    final String source;
    final PluginFiles files;
    final byte[] wasm;
    final long loadSequence;
    final SignatureInfo signature;
    /** What it was granted and is offered to import (contract section 9). */
    final HostOffer offer;
    /** Its anchors' and events' schemas, compiled at load (contract section 10). */
    final PluginContracts contracts;
    /** Its calls' counters, compile and instantiate times. */
    final PluginStats stats = new PluginStats();
    /** {@code id@version}, kept: the call path names the plugin on every call. */
    private final String ref;

    private volatile PluginState state = PluginState.LOADED;
    private volatile String failure;
    private volatile InstancePool pool;
    private WasmModule module;
    /** {@link WasmModule#stackBytesPerEntry()} of {@link #module} once asked for (it may cost a pass over the code), read without the lock. */
    private volatile long stackBytesPerEntry = NOT_YET;
    private static final long NOT_YET = Long.MIN_VALUE;
    /** Functions seen making nested calls when the host called them (see PluginCalls#callUncounted). Replaced, never mutated. */
    private volatile Set<String> nesting = Set.of();
    /** Set while a replacement is prepared outside the registry: its failures are the replace's, not a plugin's state change. */
    private volatile boolean staged;
    /** What replaced it, once it was: a call that found this entry but not yet an instance goes there instead. */
    private volatile PluginEntry replacement;
    /** Why the module's imports keep it from resolving, or null: decided once, at load. */
    private String unmetImports;

    /** A plugin granted nothing beyond the core. */
    PluginEntry(PluginDescriptor descriptor, String source, PluginFiles files, byte[] wasm, long loadSequence) {
        this(descriptor, source, files, wasm, loadSequence, HostOffer.CORE_ONLY, SignatureInfo.UNSIGNED, PluginContracts.NONE);
    }

    PluginEntry(PluginDescriptor descriptor, String source, PluginFiles files, byte[] wasm, long loadSequence, HostOffer offer,
                SignatureInfo signature, PluginContracts contracts) {
        this.offer = offer;
        this.contracts = contracts;
        this.descriptor = descriptor;
        this.source = source;
        this.files = files;
        this.wasm = wasm;
        this.loadSequence = loadSequence;
        this.ref = descriptor.ref();
        this.signature = signature;
    }

    String ref() { return ref; }

    /** The key of plugin {@code id} at {@code version}: the same string as {@link #ref()}. */
    static String ref(String id, io.spirefy.pluginengine.api.plugin.Version version) {
        return id + "@" + version;
    }

    PluginState state() { return state; }

    String unmetImports() { return unmetImports; }

    void unmetImports(String reason) { this.unmetImports = reason; }

    String failure() { return failure; }

    void state(PluginState state, String failure) {
        this.state = state;
        this.failure = failure;
    }

    boolean staged() { return staged; }

    void staged(boolean staged) { this.staged = staged; }

    PluginEntry replacement() { return replacement; }

    void replacement(PluginEntry by) { this.replacement = by; }

    InstancePool pool() { return pool; }

    void pool(InstancePool pool) { this.pool = pool; }

    synchronized WasmModule module() { return module; }

    synchronized void module(WasmModule module) {
        this.module = module;
        this.stackBytesPerEntry = NOT_YET;
    }

    /** The most stack one entry into an instance takes, or -1 when its runtime cannot bound it (or it has no module). */
    long stackBytesPerEntry() {
        long bound = stackBytesPerEntry;
        if (bound != NOT_YET) return bound;
        // Asked outside the lock: the module may take a while. Two threads may both ask; same answer.
        WasmModule m = module();
        bound = m == null ? -1 : m.stackBytesPerEntry();
        synchronized (this) {
            if (module == m && stackBytesPerEntry == NOT_YET) stackBytesPerEntry = bound;
        }
        return bound;
    }

    /** Whether {@code function} made nested calls when the host called it. */
    boolean nests(String function) {
        Set<String> s = nesting;
        return !s.isEmpty() && s.contains(function);
    }

    /** Remembers that {@code function} makes nested calls. */
    synchronized void nestsFrom(String function) {
        if (nesting.contains(function)) return;
        Set<String> more = new HashSet<>(nesting);
        more.add(function);
        nesting = Set.copyOf(more);
    }

    PluginInfo info() {
        return new PluginInfo(descriptor, source, state, failure, offer.granted(), signature);
    }
}
