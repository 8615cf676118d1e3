/**
 * The {@code plugin-engine} command for people at a terminal and for scripts;
 * {@link io.spirefy.pluginengine.cli.Main} is its entry point.
 */
package io.spirefy.pluginengine.cli;
