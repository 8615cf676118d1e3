package io.spirefy.pluginengine.api;

/** A plugin archive was rejected (contract section 2); names the archive and, where known, the entry. */
public class ArchiveException extends PluginEngineException {

    /** The archive or directory. */
    private final String source;
    /** The offending entry, or {@code null}. */
    private final String entry;
    /** What is wrong, without the archive and entry. */
    private final String reason;

    /**
     * A rejection whose message names the archive and entry before {@code message}.
     *
     * @param source  the archive or directory, as the host named it
     * @param entry   the offending entry, or {@code null} when the archive as a whole is at fault
     * @param message what is wrong
     */
    public ArchiveException(String source, String entry, String message) {
        super(source + (entry == null ? "" : ": entry '" + entry + "'") + ": " + message);
        this.source = source;
        this.entry = entry;
        this.reason = message;
    }

    /**
     * The archive or directory.
     *
     * @return the source, as the host named it
     */
    public String source() { return source; }

    /**
     * The offending entry.
     *
     * @return the entry's path in the archive, or {@code null} when the archive as a whole is at fault
     */
    public String entry() { return entry; }

    /**
     * What is wrong, without the archive and entry the full message starts with.
     *
     * @return the reason alone
     */
    public String reason() { return reason; }

}
