package io.spirefy.pluginengine.core.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What tells one version of a file from the next without reading it: its size and modification time. */
record FileStamp(long size, long modifiedNanos) {

    /** The file's stamp, or null when it vanished or cannot be read. */
    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) return null;
            return new FileStamp(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return null;
        }
    }
}
