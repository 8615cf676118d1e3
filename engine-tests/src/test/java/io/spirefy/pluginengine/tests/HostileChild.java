package io.spirefy.pluginengine.tests;

import org.opentest4j.TestAbortedException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The main class of the JVM that {@link ChildJvm} starts for one attack:
 * {@code HostileChild <SimpleClassName>#<method> <runtime>} calls that static method with the
 * runtime's name. Halts rather than exits, since a hung engine thread must not keep it alive.
 */
public final class HostileChild {

    private HostileChild() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            String[] target = args[0].split("#", 2);
            Method attack = Class.forName(HostileChild.class.getPackageName() + "." + target[0]).getDeclaredMethod(target[1], String.class);
            attack.setAccessible(true);
            long start = System.nanoTime();
            attack.invoke(null, args[1]);
            Measured.print("attack took " + Bounded.elapsedMillis(start) + " ms");
            System.out.println("PASSED");
            exit = ChildJvm.PASSED;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TestAbortedException) {
                System.out.println("ABORTED: " + cause.getMessage());
                exit = ChildJvm.ABORTED;
            } else {
                cause.printStackTrace(System.out);
                exit = ChildJvm.FAILED;
            }
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            exit = ChildJvm.FAILED;
        }
        System.out.flush();
        Runtime.getRuntime().halt(exit);
    }
}
