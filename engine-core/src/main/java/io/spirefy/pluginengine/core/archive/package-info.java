/**
 * Internal: the archive reader. {@link io.spirefy.pluginengine.core.archive.SourceLoader} (the front door)
 * turns a path or bytes (zip, tar.gz, a directory) into plugin sources under the archive limits of
 * contract section 2, or problems naming the source; nothing is ever unpacked to disk.
 */
package io.spirefy.pluginengine.core.archive;
