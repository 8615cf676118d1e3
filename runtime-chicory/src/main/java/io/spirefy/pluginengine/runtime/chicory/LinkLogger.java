package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.log.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The sdk's logger for one instance. While linking it also collects the imports the sdk could not
 * resolve (the sdk only logs them, then fails with a bare "Unresolved symbols"), so that the LINK error
 * can name them. Everything is passed on to {@link System.Logger}, prefixed with the module's name, so
 * guest log lines ({@code extism:host/env} log_*) say which plugin wrote them.
 */
final class LinkLogger implements Logger {

    private static final System.Logger OUT = System.getLogger("io.spirefy.pluginengine.runtime.chicory.guest");
    private static final String UNRESOLVED = "Cannot find symbol: ";
    /** The sdk's second line for each unresolved import; the first says it all. */
    private static final String UNDEFINED = "Cannot find definition for the given symbol: ";

    private final String moduleName;
    private final List<String> unresolved = new ArrayList<>();
    private volatile boolean linking = true;

    LinkLogger(String moduleName) {
        this.moduleName = moduleName;
    }

    /** Linking is over: stop collecting. */
    void linked() {
        linking = false;
    }

    List<String> unresolvedImports() {
        synchronized (unresolved) {
            return List.copyOf(unresolved);
        }
    }

    @Override
    public void log(Level level, String msg, Throwable throwable) {
        if (linking && msg != null && msg.startsWith(UNRESOLVED)) {
            synchronized (unresolved) {
                unresolved.add(msg.substring(UNRESOLVED.length()).trim());
            }
            return; // reported in the LINK error instead
        }
        if (linking && msg != null && msg.startsWith(UNDEFINED)) {
            return;
        }
        System.Logger.Level target = toSystem(level);
        if (OUT.isLoggable(target)) {
            OUT.log(target, "[" + moduleName + "] " + msg, throwable);
        }
    }

    @Override
    public boolean isLoggable(Level level) {
        return (linking && level.getSeverity() >= Level.WARNING.getSeverity()) || OUT.isLoggable(toSystem(level));
    }

    private static System.Logger.Level toSystem(Level level) {
        switch (level) {
            case ALL: return System.Logger.Level.ALL;
            case TRACE: return System.Logger.Level.TRACE;
            case DEBUG: return System.Logger.Level.DEBUG;
            case INFO: return System.Logger.Level.INFO;
            case WARNING: return System.Logger.Level.WARNING;
            case ERROR: return System.Logger.Level.ERROR;
            default: return System.Logger.Level.OFF;
        }
    }
}
