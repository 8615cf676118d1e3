package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;

/**
 * The machine of an instance made while its module still compiles in the background: Chicory's
 * interpreter until the compile is done, then the compiled machine, made for this same instance
 * (compiled code keeps its state in the instance's memory, globals and tables, as the interpreter
 * does), so an instance that lives long in a pool does not stay slow.
 *
 * <p>It switches only when no call of this instance is under way (a host function may call back into
 * its instance while an interpreted frame is below), and once; after the switch it only forwards. An
 * instance runs one call at a time, so its fields need no synchronization.
 */
final class SwitchingMachine implements Machine {

    /** Where the compile's result is looked for: null until it is done. */
    interface Source {
        Machines.Compiled ready();
    }

    private final Instance instance;
    private final Source source;
    private Machine current;
    private boolean switched;
    private int depth;

    SwitchingMachine(Instance instance, Source source) {
        this.instance = instance;
        this.source = source;
        this.current = new InterpreterMachine(instance);
    }

    /** Whether calls still run in the interpreter. */
    boolean interpreting() {
        return current instanceof InterpreterMachine;
    }

    @Override
    public long[] call(int funcId, long[] args) {
        if (switched) return current.call(funcId, args);
        if (depth == 0) {
            Machines.Compiled compiled = source.ready();
            if (compiled != null) {
                switched = true;
                // A module left wholly to the interpreter (compile failed or overran) stays as it is.
                if (!compiled.wholeModule()) current = compiled.factory().apply(instance);
                return current.call(funcId, args);
            }
        }
        depth++;
        try {
            return current.call(funcId, args);
        } finally {
            depth--;
        }
    }
}
