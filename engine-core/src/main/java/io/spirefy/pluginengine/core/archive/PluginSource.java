package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.core.contract.PluginContracts;

import java.util.Objects;

/**
 * One plugin read from one source, validated: its manifest parsed, its module found and, when the
 * manifest gives {@code sha256}, checked.
 *
 * @param source     the archive or directory, as named in problems
 * @param descriptor what the manifest says
 * @param wasm       the module's bytes: the one copy the engine keeps, also what {@code files}
 *                   serves under the module's path, so nobody may change it
 * @param files      every file of the plugin, relative to the manifest's folder (module and manifest included)
 * @param signature  what its {@code plugin.sig} proved
 * @param contracts  its anchors' and events' schemas, compiled
 */
public record PluginSource(String source, PluginDescriptor descriptor, byte[] wasm, PluginFiles files,
                           SignatureInfo signature, PluginContracts contracts) {

    public PluginSource {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(contracts, "contracts");
    }

    @Override
    public String toString() {
        return "PluginSource[" + source + ", " + descriptor.ref() + ", wasm " + wasm.length + " bytes]";
    }
}
