package io.spirefy.pluginengine.core.imports;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes small modules in the binary format, section by section, for the import reader's tests. */
public final class ModuleBytes {

    public static final byte I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;

    private final List<byte[]> types = new ArrayList<>();
    private final List<byte[]> imports = new ArrayList<>();
    private final ByteArrayOutputStream tail = new ByteArrayOutputStream();
    private final ByteArrayOutputStream beforeTypes = new ByteArrayOutputStream();

    /** Declares a function type; returns its index. */
    public int type(byte[] params, byte... results) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.write(0x60);
        vec(t, params);
        vec(t, results);
        types.add(t.toByteArray());
        return types.size() - 1;
    }

    public static byte[] params(byte... p) {
        return p;
    }

    public ModuleBytes function(String module, String name, int type) {
        return rawImport(module, name, concat(new byte[]{0x00}, leb(type)));
    }

    public ModuleBytes memory(String module, String name) {
        return rawImport(module, name, new byte[]{0x02, 0x00, 0x01});
    }

    public ModuleBytes global(String module, String name) {
        return rawImport(module, name, new byte[]{0x03, I32, 0x00});
    }

    public ModuleBytes table(String module, String name) {
        return rawImport(module, name, new byte[]{0x01, 0x70, 0x01, 0x01, 0x02});
    }

    public ModuleBytes rawImport(String module, String name, byte[] description) {
        ByteArrayOutputStream i = new ByteArrayOutputStream();
        vec(i, module.getBytes(StandardCharsets.UTF_8));
        vec(i, name.getBytes(StandardCharsets.UTF_8));
        i.writeBytes(description);
        imports.add(i.toByteArray());
        return this;
    }

    /** A custom section before the type section. */
    public ModuleBytes customFirst(String name, byte[] content) {
        section(beforeTypes, 0, concat(vecOf(name.getBytes(StandardCharsets.UTF_8)), content));
        return this;
    }

    /** Raw bytes after the import section (further sections, or garbage). */
    public ModuleBytes then(byte[] bytes) {
        tail.writeBytes(bytes);
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0});
        out.writeBytes(beforeTypes.toByteArray());
        if (!types.isEmpty()) section(out, 1, items(types));
        if (!imports.isEmpty()) section(out, 2, items(imports));
        out.writeBytes(tail.toByteArray());
        return out.toByteArray();
    }

    private static byte[] items(List<byte[]> list) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(leb(list.size()));
        list.forEach(b::writeBytes);
        return b.toByteArray();
    }

    public static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.writeBytes(leb(content.length));
        out.writeBytes(content);
    }

    public static byte[] section(int id, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        section(out, id, content);
        return out.toByteArray();
    }

    private static void vec(ByteArrayOutputStream out, byte[] content) {
        out.writeBytes(vecOf(content));
    }

    private static byte[] vecOf(byte[] content) {
        return concat(leb(content.length), content);
    }

    public static byte[] leb(long value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        do {
            int bits = (int) (value & 0x7f);
            value >>>= 7;
            b.write(value == 0 ? bits : bits | 0x80);
        } while (value != 0);
        return b.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
