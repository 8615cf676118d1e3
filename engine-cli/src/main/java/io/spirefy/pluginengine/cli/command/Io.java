package io.spirefy.pluginengine.cli.command;

import java.io.PrintStream;

/**
 * Where a command writes: {@code out} carries only its result (plugin output bytes, JSON, the
 * report), {@code err} carries problems and failures, one line each.
 */
public record Io(PrintStream out, PrintStream err) {
}
