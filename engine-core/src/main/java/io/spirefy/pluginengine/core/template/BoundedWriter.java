package io.spirefy.pluginengine.core.template;

import java.io.Writer;

/** Collects the output, charging its UTF-8 length to the render's budget as it grows. */
final class BoundedWriter extends Writer {

    private final StringBuilder out = new StringBuilder();
    private final RenderBudget budget;

    BoundedWriter(RenderBudget budget) {
        this.budget = budget;
    }

    @Override
    public void write(char[] chars, int off, int len) {
        long bytes = 0;
        for (int i = off; i < off + len; i++) {
            char c = chars[i];
            // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        budget.output(bytes);
        out.append(chars, off, len);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
