package io.spirefy.pluginengine.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A titled, column-aligned block of text; the last column is never padded so it may run long. */
public final class Table {

    private final String title;
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String title, String... header) {
        this.title = title;
        this.header = header.clone();
    }

    public Table row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("a row of '" + title + "' needs " + header.length + " cells, got " + cells.length);
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        rows.add(r);
        return this;
    }

    public void print(PrintStream out) {
        out.println(title + " (" + rows.size() + ")");
        if (rows.isEmpty()) {
            out.println("  (none)");
            return;
        }
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) width[i] = header[i].length();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        printRow(out, header, width);
        for (String[] r : rows) printRow(out, r, width);
    }

    private static void printRow(PrintStream out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder("  ");
        for (int i = 0; i < cells.length; i++) {
            if (i == cells.length - 1) {
                sb.append(cells[i]);
            } else {
                sb.append(cells[i]).append(" ".repeat(width[i] - cells[i].length() + 2));
            }
        }
        out.println(sb.toString().stripTrailing());
    }
}
