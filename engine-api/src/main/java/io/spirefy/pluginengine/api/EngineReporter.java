package io.spirefy.pluginengine.api;

/**
 * Where the engine reports what it does not throw: problems of plugin sources, and failures of
 * listeners and of asynchronous deliveries. The default logs through {@link System.Logger}.
 */
public interface EngineReporter {

    /**
     * A problem of a plugin source, or of the engine (e.g. no usable runtime at start).
     *
     * @param problem what and where; also kept in {@link PluginEngine#problems()}
     */
    void problem(Problem problem);

    /**
     * A listener failed; the other listeners of the event were still called.
     *
     * @param eventId   the event delivered
     * @param failure   which listener and why
     */
    void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure);

    /**
     * What a watched plugin folder made the engine do: an archive loaded, replaced, unloaded, or
     * not (then its problems are also given to {@link #problem}). The default logs it through the
     * {@link System.Logger} named {@code pluginengine.watch}, a failure as a warning.
     *
     * @param action what was done, to which archive and plugin
     */
    default void folderAction(FolderAction action) {
        System.getLogger("pluginengine.watch").log(action.kind() == FolderAction.Kind.FAILED
                ? System.Logger.Level.WARNING : System.Logger.Level.INFO, action.toString());
    }

    /**
     * A line of a plugin's own output: what it logged, or wrote to stdout or stderr (contract
     * section 5), at most the engine's per-call bound of it. Called on the thread of the call,
     * while the plugin runs: keep it quick; what it throws is ignored. The default logs it through
     * the {@link System.Logger} named {@code pluginengine.plugin.<pluginId>} at the line's level,
     * as {@link GuestLine#toString()}.
     *
     * @param line the plugin's ref, where the line came from, its level and its text
     */
    default void guestOutput(GuestLine line) {
        System.getLogger("pluginengine.plugin." + line.pluginId()).log(line.level(), line.toString());
    }
}
