/** Keeps an engine in step with a folder of plugin archives (contract section 7, Replace). */
package io.spirefy.pluginengine.core.watch;
