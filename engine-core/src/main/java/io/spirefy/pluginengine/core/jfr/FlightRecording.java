package io.spirefy.pluginengine.core.jfr;

import jdk.jfr.FlightRecorder;

/**
 * Whether the engine's events may be recorded at all in this JVM.
 *
 * <p>Loading the first {@link jdk.jfr.Event} subclass makes the JVM start its Flight Recorder
 * support (its metadata, a handler class generated per event class): 45-65 ms of CPU in a one-shot
 * {@code plugin-engine call}, whether anything records or not (docs/PERFORMANCE.md, "The one-shot
 * CLI"). The engine therefore creates its events only once the Flight Recorder is initialized,
 * which every recording does when it is created ({@code -XX:StartFlightRecording}, {@code jcmd
 * JFR.start}, {@code new Recording()}, a {@code RecordingStream}); until then no event could be
 * enabled anyway.
 */
public final class FlightRecording {

    private FlightRecording() {
    }

    /** False until some recording has been created in this JVM; then true for good. */
    public static boolean possible() {
        return FlightRecorder.isInitialized();
    }
}
