package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.Problem;

/** The default reporter: {@link System.Logger}, so hosts route it to their own logging. */
final class LoggingReporter implements EngineReporter {

    private static final System.Logger LOG = System.getLogger("io.spirefy.pluginengine");

    @Override
    public void problem(Problem problem) {
        LOG.log(problem.severity() == Problem.Severity.ERROR ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                problem.toString());
    }

    @Override
    public void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure) {
        LOG.log(System.Logger.Level.WARNING, "event " + eventId + ": listener " + failure.listenerRef() + " failed: "
                + failure.error().getMessage());
    }
}
