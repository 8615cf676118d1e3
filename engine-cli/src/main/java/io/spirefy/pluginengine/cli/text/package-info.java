/**
 * Reading what people type: {@link io.spirefy.pluginengine.cli.text.DurationParser}.
 */
package io.spirefy.pluginengine.cli.text;
