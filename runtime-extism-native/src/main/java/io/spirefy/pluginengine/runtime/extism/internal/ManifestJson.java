package io.spirefy.pluginengine.runtime.extism.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The Extism manifest we hand libextism, as JSON. Written here rather than through the Extism
 * SDK's model because that model has no named modules (the WASI shim is linked by its name) and
 * no {@code max_var_bytes}.
 *
 * <p>{@code allowed_hosts} is an empty list, so libextism's own {@code http_request} refuses
 * every host (the runtime also replaces that function, to say so in words); no paths are mapped;
 * no timeout is set (the engine times calls and cancels them).
 */
public final class ManifestJson {

    private ManifestJson() {}

    /**
     * @param main        the guest module, linked as {@code main}
     * @param linked      modules of ours the guest imports from, by the name they are linked under
     * @param maxPages    libextism's memory budget for one instance, in 64 KiB pages
     * @param maxVarBytes the most bytes of Extism vars one instance may hold
     */
    public static byte[] of(byte[] main, Map<String, byte[]> linked, long maxPages, long maxVarBytes) {
        StringBuilder json = new StringBuilder(main.length * 4 / 3 + 256);
        json.append("{\"wasm\":[");
        for (Map.Entry<String, byte[]> m : linked.entrySet()) {
            json.append("{\"data\":\"").append(Base64.getEncoder().encodeToString(m.getValue()))
                    .append("\",\"name\":\"").append(m.getKey()).append("\"},");
        }
        json.append("{\"data\":\"").append(Base64.getEncoder().encodeToString(main)).append("\",\"name\":\"main\"}]");
        json.append(",\"memory\":{\"max_pages\":").append(maxPages).append(",\"max_var_bytes\":").append(maxVarBytes).append('}');
        json.append(",\"allowed_hosts\":[],\"allowed_paths\":{}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
