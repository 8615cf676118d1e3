/**
 * The data folder of each plugin granted {@code files} (contract section 9): WriteFile and
 * ReadFile's fall-back, confined to the folder and bounded by a quota.
 */
package io.spirefy.pluginengine.core.data;
