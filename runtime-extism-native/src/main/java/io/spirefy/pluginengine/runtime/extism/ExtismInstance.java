package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.HostCallContext;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.runtime.extism.internal.GuestRewrite;
import io.spirefy.pluginengine.runtime.extism.internal.LibExtism;
import io.spirefy.pluginengine.runtime.extism.internal.ExtismCalls;
import io.spirefy.pluginengine.runtime.extism.internal.HostEntry;
import io.spirefy.pluginengine.runtime.extism.internal.LibExtismLoader;
import io.spirefy.pluginengine.runtime.extism.internal.NativeBytes;
import io.spirefy.pluginengine.runtime.extism.internal.TimerThread;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One libextism plugin ({@code ExtismPlugin*}) of an {@link ExtismModule}.
 *
 * <h2>Cancelling</h2>
 * libextism's cancel only works once its timer knows the call, which it learns just before
 * entering the export; a cancel that arrives earlier is dropped. So {@link #cancel()} marks the
 * call, cancels, and re-sends the cancel every {@value #RESEND_MS} ms until that call has ended.
 * The state changes and every send happen under one lock, so a late re-send can never reach a
 * later call. The cancelled call fails with {@link Kind#CANCELLED}.
 *
 * <p><b>libextism race (1.41):</b> it posts "call started" to its timer thread <em>before</em>
 * arming the store's epoch deadline. A cancel the timer handles in between bumps the epoch too
 * early and removes the call from the timer, so the call is not stopped and later cancels are
 * ignored. The window is a few instructions wide (wider if the calling thread is preempted
 * there), and a cancel issued as the call starts hit it in about 1 of 25 tries here. So the
 * first cancel is held back until the call has run 5 ms, and re-sends back off (2 ms doubling
 * to {@value #MAX_RESEND_MS} ms), leaving the race only to a calling thread preempted inside
 * that window. A real fix belongs in libextism (arm the deadline before posting the start).
 *
 * <p>Caveat of libextism (it
 * interrupts through the wasmtime engine's epoch, and all instances of one compiled module
 * share that engine): instances of the same module running at that moment are interrupted too;
 * they fail with {@link Kind#TRAP} and a message saying so.
 *
 * <h2>Host functions that throw</h2>
 * libextism's C host functions cannot fail a call. A throwing body is recorded, its results are
 * zeroed and further host calls of that call are refused; when the call returns it fails with
 * {@link Kind#TRAP} carrying the body's message, whatever the guest did with the zero result (its
 * timeout still bounds it). The call is deliberately not cancelled: libextism cancels through the
 * engine that every instance of the module shares, and in a full test run a cancel issued here
 * left the next call on a fresh instance unable to find its own memory blocks.
 *
 * <h2>Failures</h2>
 * A non-zero return is {@link Kind#GUEST_ERROR} with the {@code error_set} text ("returned N
 * without an error message" without one). An output the guard refused ({@link RefusedOutput}) fails
 * with the kind and reason it gives. libextism reports wasmtime traps with return code
 * {@value #RC_TRAP} ({@link Kind#TRAP}), in a text that names no reason; {@link WasmTrapText}
 * tells stack exhaustion apart. Its memory limiter fails growth past the budget with "oom"
 * ({@link Kind#MEMORY_LIMIT}, "memory limit of N pages ... reached").
 *
 * <h2>Native stack</h2>
 * One call takes wasmtime's whole stack allowance on top of the calling thread's depth, and a
 * host function called at the deepest point still needs room for the JVM's callback. A thread
 * must not carry two of our calls at once: see {@link ExtismNativeRuntime#CALL_THREAD_STACK_BYTES}.
 * A Throwable in a host function (a StackOverflowError included, also one thrown as the binding
 * enters the callback, {@link HostEntry#failedOnEntry}) fails the call; only an overflow so deep
 * that the JVM cannot run the handler is lost (JNA then prints "error handling callback
 * exception"; the JDK's foreign-function API ends the JVM).
 *
 * <h2>Per-call cost</h2>
 * A call goes through the binding's per-call functions ({@link ExtismCalls}: the JDK's
 * foreign-function API on JDK 22+, JNA direct mapping before, addresses as {@code long}s), passes the export's name as the C string its module made once, and
 * the input through a native buffer this instance keeps ({@value #KEPT_INPUT_BYTES} bytes at most
 * are kept between calls), filled through a {@link ByteBuffer} view (no native call); the output is
 * copied once, straight into the returned array. Four native crossings per call: the call, the
 * output's length, its address, the copy.
 */
final class ExtismInstance implements WasmInstance {

    private static final System.Logger LOG = System.getLogger("io.spirefy.pluginengine.runtime.extism");

    static final int RC_TRAP = 134;
    static final long RESEND_MS = 2;
    static final long MAX_RESEND_MS = 200;
    static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The largest input buffer kept for the next call; a larger input gets a buffer of its own. */
    static final int KEPT_INPUT_BYTES = 1 << 20;
    private static final int MIN_INPUT_BYTES = 256;

    /** Live instances by the id passed to libextism as host context. */
    private static final Map<Long, ExtismInstance> LIVE = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    /** The instance inside a native call on this thread: the fallback when there is no host context. */
    private static final ThreadLocal<ExtismInstance> CURRENT = new ThreadLocal<>();
    private static final ScheduledExecutorService RESENDER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pluginengine-extism-cancel");
        t.setDaemon(true);
        return t;
    });

    /** The binding, for the per-call paths: a constant the JIT can see through. */
    private static final ExtismCalls N = LibExtismLoader.binding();

    /** Where the binding delivers host-function calls. */
    static final HostEntry ENTRY = new HostEntry() {
        @Override
        public void call(int slot, long currentPlugin, long inputs, long nInputs, long outputs, long nOutputs) {
            dispatch(slot, currentPlugin, inputs, nInputs, outputs, nOutputs);
        }

        @Override
        public void failedOnEntry(Throwable t) {
            failedBeforeDispatch(t);
        }
    };

    private final ExtismCalls lib;
    private final ExtismModule module;
    private final HostFunction[] bodies;
    private final long id = IDS.incrementAndGet();

    private final Object lock = new Object();
    // guarded by lock:
    private long plugin; // 0 until created and once freed
    /** {@link #plugin}, read by a call without the lock (0 once freed). */
    private long pluginAddress;
    private long cancelHandle;
    private boolean running;
    private long startedNanos;
    private long generation;
    private boolean cancelRequested;
    private boolean closeRequested;
    /** Set by a cancelled instantiation: every call starting from then on is cancelled at once. */
    private boolean cancelOnStart;

    /**
     * The address of this plugin's {@code ExtismCurrentPlugin}, learned on its first host call
     * (0 until then); see {@link #dispatch}. Only ever set to an address libextism passed along
     * with this instance's own host context, so any value a thread sees belongs to this plugin.
     */
    private volatile long currentPluginAddress;

    // touched only by the calling thread during a call (and by free(), when no call runs):
    /** The input buffer kept between calls; never null while a call runs (libextism gets no null data). */
    private NativeBytes inputBuffer;
    /** A view of {@link #inputBuffer}: filling it is a plain memory copy, not a native call. */
    private ByteBuffer inputView;
    private Throwable hostFailure;
    /** The slot whose host function failed: an int, so recording it needs no stack or heap. */
    private int hostFailureSlot;

    ExtismInstance(ExtismCalls lib, ExtismModule module, HostFunction[] bodies) {
        this.lib = lib;
        this.module = module;
        this.bodies = bodies;
    }

    /**
     * Makes the native plugin. libextism 1.41 instantiates here; guest code runs here only for a
     * module {@link GuestRewrite} had to leave as it was (a Haskell initializer), before any call
     * could carry a host context: this instance is the thread's current one meanwhile, so host
     * functions that code calls reach this instance's bodies.
     */
    void create(long compiled) throws WasmException {
        String[] err = new String[1];
        // The process's first instantiation also makes libextism's timer thread: see TimerThread.
        long p = TimerThread.aroundInstantiation(() -> newPlugin(compiled, err));
        if (p == 0) {
            String reason = ExtismModule.reason(err);
            if (hostFailure != null) {
                throw new WasmException(Kind.LINK, "initialization of module " + module.name() + " failed in host function "
                        + slotName(hostFailureSlot) + ": " + describe(hostFailure), hostFailure);
            }
            throw new WasmException(Kind.LINK, "module " + module.name() + " cannot be instantiated: " + reason);
        }
        synchronized (lock) {
            plugin = p;
            pluginAddress = p;
            cancelHandle = lib.pluginCancelHandle(p);
        }
        LIVE.put(id, this);
        if (hostFailure != null) {
            close();
            throw new WasmException(Kind.LINK, "initialization of module " + module.name() + " failed in host function "
                    + slotName(hostFailureSlot) + ": " + describe(hostFailure), hostFailure);
        }
    }

    /** {@code extism_plugin_new_from_compiled}, with this instance as the thread's current one. */
    private long newPlugin(long compiled, String[] err) {
        ExtismInstance previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return lib.pluginNewFromCompiled(compiled, err);
        } finally {
            if (previous == null) CURRENT.remove(); else CURRENT.set(previous);
        }
    }

    /** Whether a call is under way (for tests of cancel's timing). */
    boolean running() {
        synchronized (lock) {
            return running;
        }
    }

    /**
     * Runs what libextism would have run at instantiation, had {@link GuestRewrite} not moved it
     * here: the start function, then the initializer, each as an ordinary call that
     * {@code cancellation} stops. Without either, makes an older, lazily instantiating libextism
     * instantiate now: calling a name the module does not export makes it stop with "Function not
     * found"; any other failure is instantiation's.
     */
    void initialize(Cancellation cancellation) throws WasmException {
        List<Map.Entry<String, NativeBytes>> steps = module.initSteps();
        if (steps.isEmpty()) {
            probeInstantiation();
            return;
        }
        try (Cancellation.Registration ignored = cancellation.onCancel(this::cancelFromNowOn)) {
            for (Map.Entry<String, NativeBytes> step : steps) {
                String what = step.getKey().equals("start section") ? "its start section" : "its initializer " + step.getKey();
                if (cancellation.cancelled()) {
                    close();
                    throw new WasmException(Kind.CANCELLED, "module " + module.name() + ": cancelled before running " + what);
                }
                NativeCall r = invoke(step.getValue(), new byte[0]);
                if (r.hostFailure instanceof GuestExit exit) {
                    if (exit.success()) continue;
                    close();
                    throw new WasmException(Kind.LINK, "initialization of module " + module.name() + " failed: " + what
                            + " ended with " + exit.getMessage(), exit);
                }
                if (r.hostFailure != null) {
                    close();
                    throw new WasmException(Kind.LINK, "initialization of module " + module.name() + " failed: " + what
                            + " failed in host function " + r.hostFailureFunction
                            + ": " + describe(r.hostFailure), r.hostFailure);
                }
                if (r.rc == 0 && r.error == null) continue;
                close();
                if (r.cancelled || cancellation.cancelled()) {
                    throw new WasmException(Kind.CANCELLED, "module " + module.name() + ": cancelled while running " + what);
                }
                WasmException failure = failure(r);
                throw new WasmException(Kind.LINK, "initialization of module " + module.name() + " failed: " + what
                        + (failure.kind() == Kind.TRAP ? " trapped: " : " ") + failure.getMessage(), failure);
            }
        }
    }

    private void probeInstantiation() throws WasmException {
        String probe = "pluginengine:instantiate";
        while (module.shape().exports().contains(probe)) probe += "_";
        NativeCall r;
        NativeBytes name = ExtismModule.nativeCstr(lib, probe);
        try {
            r = invoke(name, new byte[0]);
        } finally {
            name.close();
        }
        if (r.hostFailure != null) {
            close();
            throw new WasmException(Kind.LINK, "initialization of module " + module.name() + " failed in host function "
                    + r.hostFailureFunction + ": " + describe(r.hostFailure), r.hostFailure);
        }
        if (r.rc == 0 || r.error == null || !r.error.startsWith("Function not found")) {
            close();
            throw new WasmException(Kind.LINK, "initialization of module " + module.name() + " failed: "
                    + (r.error == null ? "return code " + r.rc : r.error));
        }
    }

    /** A cancel of instantiation: stops the step running and every later one as it starts. */
    private void cancelFromNowOn() {
        synchronized (lock) {
            cancelOnStart = true;
        }
        cancel();
    }

    @Override
    public boolean hasFunction(String name) {
        return module.exports(name);
    }

    @Override
    public byte[] call(String function, byte[] input) throws WasmException {
        NativeBytes name = module.exportName(function);
        if (name == null) throw module.refusal(function);
        NativeCall r = invoke(name, input);
        if (r.rc == 0 && r.error == null && r.hostFailure == null) return r.output;
        if (r.hostFailure instanceof GuestExit exit && exit.success()) return r.output;
        throw failure(r);
    }

    /** What a failed native call means. The caller names function and module: say only what happened. */
    private WasmException failure(NativeCall r) {
        if (r.hostFailure instanceof RefusedOutput refused) return refused.toWasmException();
        if (r.hostFailure instanceof GuestExit exit) return exit.toWasmException();
        if (r.hostFailure != null) {
            return new WasmException(Kind.TRAP, "failed in host function " + r.hostFailureFunction + ": "
                    + describe(r.hostFailure), r.hostFailure);
        }
        if (r.cancelled) return new WasmException(Kind.CANCELLED, "cancelled");
        String error = r.error == null ? "" : r.error;
        if (error.equals("oom") || error.contains("oom")) {
            return new WasmException(Kind.MEMORY_LIMIT, "memory limit of " + module.spec().maxMemoryPages() + " pages ("
                    + module.spec().maxMemoryBytes() / 1024 + " KiB, its own memory and the Extism kernel's together) reached");
        }
        // No libextism timeout is ever configured (the engine times calls), so an interrupt or a
        // "timeout" that this instance did not ask for came from a cancel of another instance, as
        // does any failure while such a cancel was about (ExtismModule#cancelSentSince).
        // (A guest's own failure returns its own code, not libextism's -1, and keeps its message.)
        if (error.contains("wasm trap: interrupt") || error.equals("timeout")
                || r.rc == -1 && module.cancelSentSince(r.startedNanos)) {
            return new WasmException(Kind.TRAP, "interrupted because another instance of the same module "
                    + "was cancelled (libextism cancels through an engine shared by all instances of a module)");
        }
        if (r.rc == RC_TRAP || r.rc == -1 && looksLikeRuntimeError(error)) {
            return WasmTrapText.exception(error, module.code());
        }
        if (error.isEmpty()) return new WasmException(Kind.GUEST_ERROR, "returned " + r.rc + " without an error message");
        return new WasmException(Kind.GUEST_ERROR, error);
    }

    private String slotName(int slot) {
        return slot < 0 ? "(entering the host function)" : module.slots().get(slot).displayName();
    }

    /** A Throwable in words, also when it has no message (an Error often has none). */
    static String describe(Throwable t) {
        String m = t.getMessage();
        if (t instanceof Error || m == null || m.isBlank()) {
            return t.getClass().getName() + (m == null || m.isBlank() ? "" : ": " + m);
        }
        return m;
    }

    private static boolean looksLikeRuntimeError(String error) {
        return error.startsWith("error while executing") || error.contains("wasm trap") || error.contains("wasm backtrace");
    }

    private record NativeCall(int rc, byte[] output, String error, boolean cancelled,
                              Throwable hostFailure, String hostFailureFunction, long startedNanos) {}

    private NativeCall invoke(NativeBytes function, byte[] input) {
        long started;
        boolean cancelNow;
        synchronized (lock) {
            if (plugin == 0 || closeRequested) throw new IllegalStateException("instance of module " + module.name() + " is closed");
            if (running) throw new IllegalStateException("instance of module " + module.name() + " is already in a call");
            running = true;
            startedNanos = System.nanoTime();
            started = startedNanos;
            cancelRequested = false;
            generation++;
            cancelNow = cancelOnStart;
        }
        if (cancelNow) cancel();
        TimerThread.followCaller(started); // libextism's timer onto this core: see TimerThread
        hostFailure = null;
        hostFailureSlot = -1;
        ExtismInstance previous = CURRENT.get();
        CURRENT.set(this);
        int rc;
        byte[] output = null;
        String error = null;
        boolean cancelled;
        NativeBytes data = null;
        try {
            data = inputBuffer(input.length);
            if (data == inputBuffer) {
                inputView.put(0, input, 0, input.length);
            } else {
                data.view().put(0, input, 0, input.length);
            }
            long p = pluginAddress;
            rc = N.pluginCall(p, function.address(), data.address(), input.length, id);
            // A WASI exit with code 0 ends the call as a success, with the output set so far.
            if (rc == 0 || hostFailure instanceof GuestExit exit && exit.success()) {
                int len = Math.toIntExact(N.pluginOutputLength(p));
                output = new byte[len];
                if (len > 0) N.copyOut(N.pluginOutputData(p), output, len);
            } else {
                error = lib.pluginError(p);
            }
        } finally {
            if (data != null && data != inputBuffer) data.close(); // an oversized input's own buffer
            // set, not remove: removing would make the next call allocate a new map entry.
            CURRENT.set(previous);
            synchronized (lock) {
                running = false;
                cancelled = cancelRequested;
                if (closeRequested) free();
            }
        }
        return new NativeCall(rc, output, error, cancelled, hostFailure, slotName(hostFailureSlot), started);
    }

    /** A buffer of at least {@code n} bytes (at least one): the kept one, grown if needed, or, past the cap, a new one. */
    private NativeBytes inputBuffer(int n) {
        NativeBytes kept = inputBuffer;
        if (kept != null && kept.size() >= n) return kept;
        if (n > KEPT_INPUT_BYTES) return lib.allocate(n);
        long size = Math.max(MIN_INPUT_BYTES, kept == null ? n : Math.max(n, Math.min(2 * kept.size(), KEPT_INPUT_BYTES)));
        if (kept != null) kept.close();
        inputBuffer = lib.allocate(size);
        inputView = inputBuffer.view();
        return inputBuffer;
    }

    @Override
    public void cancel() {
        long gen;
        long wait;
        synchronized (lock) {
            if (!running || cancelRequested || plugin == 0) return;
            cancelRequested = true;
            gen = generation;
            // Right at its start a call is inside libextism's window (class comment): wait that out.
            wait = SETTLE_NANOS - (System.nanoTime() - startedNanos);
            if (wait <= 0) {
                module.cancelSent();
                TimerThread.beforeCancel(); // the cancel is the timer's message: see TimerThread
                lib.pluginCancel(cancelHandle);
            }
        }
        if (wait > 0) {
            RESENDER.schedule(() -> resend(gen, RESEND_MS), wait, TimeUnit.NANOSECONDS);
        } else {
            RESENDER.schedule(() -> resend(gen, RESEND_MS), RESEND_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Re-sends with a doubling delay: each send risks libextism's window (class comment). */
    private void resend(long gen, long delayMs) {
        synchronized (lock) {
            if (!running || generation != gen || plugin == 0) return;
            module.cancelSent();
            TimerThread.beforeCancel();
            lib.pluginCancel(cancelHandle);
        }
        long next = Math.min(delayMs * 2, MAX_RESEND_MS);
        RESENDER.schedule(() -> resend(gen, next), next, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (plugin == 0 || closeRequested) return;
            closeRequested = true;
            if (!running) free(); // else the call frees it when it returns
        }
    }

    private void free() {
        LIVE.remove(id);
        lib.pluginFree(plugin);
        plugin = 0;
        pluginAddress = 0;
        cancelHandle = 0;
        if (inputBuffer != null) inputBuffer.close();
        inputBuffer = null;
        inputView = null;
    }

    /**
     * A trampoline's entry: finds the calling instance and runs its body for {@code slot}. Never
     * throws: an exception crossing into native code would be lost and the results undefined.
     */
    static void dispatch(int slot, long cur, long inputsAddress, long nInputs, long outputsAddress, long nOutputs) {
        ExtismInstance instance = null;
        long outputs = outputsAddress;
        try {
            instance = CURRENT.get();
            // Shortcut: asking libextism for the host context costs about a third of a host call
            // here. The instance in a native call on this thread is the caller when its plugin is
            // the one calling: its ExtismCurrentPlugin, learned from an earlier host context, is
            // this one (two live plugins never share that address, and this one is live: it is in
            // a call). Otherwise ask, and remember the address for the instance it names.
            if (instance == null || instance.currentPluginAddress != cur) {
                long ctx = N.currentPluginHostContext(cur);
                ExtismInstance named = ctx == 0 ? null : LIVE.get(ctx);
                if (named != null) {
                    instance = named;
                    named.currentPluginAddress = cur;
                }
            }
            if (instance == null) {
                zero(outputs, nOutputs);
                LOG.log(System.Logger.Level.ERROR, "libextism called host function slot " + slot
                        + " for no live instance; it got zeros");
                return;
            }
            instance.runHost(slot, cur, inputsAddress, (int) nInputs, outputs, (int) nOutputs);
        } catch (Throwable t) {
            // Nothing may cross back into native code; the failure still reaches the caller: it
            // fails the instance's call (call() turns hostFailure into a TRAP), or is logged.
            // First the plain field writes, which need no stack (this may be a StackOverflowError
            // with little stack left), then what may fail again.
            boolean orphan = false;
            try {
                // the failure may have come before the instance was known: then the thread's call
                if (instance == null) instance = CURRENT.get();
                if (instance == null) {
                    orphan = true;
                } else if (instance.hostFailure == null) {
                    instance.hostFailure = t;
                    instance.hostFailureSlot = slot;
                }
            } catch (Throwable again) {
                orphan = true;
            }
            try {
                zero(outputs, nOutputs);
                if (orphan) LOG.log(System.Logger.Level.ERROR, "host function slot " + slot + " failed outside any call", t);
            } catch (Throwable again) {
                // nothing more can be done here
            }
        }
    }

    /**
     * A Throwable that the binding caught before our trampoline's code could run (a StackOverflowError
     * as the callback is entered): fails the thread's call, as {@link #dispatch} would have.
     */
    static void failedBeforeDispatch(Throwable t) {
        ExtismInstance instance = CURRENT.get();
        if (instance != null && instance.hostFailure == null) {
            instance.hostFailure = t;
            instance.hostFailureSlot = -1;
        }
    }

    private void runHost(int slot, long cur, long inputs, int nInputs, long outputs, int nOutputs) {
        ExtismModule.Slot s = module.slots().get(slot);
        if (hostFailure != null) { // the call is already failing: do not run more host code
            zero(outputs, nOutputs);
            return;
        }
        int[] paramTypes = s.imported().params();
        int[] resultTypes = s.imported().results();
        // The body sees the import's own arguments; with lengths (Slot#withLengths) the i64 ones
        // are followed by the kernel's length of each, which the context keeps for its reads.
        int declared = paramTypes.length;
        if (nInputs != s.linked().params().length) {
            throw new IllegalStateException("libextism passed " + nInputs + " arguments, the trampoline takes " + s.linked().params().length);
        }
        long[] args = new long[declared];
        for (int i = 0; i < declared; i++) {
            long at = val(i);
            args[i] = switch (paramTypes[i]) {
                case LibExtism.I32 -> N.getInt(inputs + at);
                case LibExtism.F32 -> Integer.toUnsignedLong(N.getInt(inputs + at));
                default -> N.getLong(inputs + at);
            };
        }
        long[] blocks = null;
        if (s.withLengths()) {
            blocks = new long[2 * (nInputs - declared)];
            int b = 0;
            for (int i = 0; i < declared; i++) {
                if (paramTypes[i] != LibExtism.I64) continue;
                blocks[b] = args[i];
                blocks[b + 1] = N.getLong(inputs + val(declared + b / 2));
                b += 2;
            }
        }
        NativeHostCallContext context = new NativeHostCallContext(cur, blocks);
        try {
            long[] results = bodies[slot].body().call(context, args);
            int n = results == null ? 0 : results.length;
            if (n != nOutputs) {
                throw new IllegalStateException("returned " + n + " results, the import declares " + nOutputs);
            }
            for (int i = 0; i < nOutputs; i++) {
                long at = val(i);
                switch (resultTypes[i]) {
                    case LibExtism.I32, LibExtism.F32 -> N.putInt(outputs + at, (int) results[i]);
                    default -> N.putLong(outputs + at, results[i]);
                }
            }
        } catch (Throwable t) {
            hostFailure = t;
            hostFailureSlot = slot;
            zero(outputs, nOutputs);
        } finally {
            context.invalidate();
        }
    }

    /** Where the value of the {@code i}th {@code ExtismVal} of an array lies, from the array's start. */
    private static long val(long i) {
        return i * LibExtism.VAL_SIZE + LibExtism.VAL_OFFSET;
    }

    private static void zero(long outputs, long n) {
        for (long i = 0; i < n; i++) N.putLong(outputs + val(i), 0L);
    }

    /**
     * {@link HostCallContext} over the calling plugin's Extism memory.
     *
     * <p>Block lengths: through the blocks shim ({@link io.spirefy.pluginengine.runtime.extism.internal.BlockLengths})
     * the host call arrives with the kernel's {@code length} of each i64 argument, asked in wasm
     * just before; a read of one of those very offsets takes that length instead of asking
     * libextism ({@code memory_length}, about 0.6 µs: a lookup by name and an untyped call into the
     * same kernel function). Nothing runs in the instance between the shim and the read but our own
     * allocations, which can reuse a block the guest freed: after the first, the lengths are
     * dropped and every read asks libextism, as before. Any other offset asks libextism too.
     */
    private static final class NativeHostCallContext implements HostCallContext {
        private long cur; // 0 once invalid
        /** Offset, length pairs from the blocks shim, or null (none, or dropped after an allocation). */
        private long[] blocks;
        /**
         * The Extism memory's address for this host call, 0 until asked for (libextism looks the
         * memory up by name each time: about 0.3 us). It can only move when the memory grows, which
         * during a host call only our own allocation does (the guest waits, and no other call can
         * enter this instance meanwhile): so it is asked for again after each allocation.
         */
        private long base;

        NativeHostCallContext(long cur, long[] blocks) {
            this.cur = cur;
            this.blocks = blocks;
        }

        private long length(long p, long offset) {
            long[] known = blocks;
            if (known != null) {
                for (int i = 0; i < known.length; i += 2) {
                    if (known[i] == offset) return known[i + 1];
                }
            }
            return N.currentPluginMemoryLength(p, offset);
        }

        void invalidate() { cur = 0; }

        private long current() {
            if (cur == 0) throw new IllegalStateException("a HostCallContext is valid only during its host call");
            return cur;
        }

        private long base(long p) {
            long b = base;
            if (b == 0) base = b = N.currentPluginMemory(p);
            return b;
        }

        @Override
        public byte[] read(long offset) {
            if (offset == 0) return new byte[0];
            long p = current();
            long len = length(p, offset);
            if (len == 0) throw new IllegalArgumentException("no Extism memory block at offset " + offset);
            long b = base(p);
            KernelBounds.check(N, b, offset, len);
            byte[] bytes = new byte[Math.toIntExact(len)];
            N.copyOut(b + offset, bytes, bytes.length);
            return bytes;
        }

        @Override
        public long write(byte[] bytes) {
            if (bytes.length == 0) return 0; // Extism cannot allocate an empty block
            long p = current();
            blocks = null; // the allocation may reuse a block the guest freed: its length was asked before
            long offset = N.currentPluginMemoryAlloc(p, bytes.length);
            base = 0; // growing may have moved the memory
            if (offset == 0) {
                throw new IllegalStateException("could not allocate " + bytes.length + " bytes in Extism memory (memory limit?)");
            }
            long b = base(p);
            KernelBounds.check(N, b, offset, bytes.length);
            N.copyIn(bytes, b + offset);
            return offset;
        }
    }
}
