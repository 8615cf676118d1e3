package io.spirefy.pluginengine.api;

/** A plugin archive was rejected (contract section 2); names the archive and, where known, the entry. */
public class ArchiveException extends PluginEngineException {

    private final String source;
    private final String entry;

    public ArchiveException(String source, String entry, String message) {
        super(source + (entry == null ? "" : ": entry '" + entry + "'") + ": " + message);
        this.source = source;
        this.entry = entry;
    }

    /** The archive or directory. */
    public String source() { return source; }

    /** The offending entry, or {@code null} when the archive as a whole is at fault. */
    public String entry() { return entry; }
}
