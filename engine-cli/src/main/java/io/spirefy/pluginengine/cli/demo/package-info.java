/**
 * The stories {@code plugin-engine demo} tells with the bundled plugins;
 * {@link io.spirefy.pluginengine.cli.demo.DemoStory} is the main one.
 */
package io.spirefy.pluginengine.cli.demo;
