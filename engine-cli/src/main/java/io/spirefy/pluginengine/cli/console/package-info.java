/**
 * {@code console}: a long-running host that serves one page on the loopback interface, showing how
 * the loaded plugins connect, what they cost, and a reload button per plugin; also the graph
 * that {@code inspect --format svg|html} writes to a file. Everything a plugin supplies (ids,
 * names, descriptions, reasons) is treated as hostile text.
 */
package io.spirefy.pluginengine.cli.console;
