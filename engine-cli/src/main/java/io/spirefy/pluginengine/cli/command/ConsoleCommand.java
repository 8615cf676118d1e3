package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PluginWatch;
import io.spirefy.pluginengine.cli.console.ConsoleServer;
import io.spirefy.pluginengine.cli.console.Loopback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code console}: a long-running host of the plugins, with a page on the loopback interface that
 * shows their graph, states, permissions, signatures and metrics and reloads them. It runs until
 * Ctrl-C (or, in-process, until its thread is interrupted), then closes the server and the engine.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Host the plugins and serve a page on 127.0.0.1 showing how they connect, what they cost,"
                + " and a reload button per plugin. Runs until Ctrl-C."})
final class ConsoleCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the server and the engine to close before the JVM goes on exiting. */
    private static final long CLOSE_WAIT_SECONDS = 15;

    @ParentCommand
    PluginEngineCommand root;

    @Mixin
    EngineOptions options;

    @Mixin
    PluginPaths plugins;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070",
            description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on; only a loopback address is accepted (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--watch", description = "Load, replace and unload archives as they appear, change and go in each --plugins folder.")
    boolean watch;

    @Override
    public Integer call() throws IOException {
        Io io = root.io();
        InetAddress address = bindAddress();
        if (port < 0 || port > 65535) throw new CliException(CliException.USAGE, "--port must be 0 to 65535, not " + port);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "plugin-engine-console-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<PluginWatch> watches = new ArrayList<>();
        try (EngineSession session = options.open(io, plugins.runtime(), EngineLimits.DEFAULTS, plugins.paths())) {
            session.requireSomethingLoaded(io, "console");
            PluginEngine engine = session.engine();
            engine.start();
            if (watch) watchFolders(engine, watches);
            try (ConsoleServer server = ConsoleServer.start(engine, new InetSocketAddress(address, port), session::problems,
                    line -> io.out().println("console: " + line))) {
                io.out().println("console: serving " + server.uri() + " (Ctrl-C stops it)");
                io.out().flush();
                stop.await();
            } catch (InterruptedException e) {
                // In-process hosts (the tests) stop the console by interrupting it.
                Thread.currentThread().interrupt();
            } finally {
                watches.forEach(PluginWatch::close);
            }
            io.out().println("console: stopped");
            return 0;
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is the one running, waiting for `closed` above.
            }
        }
    }

    private InetAddress bindAddress() {
        try {
            return Loopback.require(InetAddress.getByName(bind));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "--bind " + bind + ": the console listens only on a loopback address such as 127.0.0.1");
        }
    }

    /** Each --plugins folder of archives; an unpacked plugin's own folder is not one. */
    private void watchFolders(PluginEngine engine, List<PluginWatch> watches) {
        for (Path p : plugins.paths()) {
            if (!Files.isDirectory(p) || Files.exists(p.resolve("plugin.yaml")) || Files.exists(p.resolve("plugin.yml"))) continue;
            try {
                watches.add(engine.watch(p));
            } catch (PluginEngineException e) {
                throw new CliException(CliException.USAGE, "--watch " + p + ": " + e.getMessage(), e);
            }
        }
        if (watches.isEmpty()) throw new CliException(CliException.USAGE, "--watch needs a --plugins folder of archives");
    }

}
