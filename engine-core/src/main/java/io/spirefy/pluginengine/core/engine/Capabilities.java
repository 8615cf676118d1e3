package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.core.data.DataFolders;
import io.spirefy.pluginengine.core.template.TemplateRenderer;

/**
 * What the host set up for permissions (contract section 9): the policy that grants them, and
 * what the gated engine functions work with.
 */
record Capabilities(PermissionPolicy policy, DataFolders data, TemplateRenderer templates) {
}
