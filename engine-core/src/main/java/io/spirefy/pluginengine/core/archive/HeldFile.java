package io.spirefy.pluginengine.core.archive;

/**
 * A file kept as its bytes: small files, whose compression would save little, and the module,
 * which the engine keeps unpacked anyway for compiling (this is the same array, not a copy).
 */
record HeldFile(byte[] bytes) implements StoredFile {

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public long retainedBytes() {
        return bytes.length;
    }

    @Override
    public byte[] read(String name, long maxBytes) {
        StoredFile.checkSize(name, bytes.length, maxBytes);
        // A copy: the reader may change it, and the next reader must see the file as it is.
        return bytes.clone();
    }
}
