/** The compiled-code cache as the CLI sees it: where it is by default, what it holds, and clearing it. */
package io.spirefy.pluginengine.cli.cache;
