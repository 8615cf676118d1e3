package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --grant PLUGIN_ID=CAP[,CAP...]} (repeatable) and {@code --data DIR}, for every command
 * that loads plugins: the CLI's form of a {@link PermissionPolicy} and of the data root. Without
 * them a plugin gets the core only (contract section 9).
 */
public final class GrantOptions {

    @Option(names = "--grant", paramLabel = "PLUGIN_ID=CAP[,CAP...]",
            description = {"Grant permissions the plugin's manifest asks for: files, templates, host:<namespace>/<name>. "
                    + "PLUGIN_ID is an id, * for every plugin, or a prefix ending in .* (org.example.*). Repeatable.",
                    "A permission the manifest does not ask for is never granted."})
    List<String> grants = List.of();

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data root: each plugin granted 'files' writes in DIR/<plugin id>/ and nowhere else.")
    Path data;

    /**
     * What the options say, given to the builder.
     *
     * @throws CliException of {@link CliException#USAGE} for a grant that does not parse, or
     *                      {@code files} granted without {@code --data}
     */
    public void apply(PluginEngine.Builder builder) {
        PermissionPolicy policy = PermissionPolicy.denyAll();
        boolean filesGranted = false;
        for (String grant : grants) {
            Grant g = parse(grant);
            policy = policy.or(PermissionPolicy.grant(g.pattern(), g.permissions().toArray(Permission[]::new)));
            filesGranted |= g.permissions().contains(Permission.FILES);
        }
        if (filesGranted && data == null) {
            throw new CliException(CliException.USAGE, "--grant ...=files needs --data DIR, the folder that holds each plugin's data folder");
        }
        builder.permissions(policy);
        if (data != null) builder.dataRoot(data);
    }

    record Grant(String pattern, List<Permission> permissions) {
    }

    /** @throws CliException of {@link CliException#USAGE} saying what is wrong with {@code text} */
    static Grant parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) throw usage(text, "expected PLUGIN_ID=CAP[,CAP...]");
        String pattern = text.substring(0, eq).strip();
        if (!isIdPattern(pattern)) {
            throw usage(text, "'" + pattern + "' is not a plugin id, '*' or a prefix ending in '.*'");
        }
        List<Permission> permissions = new ArrayList<>();
        for (String cap : text.substring(eq + 1).split(",")) {
            if (cap.isBlank()) continue;
            try {
                permissions.add(Permission.parse(cap.strip()));
            } catch (IllegalArgumentException e) {
                throw usage(text, e.getMessage());
            }
        }
        if (permissions.isEmpty()) throw usage(text, "names no permission; expected " + Permission.GRAMMAR);
        return new Grant(pattern, List.copyOf(permissions));
    }

    /** The patterns {@link PermissionPolicy#grant} matches: any other text would silently match nothing. */
    private static boolean isIdPattern(String pattern) {
        if (pattern.equals("*")) return true;
        String id = pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 2) : pattern;
        return PluginDescriptor.ID_PATTERN.matcher(id).matches();
    }

    private static CliException usage(String grant, String why) {
        return new CliException(CliException.USAGE, "--grant " + grant + ": " + why);
    }
}
