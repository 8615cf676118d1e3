package io.spirefy.pluginengine.cli.command;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subcommands of {@code plugin-engine}, in the order {@code --help} lists them.
 *
 * <p>picocli builds a command's model by reflecting over its annotated fields, mixins and argument
 * groups, and it builds every subcommand's when the command is built: a third of a one-shot
 * {@code call}'s process went there (docs/PERFORMANCE.md, "The one-shot CLI"). When the first
 * argument names a subcommand, only that one is added; otherwise (help, a typo, an option first)
 * all are, so that picocli's own messages and suggestions are unchanged.
 */
public final class Subcommands {

    /** By the name each one's {@code @Command} gives it (SubcommandsTest checks that they agree). */
    static final Map<String, Class<?>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("inspect", InspectCommand.class);
        BY_NAME.put("call", CallCommand.class);
        BY_NAME.put("hooks", HooksCommand.class);
        BY_NAME.put("send", SendCommand.class);
        BY_NAME.put("demo", DemoCommand.class);
        BY_NAME.put("keygen", KeygenCommand.class);
        BY_NAME.put("sign", SignCommand.class);
        BY_NAME.put("verify", VerifyCommand.class);
        BY_NAME.put("cache", CacheCommand.class);
        BY_NAME.put("console", ConsoleCommand.class);
    }

    private Subcommands() {
    }

    /** Adds to {@code root} the subcommand {@code args} start with, or every one. */
    public static void addTo(CommandLine root, String[] args) {
        Class<?> named = args.length == 0 ? null : BY_NAME.get(args[0]);
        if (named != null) {
            root.addSubcommand(named);
            return;
        }
        BY_NAME.values().forEach(root::addSubcommand);
    }
}
