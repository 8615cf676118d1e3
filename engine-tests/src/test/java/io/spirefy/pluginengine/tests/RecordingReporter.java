package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.FolderAction;
import io.spirefy.pluginengine.api.GuestLine;
import io.spirefy.pluginengine.api.Problem;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the engine reports so that tests can assert that failures reached the host. */
final class RecordingReporter implements EngineReporter {

    final List<Problem> problems = new CopyOnWriteArrayList<>();
    final List<String> listenerFailures = new CopyOnWriteArrayList<>();
    final List<GuestLine> guestLines = new CopyOnWriteArrayList<>();
    final List<FolderAction> folderActions = new CopyOnWriteArrayList<>();

    @Override
    public void folderAction(FolderAction action) {
        folderActions.add(action);
    }

    @Override
    public void problem(Problem problem) {
        problems.add(problem);
    }

    @Override
    public void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure) {
        listenerFailures.add(eventId + " " + failure.listenerRef() + ": " + failure.error().getMessage());
    }

    @Override
    public void guestOutput(GuestLine line) {
        guestLines.add(line);
    }
}
