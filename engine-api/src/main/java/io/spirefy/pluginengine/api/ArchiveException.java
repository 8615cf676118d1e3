package io.spirefy.pluginengine.api;

/** A plugin archive was rejected (contract section 2); names the archive and, where known, the entry. */
public class ArchiveException extends PluginEngineException {

    private final String source;
    private final String entry;
    private final String reason;

    public ArchiveException(String source, String entry, String message) {
        super(source + (entry == null ? "" : ": entry '" + entry + "'") + ": " + message);
        this.source = source;
        this.entry = entry;
        this.reason = message;
    }

    /** The archive or directory. */
    public String source() { return source; }

    /** The offending entry, or {@code null} when the archive as a whole is at fault. */
    public String entry() { return entry; }

    /** What is wrong, without the archive and entry the full message starts with. */
    public String reason() { return reason; }
}
