/**
 * How the CLI writes what it found: {@link io.spirefy.pluginengine.cli.output.InspectReport} (the
 * front door) as text tables or JSON.
 */
package io.spirefy.pluginengine.cli.output;
