package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PermissionRequest;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.spi.HostFunction;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one plugin is granted and which host functions it is offered (contract section 9): the
 * one place that decides. Linking an instance ({@link HostFunctions#forInstance}) offers exactly
 * what {@link #offers} allows, and a check of a module's imports at load asks the same method.
 * Offered: the engine's core functions to every plugin; {@code WriteFile} with {@code files};
 * {@code GenerateFromTemplate} with {@code templates}; a host application's function with
 * {@code host:<namespace>/<name>}. The Extism kernel, WASI and logging are the runtime's, not here.
 */
final class HostOffer {

    /** The engine's functions every plugin gets (contract section 5: the five, with their aliases). */
    static final Set<String> CORE = Set.of("GetHooks", "GetHooksForAnchor", "CallHook", "SendEvent",
            "ReadFile", "LoadFile", "GetLastError", "GetTraceContext", "GetHookRefs",
            "CallHookAt", "CallAllHooks");

    /** The engine's functions a permission opens. */
    static final Map<String, Permission> GATED = Map.of("WriteFile", Permission.FILES, "GenerateFromTemplate", Permission.TEMPLATES);

    /** Nothing granted: what the host's own pseudo-plugin and tests without a policy get. */
    static final HostOffer CORE_ONLY = new HostOffer(List.of(), List.of());

    private final List<Permission> granted;
    private final List<HostFunction> hostAdded;

    private HostOffer(List<Permission> granted, List<HostFunction> hostAdded) {
        this.granted = List.copyOf(granted);
        this.hostAdded = List.copyOf(hostAdded);
    }

    /**
     * Asks the policy about each permission the plugin requests; grants nothing it did not request.
     *
     * @param signature what the plugin's archive signature proved, for grants tied to a publisher
     */
    static HostOffer of(PluginDescriptor plugin, SignatureInfo signature, PermissionPolicy policy, List<HostFunction> hostAdded) {
        List<Permission> granted = plugin.permissions().stream()
                .filter(p -> policy.grants(new PermissionRequest(plugin.id(), plugin.version(), p, signature)))
                .toList();
        return new HostOffer(granted, hostAdded);
    }

    /** What the policy granted, in the manifest's order. */
    List<Permission> granted() {
        return granted;
    }

    boolean isGranted(Permission permission) {
        return granted.contains(permission);
    }

    /** Whether the plugin may import {@code namespace/name} from the engine or the host application. */
    boolean offers(String namespace, String name) {
        return whyNot(namespace, name).isEmpty();
    }

    /**
     * Why {@code namespace/name} is not offered to the plugin, in words for its author; empty
     * when it is. Says nothing about WASI or the Extism kernel, which the runtime provides.
     */
    Optional<String> whyNot(String namespace, String name) {
        if (HostFunctions.NAMESPACE.equals(namespace)) {
            if (CORE.contains(name)) return Optional.empty();
            Permission needed = GATED.get(name);
            if (needed == null) return Optional.of("the engine has no function " + namespace + "/" + name);
            return isGranted(needed) ? Optional.empty()
                    : Optional.of(namespace + "/" + name + " needs permission '" + needed + "', which was not granted");
        }
        boolean exists = hostAdded.stream().anyMatch(f -> f.namespace().equals(namespace) && f.name().equals(name));
        if (!exists) return Optional.of("the host application offers no function " + namespace + "/" + name);
        Permission needed;
        try {
            needed = Permission.hostFunction(namespace, name);
        } catch (IllegalArgumentException e) {
            return Optional.of(namespace + "/" + name + " cannot be granted: " + e.getMessage());
        }
        return isGranted(needed) ? Optional.empty()
                : Optional.of(namespace + "/" + name + " needs permission '" + needed + "', which was not granted");
    }

    /** Every function the host application added, offered to this plugin or not. */
    List<HostFunction> allHostFunctions() {
        return hostAdded;
    }

    /** The host application's functions this plugin is offered. */
    List<HostFunction> hostFunctions() {
        return hostAdded.stream().filter(f -> offers(f.namespace(), f.name())).toList();
    }
}
