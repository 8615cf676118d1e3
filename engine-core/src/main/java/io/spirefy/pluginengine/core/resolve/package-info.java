/**
 * Internal: version resolution (contract section 4). {@link io.spirefy.pluginengine.core.resolve.Resolver}
 * (the front door) turns the loaded plugins into an immutable
 * {@link io.spirefy.pluginengine.core.resolve.Snapshot}: which hook goes to which anchor, what is
 * unresolved and why, and the {@link io.spirefy.pluginengine.core.resolve.Conflict}s between plugins.
 */
package io.spirefy.pluginengine.core.resolve;
