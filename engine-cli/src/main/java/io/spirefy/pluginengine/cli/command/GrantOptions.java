package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.TrustStore;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --grant PLUGIN_ID=CAP[,CAP...]}, {@code --grant-signed PUB:PLUGIN_ID=CAP[,CAP...]} (both
 * repeatable) and {@code --data DIR}, for every command that loads plugins: the CLI's form of a
 * {@link PermissionPolicy} ({@link PermissionPolicy#grant}, {@link PermissionPolicy#grantSigned})
 * and of the data root. Without them a plugin gets the core only (contract section 9).
 */
public final class GrantOptions {

    @Option(names = "--grant", paramLabel = "PLUGIN_ID=CAP[,CAP...]",
            description = {"Grant permissions the plugin's manifest asks for: files, templates, host:<namespace>/<name>. "
                    + "PLUGIN_ID is an id, * for every plugin, or a prefix ending in .* (org.example.*). Repeatable.",
                    "A permission the manifest does not ask for is never granted."})
    List<String> grants = List.of();

    @Option(names = "--grant-signed", paramLabel = "PUB:PLUGIN_ID=CAP[,CAP...]",
            description = {"Grant as --grant does, but only to archives signed with the publisher key in the file PUB "
                    + "(which --trust must name too). The same plugin unsigned, or signed by another key, gets none of it. Repeatable."})
    List<String> signedGrants = List.of();

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data root: each plugin granted 'files' writes in DIR/<plugin id>/ and nowhere else.")
    Path data;

    /**
     * What the options say, given to the builder.
     *
     * @param trusted the keys {@code --trust} named: a signed grant needs its key among them
     * @throws CliException of {@link CliException#USAGE} for a grant that does not parse, a signed
     *                      grant whose key is unreadable or untrusted, or {@code files} granted
     *                      without {@code --data}
     */
    public void apply(PluginEngine.Builder builder, TrustStore trusted) {
        PermissionPolicy policy = PermissionPolicy.denyAll();
        boolean filesGranted = false;
        for (String grant : grants) {
            Grant g = parse("--grant", grant);
            policy = policy.or(PermissionPolicy.grant(g.pattern(), g.permissions().toArray(Permission[]::new)));
            filesGranted |= g.permissions().contains(Permission.FILES);
        }
        for (String grant : signedGrants) {
            SignedGrant g = parseSigned(grant, trusted);
            policy = policy.or(PermissionPolicy.grantSigned(g.keyId(), g.grant().pattern(),
                    g.grant().permissions().toArray(Permission[]::new)));
            filesGranted |= g.grant().permissions().contains(Permission.FILES);
        }
        if (filesGranted && data == null) {
            throw new CliException(CliException.USAGE, "--grant ...=files needs --data DIR, the folder that holds each plugin's data folder");
        }
        builder.permissions(policy);
        if (data != null) builder.dataRoot(data);
    }

    record Grant(String pattern, List<Permission> permissions) {
    }

    record SignedGrant(String keyId, Grant grant) {
    }

    /**
     * {@code PUB:PLUGIN_ID=CAP[,CAP...]}: the key file ends at the last colon before the {@code =}
     * (an id pattern has none; a path may).
     *
     * @throws CliException of {@link CliException#USAGE} saying what is wrong with {@code text}
     */
    static SignedGrant parseSigned(String text, TrustStore trusted) {
        String option = "--grant-signed";
        int eq = text.indexOf('=');
        int colon = eq < 0 ? -1 : text.lastIndexOf(':', eq);
        if (colon <= 0) throw usage(option, text, "expected PUB:PLUGIN_ID=CAP[,CAP...], PUB the publisher's public key file");
        Path pub = Path.of(text.substring(0, colon));
        Grant grant = parse(option, text, text.substring(colon + 1));
        String keyId;
        try {
            keyId = TrustStore.keyId(TrustStore.readPublicKey(pub));
        } catch (PluginEngineException e) {
            throw usage(option, text, e.getMessage());
        }
        if (!trusted.keyIds().contains(keyId)) {
            // The engine verifies signatures only with trusted keys: such a grant could never apply.
            throw usage(option, text, "the key in " + pub + " is not trusted; add --trust " + pub);
        }
        return new SignedGrant(keyId, grant);
    }

    static Grant parse(String option, String text) {
        return parse(option, text, text);
    }

    /** @throws CliException of {@link CliException#USAGE} naming {@code option} and saying what is wrong with {@code text} */
    private static Grant parse(String option, String whole, String text) {
        int eq = text.indexOf('=');
        if (eq < 0) throw usage(option, whole, "expected PLUGIN_ID=CAP[,CAP...]");
        String pattern = text.substring(0, eq).strip();
        if (!isIdPattern(pattern)) {
            throw usage(option, whole, "'" + pattern + "' is not a plugin id, '*' or a prefix ending in '.*'");
        }
        List<Permission> permissions = new ArrayList<>();
        for (String cap : text.substring(eq + 1).split(",")) {
            if (cap.isBlank()) continue;
            try {
                permissions.add(Permission.parse(cap.strip()));
            } catch (IllegalArgumentException e) {
                throw usage(option, whole, e.getMessage());
            }
        }
        if (permissions.isEmpty()) throw usage(option, whole, "names no permission; expected " + Permission.GRAMMAR);
        return new Grant(pattern, List.copyOf(permissions));
    }

    /** The patterns {@link PermissionPolicy#grant} matches: any other text would silently match nothing. */
    private static boolean isIdPattern(String pattern) {
        if (pattern.equals("*")) return true;
        String id = pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 2) : pattern;
        return PluginDescriptor.ID_PATTERN.matcher(id).matches();
    }

    private static CliException usage(String option, String grant, String why) {
        return new CliException(CliException.USAGE, option + " " + grant + ": " + why);
    }
}
