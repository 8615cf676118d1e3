package io.spirefy.pluginengine.core.archive;

/** Where an entry's bytes go as a reader copies them out: a bounded buffer, or a compressor. */
@FunctionalInterface
interface ChunkSink {
    void write(byte[] bytes, int offset, int length);
}
