package io.spirefy.pluginengine.core.engine;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The GetHookRefs answers one instance was handed during its current call, each known by the
 * offset of the block it was written to, so that {@code CallHookAt} can call a hook by its place in
 * one of them (docs/CONTRACT.md section 5) without the guest writing, and the engine reading, the
 * ref as a string.
 *
 * <p>What a guest can reach through it is no more than through {@code CallHook}: a list holds refs,
 * and each call resolves its ref afresh, so a hook removed or replaced since the list was handed
 * fails as {@code CallHook} with that ref would. Lists belong to one instance (one object per
 * instance) and to one call of it (the caller's {@link CallFrame}): a later call starts with none,
 * whatever offsets it passes. At most {@link #KEPT} lists are kept; a guest that lists more
 * loses the oldest. An instance runs one call at a time, so no locking (its pool's claim orders
 * the calls of different threads).
 */
final class HandedHookLists {

    /** Lists kept per call: more than an anchor needs at once (its own, and one per nested helper loop). */
    static final int KEPT = 8;
    /**
     * The largest payload kept for a next CallHookAt that says its block is unchanged: what an
     * idle instance may keep the engine holding for it until its next call. A larger payload is
     * read again, which then costs little beside its copy.
     */
    static final int KEPT_PAYLOAD_BYTES = 64 << 10;

    /**
     * The call the lists were handed in, weakly: a frame names its callers' frames and slots, which
     * an idle instance must not keep alive (an instance discarded since, with all its memory).
     */
    private WeakReference<Object> call = new WeakReference<>(null);
    private final long[] offsets = new long[KEPT];
    private final String[][] lists = new String[KEPT][];
    private int count;
    private int oldest;
    /** The last answer split into refs, and that answer (by identity: the view caches one per anchor). */
    private byte[] lastAnswer;
    private String[] lastRefs;
    /** The payload the last CallHookAt of this call sent, and the offset of the block it was read from. */
    private long payloadOffset;
    private byte[] payload;

    /** Remembers {@code answer}, written at {@code offset} during {@code call} (the caller's frame; none when null). */
    void handed(Object call, long offset, byte[] answer) {
        if (call == null) return;
        if (!isCurrent(call)) forget(call);
        String[] refs = split(answer);
        for (int i = 0; i < count; i++) {
            if (offsets[i] == offset) {
                lists[i] = refs;
                return;
            }
        }
        int at = count < KEPT ? count++ : oldest;
        if (count == KEPT && at == oldest) oldest = (oldest + 1) % KEPT;
        offsets[at] = offset;
        lists[at] = refs;
    }

    /** The refs handed at {@code offset} during {@code call}, or null when this call was handed none there. */
    String[] at(Object call, long offset) {
        if (!isCurrent(call)) return null;
        for (int i = 0; i < count; i++) if (offsets[i] == offset) return lists[i];
        return null;
    }

    /**
     * The bytes the last CallHookAt of {@code call} read from the block at {@code offset}, or null
     * when it read none there (or did not keep them).
     */
    byte[] sentBefore(Object call, long offset) {
        return isCurrent(call) && offset == payloadOffset ? payload : null;
    }

    /** Keeps what a CallHookAt of {@code call} read at {@code offset}, for the next one. */
    void sent(Object call, long offset, byte[] bytes) {
        if (!isCurrent(call)) return;
        boolean keep = bytes.length <= KEPT_PAYLOAD_BYTES;
        payloadOffset = keep ? offset : 0;
        payload = keep ? bytes : null;
    }

    private boolean isCurrent(Object call) {
        return call != null && this.call.get() == call;
    }

    private void forget(Object call) {
        this.call = new WeakReference<>(call);
        payloadOffset = 0;
        payload = null;
        for (int i = 0; i < count; i++) lists[i] = null;
        count = 0;
        oldest = 0;
    }

    private String[] split(byte[] answer) {
        if (answer == lastAnswer) return lastRefs;
        List<String> refs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < answer.length; i++) {
            if (answer[i] == '\n') {
                refs.add(new String(answer, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        lastRefs = refs.toArray(String[]::new);
        lastAnswer = answer;
        return lastRefs;
    }
}
