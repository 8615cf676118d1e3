package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.EngineLimits;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of every command that builds an engine: whom to trust ({@link TrustOptions}), what
 * to grant ({@link GrantOptions}), where compiled code is kept ({@link CacheOptions}) and which of the
 * plugins' own output is shown ({@link GuestOutputOptions}). One mixin,
 * so that a command cannot take one of them and forget to apply it.
 */
public final class EngineOptions {

    @Mixin
    TrustOptions trust;

    @Mixin
    GrantOptions grants;

    @Mixin
    CacheOptions cache;

    @Mixin
    GuestOutputOptions guestOutput;

    /** Builds the engine with these options and loads {@code paths} into it (see {@link EngineSession#open}). */
    EngineSession open(Io io, String runtime, EngineLimits limits, List<Path> paths) {
        return EngineSession.open(runtime, limits, paths, cache.codeCache(), guestOutput.printer(io), builder -> {
            grants.apply(builder, trust.apply(builder));
        });
    }

    /** Whether the plugins' stderr lines are printed as they come ({@link GuestOutputOptions#showsStderr}). */
    boolean showsGuestStderr() {
        return guestOutput.showsStderr();
    }
}
