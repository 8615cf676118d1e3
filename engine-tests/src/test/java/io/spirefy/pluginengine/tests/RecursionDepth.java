package io.spirefy.pluginengine.tests;

/**
 * How many frames of test.hostile.dive's recursion fit on the stack that runs a call, found by
 * calling its {@code probe} export (bisection). The attacks are sized from it rather than from a
 * constant, so they keep hitting the edge of the stack whatever runtime, JIT tier or thread stack
 * size runs them.
 */
final class RecursionDepth {

    /** Beyond this a stack is large enough that the attack is moot; it also bounds the probing. */
    static final int CAP = 1 << 21;

    private RecursionDepth() {
    }

    static int deepestFrames(AttackedEngine a) {
        int ok = 0;
        int bad = 1024;
        while (bad < CAP && fits(a, bad)) {
            ok = bad;
            bad *= 2;
        }
        if (bad >= CAP) return CAP;
        while (bad - ok > Math.max(16, ok / 200)) {
            int mid = ok + (bad - ok) / 2;
            if (fits(a, mid)) ok = mid;
            else bad = mid;
        }
        Measured.print("recursion fits " + ok + " frames on " + a.runtime + " (fails at " + bad + ")");
        return ok;
    }

    private static boolean fits(AttackedEngine a, int frames) {
        return a.call("test.hostile.dive", "probe", Integer.toString(frames)).thrown() == null;
    }
}
