package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Memory;

/**
 * One instance's memory budget, shared by the module's own linear memory and the Extism kernel's.
 *
 * <p><b>The rule.</b> {@code held = own pages + kernel pages above the kernel's initial size}, and
 * {@code held <= maxMemoryPages}. The kernel's initial 16 pages (1 MiB: its stack and statics, the
 * same for every instance, sitting below the first block) are not counted: a plugin cannot make the
 * host hold more of them. It is enforced at the only places either memory can grow or be read out
 * in bulk:
 * <ul>
 * <li>the module's own memory has at most {@code maxMemoryPages} pages: past it {@code memory.grow}
 *     answers -1 (chicory-sdk builds it with these limits);</li>
 * <li>the kernel grows only inside its {@code alloc}, which every kernel block goes through (the
 *     guest's {@code alloc}, the sdk's copy of the input, a host function's output). A block larger
 *     than the pages the own memory leaves ({@code n > (max - own) * 64 KiB}) can never fit and is
 *     refused before the kernel runs: nothing grows and the instance stays usable. After every
 *     {@code alloc}, a {@code held} above the budget fails the call: the instance is then beyond
 *     repair (a memory never shrinks) and is discarded;</li>
 * <li>an output ({@code output_set}) longer than the budget is refused (the sdk would copy it into
 *     one Java array);</li>
 * <li>at the end of every call and instantiation {@code held} is checked again, since the own
 *     memory may have grown after the kernel's last block.</li>
 * </ul>
 * Once past the budget, every later {@code alloc} of the instance is refused. So the kernel's growth
 * passes the line at most once, by at most what the own memory left (plus one page): the kernel
 * holds at most about twice the budget, the own memory at most the budget, and an instance more than
 * the budget only from the {@code alloc} (or own growth) that crossed it to the end of that call,
 * which fails and discards the instance. Usually the guest unwinds at once (a guest cannot catch the
 * failure) and the excess is at most one block.
 * chicory-sdk 0.3.0 builds the kernel's instance itself, with no way to give it a memory of ours
 * (chicory-sdk #66); its machine factory is the one hook we get, which is why the kernel is guarded at
 * its entry points rather than inside {@code memory.grow}.
 */
final class MemoryBudget {

    static final int PAGE = 65536;

    private final int maxPages;
    private Memory own;
    private Memory kernel;
    private int kernelBase;
    /** Set once held passed the budget: sticky, because the guest (or a host function) may swallow the failure. */
    private volatile boolean overrun;

    MemoryBudget(int maxPages) {
        this.maxPages = maxPages;
    }

    int maxPages() {
        return maxPages;
    }

    /** The module's own memory, once its instance exists (null for a module without memory). */
    void own(Memory memory) {
        this.own = memory;
    }

    /** The kernel's memory, once its instance exists: its size then is the uncounted base. */
    void kernel(Memory memory) {
        this.kernel = memory;
        this.kernelBase = memory == null ? 0 : memory.pages();
    }

    /** Pages counted against the budget now. */
    int heldPages() {
        Memory o = own;
        Memory k = kernel;
        int ownPages = o == null ? 0 : o.pages();
        int kernelPages = k == null ? 0 : Math.max(0, k.pages() - kernelBase);
        return ownPages + kernelPages;
    }

    /** Whether the memories are within the budget and have never passed it. */
    boolean within() {
        return !overrun && heldPages() <= maxPages;
    }

    boolean overrun() {
        return overrun;
    }

    /**
     * Before the kernel's {@code alloc(bytes)}: refuses a block that cannot fit whatever the kernel
     * holds, and any block once the budget was passed (a host function may have swallowed that failure).
     */
    void beforeAlloc(long bytes) {
        if (overrun) {
            throw exceeded();
        }
        Memory o = own;
        long room = (long) (maxPages - (o == null ? 0 : o.pages())) * PAGE;
        if (bytes < 0 || bytes > room) {
            throw new MemoryLimitException("a block of " + Long.toUnsignedString(bytes)
                    + " bytes in Extism memory does not fit in the memory limit of " + maxPages + " pages"
                    + " (" + (o == null ? 0 : o.pages()) + " held by the module's own memory)", false);
        }
    }

    /** After the kernel's {@code alloc}: fails when the kernel grew past what the budget leaves. */
    void afterAlloc() {
        if (heldPages() > maxPages) {
            throw exceeded();
        }
    }

    /** Before {@code output_set(offset, bytes)}. */
    void beforeOutput(long bytes) {
        if (bytes < 0 || bytes > (long) maxPages * PAGE) {
            throw new MemoryLimitException("an output of " + Long.toUnsignedString(bytes)
                    + " bytes exceeds the memory limit of " + maxPages + " pages", false);
        }
    }

    /** The failure of a call or instantiation that ended with the memories beyond the budget; marks it overrun. */
    MemoryLimitException exceeded() {
        overrun = true;
        Memory o = own;
        int ownPages = o == null ? 0 : o.pages();
        return new MemoryLimitException("the plugin's memory passed the memory limit of " + maxPages + " pages ("
                + ownPages + " of its own, " + (heldPages() - ownPages) + " of Extism kernel blocks)", true);
    }

    /** Lets the memories go (the instance is discarded). */
    void release() {
        own = null;
        kernel = null;
    }
}
