package io.spirefy.pluginengine.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spirefy.pluginengine.api.HookInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code GetHooks} (contract section 5): what a plugin reads about the hooks of an
 * anchor. Public for tools that show plugin authors exactly that (the CLI's {@code hooks} command).
 */
public final class HookJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HookJson() {
    }

    /**
     * The array of {@code {"ref","id","pluginId","pluginVersion","anchorId","anchorVersion","func","name","description","metadata"}}.
     *
     * @param hooks the hooks, in the order the plugin should see them
     * @return UTF-8 JSON
     */

    public static byte[] toJson(List<HookInfo> hooks) {
        List<Map<String, Object>> out = new ArrayList<>(hooks.size());
        for (HookInfo h : hooks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", h.ref());
            m.put("id", h.hook().id());
            m.put("pluginId", h.pluginId());
            m.put("pluginVersion", h.pluginVersion().toString());
            m.put("anchorId", h.hook().anchorId());
            m.put("anchorVersion", h.resolution().resolved() ? h.resolution().targetVersion().toString() : null);
            m.put("func", h.hook().func());
            m.put("name", h.hook().name());
            m.put("description", h.hook().description());
            m.put("metadata", h.hook().metadata());
            out.add(m);
        }
        try {
            return MAPPER.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            // Metadata comes from a manifest parser as plain maps, lists and scalars, which always serialize.
            throw new IllegalStateException("hook metadata could not be written as JSON", e);
        }
    }
}
