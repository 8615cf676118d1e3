/**
 * What a plugin's module imports, read from its bytes before anything is compiled, and whether the
 * engine offers each import to that plugin (contract sections 7 and 9).
 */
package io.spirefy.pluginengine.core.imports;
