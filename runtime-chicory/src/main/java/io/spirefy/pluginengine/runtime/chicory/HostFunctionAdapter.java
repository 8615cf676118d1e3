package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.HostCallContext;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ValueType;
import org.extism.sdk.chicory.CurrentPlugin;
import org.extism.sdk.chicory.ExtismHostFunction;
import org.extism.sdk.chicory.ExtismValType;
import org.extism.sdk.chicory.ExtismValueList;

import java.util.ArrayList;
import java.util.List;

/** Turns an engine {@link HostFunction} into an sdk host function for one instance. */
final class HostFunctionAdapter {

    private HostFunctionAdapter() {
    }

    /**
     * A new sdk host function: the sdk binds each object to the one plugin instance it is linked into,
     * so one is made per instance.
     */
    static ExtismHostFunction toExtism(HostFunction function) {
        String qualified = function.namespace() + "::" + function.name();
        int resultCount = function.results().size();
        return ExtismHostFunction.of(function.namespace(), function.name(),
                (CurrentPlugin current, ExtismValueList args, ExtismValueList results) -> {
                    long[] raw = new long[function.params().size()];
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = args.getRaw(i);
                    }
                    long[] out;
                    try {
                        out = function.body().call(new Context(current, qualified), raw);
                    } catch (MemoryLimitException | VirtualMachineError e) {
                        // The instance's memory limit, the JVM's heap or the thread's stack: not this
                        // function's fault; the call that catches them says what they mean.
                        throw e;
                    } catch (RuntimeException | Error e) {
                        throw new HostFunctionException(qualified, e);
                    }
                    int produced = out == null ? 0 : out.length;
                    if (produced != resultCount) {
                        throw new HostFunctionException(qualified, "returned " + produced
                                + " values, its declaration has " + resultCount + " results");
                    }
                    for (int i = 0; i < resultCount; i++) {
                        results.setRaw(i, out[i]);
                    }
                },
                types(function.params()), types(function.results()));
    }

    private static List<ExtismValType> types(List<ValueType> types) {
        List<ExtismValType> result = new ArrayList<>(types.size());
        for (ValueType t : types) {
            switch (t) {
                case I32: result.add(ExtismValType.I32); break;
                case I64: result.add(ExtismValType.I64); break;
                case F32: result.add(ExtismValType.F32); break;
                case F64: result.add(ExtismValType.F64); break;
                default: throw new IllegalArgumentException("unknown value type " + t);
            }
        }
        return result;
    }

    /** The calling instance's Extism memory (the kernel's blocks), valid during the host call. */
    private static final class Context implements HostCallContext {
        private final CurrentPlugin current;
        private final String function;

        Context(CurrentPlugin current, String function) {
            this.current = current;
            this.function = function;
        }

        @Override
        public byte[] read(long offset) {
            if (offset == 0) {
                return new byte[0];
            }
            return plugin().memory().readBytes(offset);
        }

        @Override
        public long write(byte[] bytes) {
            return plugin().memory().writeBytes(bytes);
        }

        private CurrentPlugin plugin() {
            if (current == null) {
                // The sdk binds host functions to their plugin only after _initialize has run.
                throw new IllegalStateException("host function " + function
                        + " cannot use Extism memory while the module initializes (_initialize)");
            }
            return current;
        }
    }
}
