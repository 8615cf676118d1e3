/**
 * One class per subcommand, under {@link io.spirefy.pluginengine.cli.command.PluginEngineCommand} (the
 * front door); {@link io.spirefy.pluginengine.cli.command.EngineSession} is the engine built for one command.
 */
package io.spirefy.pluginengine.cli.command;
