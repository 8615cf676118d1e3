package io.spirefy.pluginengine.runtime.extism.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Rewrites a guest module so that none of its code runs where libextism 1.41 cannot stop it.
 *
 * <ul>
 *   <li><b>Start section and initializer.</b> libextism runs a module's start function and its
 *       {@code __wasm_call_ctors}/{@code _initialize} inside {@code extism_plugin_new_from_compiled},
 *       where no cancel reaches (its timer only knows calls). The start section is removed and its
 *       function exported as {@value #START_EXPORT}; the initializer libextism would pick
 *       ({@code __wasm_call_ctors} before {@code _initialize}, type {@code () -> ()}) is exported
 *       under {@value #INIT_PREFIX} + its name instead (the other name too, so that libextism
 *       finds neither). The runtime calls them, in that order, as
 *       ordinary cancellable calls right after instantiation. A Haskell module ({@code hs_init})
 *       is left as it is: libextism initializes those its own way.</li>
 *   <li><b>WASI sleep.</b> libextism's {@code poll_oneoff} sleeps in one blocking native call that
 *       cancel cannot interrupt. A module importing it gets it from {@value #SHIM_MODULE}
 *       instead, a small wasm module of ours ({@code pluginengine-wasi.wat}) that sleeps in slices
 *       of at most 10 ms, checking for a cancel in between. The shim must see the guest's memory
 *       (WASI works on the caller's exported {@code memory}), so the guest's one memory moves into
 *       the shim, which the guest then imports with the same limits.</li>
 *   <li><b>Guest output.</b> libextism drops what a guest writes to WASI stdout and stderr (unless
 *       the process sets {@code EXTISM_ENABLE_WASI_OUTPUT}, and then it goes to the process's own
 *       descriptors, every plugin mixed). A guest whose memory moves into the shim (below) gets its
 *       {@code fd_write} from the shim too, which copies writes to descriptors 1 and 2 into Extism
 *       blocks and hands them to {@value #INTERNAL_MODULE}{@code ::}{@value #GUEST_WRITE} (the
 *       runtime's, which passes them to the engine), and passes other descriptors through. A guest
 *       whose memory cannot move keeps libextism's {@code fd_write}: its output is lost.</li>
 *   <li><b>Memory limit.</b> libextism's memory budget ({@code max_pages}) is charged for growth
 *       only once an instance exists: a guest's initial memory comes on top. A memory the shim
 *       defines is made while libextism links, before its budget applies, so the runtime can
 *       take the initial pages off the budget. So every guest with one ordinary memory (32-bit,
 *       not shared, not imported) has it moved into the shim, whether it sleeps or not.</li>
 *   <li><b>Output.</b> The kernel's {@code output_set} ignores a range that leaves the kernel's
 *       memory (the call then succeeds with an empty output) and accepts one that runs past its
 *       block. A module importing it gets it from {@value #OUTPUT_MODULE} instead
 *       ({@code pluginengine-output.wat}), which lets through only an output that lies within the
 *       block it starts at, and otherwise calls {@value #INTERNAL_MODULE}{@code ::}{@value #OUTPUT_REFUSED}
 *       (the runtime's, which records why) and traps.</li>
 *   <li><b>Block lengths.</b> A host function reading a block argument asked libextism for the
 *       block's length, about 0.6 µs a block (two per {@code CallHook}). Each import the runtime
 *       names ({@code lengths}: the host functions it trampolines) that takes an i64 comes from
 *       {@value #BLOCKS_MODULE} instead ({@link BlockLengths}), which asks the kernel's
 *       {@code length} in wasm and hands the host function the lengths with the arguments. An
 *       import whose name the module also imports with another type is left alone, so a module
 *       that would not link still fails as it did.</li>
 * </ul>
 * Function, memory and type indices are unchanged, so no code is touched.
 *
 * @param wasm        the module to compile instead of the original
 * @param initExport  the renamed initializer to call after instantiation, or null
 * @param startExport whether {@value #START_EXPORT} must be called after instantiation
 * @param shim        the WASI shim module to link as {@value #SHIM_MODULE}, or null
 * @param initialMemoryPages the pages the guest's memory starts with (0 without a memory)
 * @param guardsOutput whether the module's {@code output_set} comes from {@value #OUTPUT_MODULE},
 *                     which must then be linked ({@link #outputGuard()})
 * @param withLengths  the imports that come from {@value #BLOCKS_MODULE} ({@link #blocksShim()}), in
 *                     the order of its exports; the runtime's host function behind import <i>n</i> is
 *                     {@value #INTERNAL_MODULE}{@code ::}{@link BlockLengths#hostName}(n)
 */
public record GuestRewrite(byte[] wasm, String initExport, boolean startExport, byte[] shim, long initialMemoryPages,
                           boolean guardsOutput, List<ModuleShape.FunctionImport> withLengths) {

    public static final String START_EXPORT = "pluginengine:start";
    public static final String INIT_PREFIX = "pluginengine:init:";
    public static final String SHIM_MODULE = "pluginengine:wasi";
    public static final String OUTPUT_MODULE = "pluginengine:output";
    /** The module handing host functions the lengths of their block arguments ({@link BlockLengths}). */
    public static final String BLOCKS_MODULE = "pluginengine:blocks";
    /** The namespace of host functions only our own linked modules import. */
    public static final String INTERNAL_MODULE = "pluginengine:internal";
    /** {@code (offset, claimed length, block length) -> ()}: the output guard's report of a refused output. */
    public static final String OUTPUT_REFUSED = "output_refused";
    /** {@code (fd i32, block i64) -> ()}: the shim's hand-over of a guest's write to stdout or stderr. */
    public static final String GUEST_WRITE = "guest_write";
    private static final String WASI = "wasi_snapshot_preview1";
    static final String KERNEL = "extism:host/env";

    /** Whether an export name is one of ours, not the guest's. */
    public static boolean isInternalExport(String name) {
        return name.equals(START_EXPORT) || name.startsWith(INIT_PREFIX);
    }

    private record Section(int id, int start, int end) {} // start/end of the content

    private record Entry(int start, int end) {}

    /** The rewrite without block lengths: every host-function import stays as the guest wrote it. */
    public static GuestRewrite of(byte[] wasm) throws ModuleShape.MalformedException {
        return of(wasm, ModuleShape.read(wasm), fi -> false);
    }

    /**
     * @param shape   what {@link ModuleShape#read} read of {@code wasm} (the caller has it already)
     * @param lengths the imports whose host functions the runtime would rather give block lengths
     *                (only those taking an i64 and only number types are routed, see {@link BlockLengths})
     */
    public static GuestRewrite of(byte[] wasm, ModuleShape shape, Predicate<ModuleShape.FunctionImport> lengths)
            throws ModuleShape.MalformedException {
        List<ModuleShape.FunctionImport> functionImports = shape.imports();
        Map<String, Integer> routed = routed(functionImports, lengths);
        Reader r = new Reader(wasm);
        List<Section> sections = r.sections();
        List<boolean[]> typeIsVoid = new ArrayList<>();
        List<Integer> funcTypes = new ArrayList<>();
        int importedFuncs = 0;
        boolean importsMemory = false;
        // Every import of them: a module may import one function under the same name more than once
        // (Go does: its runtime and its syscall package each import fd_write).
        List<Integer> shimImports = new ArrayList<>(); // where each starts
        Entry outputImport = null;
        List<Entry> imports = new ArrayList<>();
        Map<Integer, Integer> routedImports = new HashMap<>(); // where each starts -> its index in routed
        long[] memoryLimits = null; // flags, min, max
        int definedMemories = 0;
        Section importSection = null, exportSection = null, startSection = null, memorySection = null;
        int startFunction = -1;
        List<String> exportNames = new ArrayList<>();
        List<int[]> exportRefs = new ArrayList<>(); // kind, index
        for (Section s : sections) {
            r.pos = s.start();
            switch (s.id()) {
                case 1 -> {
                    long n = r.leb();
                    for (long i = 0; i < n; i++) {
                        if (r.u8() != 0x60) break; // later type forms: never an initializer's type
                        long params = r.skipValTypes();
                        long results = r.skipValTypes();
                        typeIsVoid.add(new boolean[] {params == 0 && results == 0});
                    }
                }
                case 2 -> {
                    importSection = s;
                    long n = r.leb();
                    for (long i = 0; i < n; i++) {
                        int at = r.pos;
                        String module = r.name();
                        String name = r.name();
                        int kind = r.u8();
                        switch (kind) {
                            case 0 -> {
                                r.leb(); // its type index
                                importedFuncs++;
                                if (module.equals(WASI) && (name.equals("poll_oneoff") || name.equals("fd_write"))) shimImports.add(at);
                                else if (module.equals(KERNEL) && name.equals("output_set")) outputImport = new Entry(at, -1);
                                else {
                                    Integer index = routed.get(ModuleShape.FunctionImport.key(module, name));
                                    if (index != null) routedImports.put(at, index);
                                }
                            }
                            case 1 -> { r.u8(); r.limits(); }
                            case 2 -> { importsMemory = true; r.limits(); }
                            case 3 -> { r.u8(); r.u8(); }
                            case 4 -> { r.u8(); r.leb(); }
                            default -> throw new ModuleShape.MalformedException("unknown import kind " + kind);
                        }
                        imports.add(new Entry(at, r.pos));
                        if (outputImport != null && outputImport.end() == -1) outputImport = new Entry(at, r.pos);
                    }
                }
                case 3 -> {
                    long n = r.leb();
                    for (long i = 0; i < n; i++) funcTypes.add((int) r.leb());
                }
                case 5 -> {
                    memorySection = s;
                    long n = r.leb();
                    definedMemories = (int) n;
                    if (n == 1) memoryLimits = r.limits();
                }
                case 7 -> {
                    exportSection = s;
                    long n = r.leb();
                    for (long i = 0; i < n; i++) {
                        exportNames.add(r.name());
                        exportRefs.add(new int[] {r.u8(), (int) r.leb()});
                    }
                }
                case 8 -> {
                    startSection = s;
                    startFunction = (int) r.leb();
                }
                default -> { }
            }
        }

        // The initializer libextism would run (its order), when it has the type it accepts.
        String init = null;
        if (!exportNames.contains("hs_init")) {
            for (String candidate : List.of("__wasm_call_ctors", "_initialize")) {
                int i = exportNames.indexOf(candidate);
                if (i < 0 || exportRefs.get(i)[0] != 0) continue;
                int f = exportRefs.get(i)[1] - importedFuncs;
                boolean isVoid = f >= 0 && f < funcTypes.size() && funcTypes.get(f) < typeIsVoid.size()
                        && typeIsVoid.get(funcTypes.get(f))[0];
                if (isVoid) init = candidate;
                break; // libextism looks no further once the first name exists
            }
        }
        // memory32, not shared: flags 0 (min) or 1 (min, max)
        boolean shimmable = !importsMemory && definedMemories == 1 && memoryLimits != null && memoryLimits[0] <= 1;
        long initialPages = memoryLimits != null ? memoryLimits[1] : 0;
        // Both names are hidden, the one not called too: else libextism would run that one.
        boolean hideInits = !exportNames.contains("hs_init")
                && (exportNames.contains("__wasm_call_ctors") || exportNames.contains("_initialize"));
        boolean guardOutput = outputImport != null;
        List<ModuleShape.FunctionImport> withLengths = new ArrayList<>(routed.size());
        for (ModuleShape.FunctionImport fi : functionImports) {
            Integer index = routed.get(fi.key());
            if (index != null && index == withLengths.size()) withLengths.add(fi);
        }
        if (!hideInits && startSection == null && !shimmable && !guardOutput && withLengths.isEmpty()) {
            return new GuestRewrite(wasm, null, false, null, initialPages, false, List.of());
        }

        Out out = new Out();
        out.bytes(wasm, 0, 8);
        boolean exportsWritten = false;
        boolean importsWritten = false;
        for (Section s : sections) {
            if (s == startSection) continue;
            if (s == memorySection && shimmable) continue;
            if (s == exportSection || (exportSection == null && !exportsWritten && startSection != null && mustComeAfterExports(s.id()))) {
                Out body = new Out();
                int count = exportNames.size() + (startSection != null ? 1 : 0);
                body.leb(count);
                for (int i = 0; i < exportNames.size(); i++) {
                    String name = exportNames.get(i);
                    boolean initName = name.equals("__wasm_call_ctors") || name.equals("_initialize");
                    body.name(hideInits && initName && exportRefs.get(i)[0] == 0 ? INIT_PREFIX + name : name);
                    body.u8(exportRefs.get(i)[0]);
                    body.leb(exportRefs.get(i)[1]);
                }
                if (startSection != null) {
                    body.name(START_EXPORT);
                    body.u8(0);
                    body.leb(startFunction);
                }
                out.section(7, body);
                exportsWritten = true;
                if (s == exportSection) continue;
            }
            if (shimmable && importSection == null && !importsWritten && s.id() != 0 && s.id() != 1) {
                Out body = new Out();
                body.leb(1);
                body.name(SHIM_MODULE);
                body.name("memory");
                body.u8(2);
                body.limits(memoryLimits);
                out.section(2, body);
                importsWritten = true;
            }
            if (s == importSection && (shimmable || guardOutput || !withLengths.isEmpty())) {
                Out body = new Out();
                body.leb(imports.size() + (shimmable ? 1 : 0));
                for (Entry e : imports) {
                    String from = shimmable && shimImports.contains(e.start()) ? SHIM_MODULE
                            : e.equals(outputImport) ? OUTPUT_MODULE : null;
                    Integer routedIndex = routedImports.get(e.start());
                    if (routedIndex != null) { // the same type, from the blocks shim's export for it
                        Reader er = new Reader(wasm);
                        er.pos = e.start();
                        er.name();
                        er.name();
                        body.name(BLOCKS_MODULE);
                        body.name(BlockLengths.exportName(routedIndex));
                        body.bytes(wasm, er.pos, e.end() - er.pos);
                    } else if (from != null) { // the same import, from our module
                        Reader er = new Reader(wasm);
                        er.pos = e.start();
                        er.name(); // module: replaced
                        body.name(from);
                        body.bytes(wasm, er.pos, e.end() - er.pos);
                    } else {
                        body.bytes(wasm, e.start(), e.end() - e.start());
                    }
                }
                if (shimmable) {
                    body.name(SHIM_MODULE);
                    body.name("memory");
                    body.u8(2);
                    body.limits(memoryLimits);
                }
                out.section(2, body);
                continue;
            }
            out.section(s.id(), wasm, s.start(), s.end());
        }
        if (startSection != null && !exportsWritten) { // nothing came after the exports' place
            Out body = new Out();
            body.leb(1);
            body.name(START_EXPORT);
            body.u8(0);
            body.leb(startFunction);
            out.section(7, body);
        }
        return new GuestRewrite(out.toByteArray(), init == null ? null : INIT_PREFIX + init, startSection != null,
                shimmable ? shim(memoryLimits) : null, initialPages, guardOutput, List.copyOf(withLengths));
    }

    /**
     * The imports to route, by {@link ModuleShape.FunctionImport#key}, each with its index in the blocks shim: those
     * {@code lengths} names and {@link BlockLengths#worthRouting} accepts, whose name the module
     * imports with one type only.
     */
    private static Map<String, Integer> routed(List<ModuleShape.FunctionImport> imports,
                                               Predicate<ModuleShape.FunctionImport> lengths) {
        Map<String, ModuleShape.FunctionImport> first = new LinkedHashMap<>();
        Map<String, Boolean> eligible = new HashMap<>();
        for (ModuleShape.FunctionImport fi : imports) {
            String key = fi.key();
            ModuleShape.FunctionImport earlier = first.putIfAbsent(key, fi);
            boolean ok = (earlier == null || sameType(earlier, fi)) && BlockLengths.worthRouting(fi)
                    && !fi.module().equals(WASI) && !(fi.module().equals(KERNEL) && fi.name().equals("output_set"))
                    && lengths.test(fi);
            eligible.merge(key, ok, Boolean::logicalAnd);
        }
        Map<String, Integer> routed = new LinkedHashMap<>();
        for (String key : first.keySet()) {
            if (eligible.get(key)) routed.put(key, routed.size());
        }
        return routed;
    }

    private static boolean sameType(ModuleShape.FunctionImport a, ModuleShape.FunctionImport b) {
        return java.util.Arrays.equals(a.params(), b.params()) && java.util.Arrays.equals(a.results(), b.results());
    }

    /** The module to link as {@value #BLOCKS_MODULE} when {@link #withLengths()} is not empty, else null. */
    public byte[] blocksShim() {
        return withLengths.isEmpty() ? null : BlockLengths.module(withLengths);
    }

    /** The module to link as {@value #OUTPUT_MODULE} when {@link #guardsOutput()}, else null. */
    public byte[] outputGuard() {
        return guardsOutput ? outputGuardModule() : null;
    }

    /** Sections that follow the export section in a module (custom sections may be anywhere). */
    private static boolean mustComeAfterExports(int id) {
        return id == 8 || id == 9 || id == 10 || id == 11 || id == 12;
    }

    private static byte[] shimTemplate;
    private static byte[] outputGuard;

    /** The shim with a memory of the guest's limits. */
    private static byte[] shim(long[] limits) throws ModuleShape.MalformedException {
        byte[] template = shimTemplate();
        Reader r = new Reader(template);
        Out out = new Out();
        out.bytes(template, 0, 8);
        for (Section s : r.sections()) {
            if (s.id() == 5) {
                Out body = new Out();
                body.leb(1);
                body.limits(limits);
                out.section(5, body);
            } else {
                out.section(s.id(), template, s.start(), s.end());
            }
        }
        return out.toByteArray();
    }

    static synchronized byte[] shimTemplate() {
        if (shimTemplate == null) shimTemplate = resource("pluginengine-wasi.wasm");
        return shimTemplate;
    }

    private static synchronized byte[] outputGuardModule() {
        if (outputGuard == null) outputGuard = resource("pluginengine-output.wasm");
        return outputGuard;
    }

    private static byte[] resource(String name) {
        try (InputStream in = GuestRewrite.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " is missing");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Reader {
        private final byte[] b;
        int pos;

        Reader(byte[] b) { this.b = b; }

        List<Section> sections() throws ModuleShape.MalformedException {
            if (b.length < 8) throw new ModuleShape.MalformedException("not a WebAssembly binary");
            pos = 8;
            List<Section> out = new ArrayList<>();
            while (pos < b.length) {
                int id = u8();
                long size = leb();
                long end = pos + size;
                if (size < 0 || end > b.length) throw new ModuleShape.MalformedException("section " + id + " runs past the end");
                out.add(new Section(id, pos, (int) end));
                pos = (int) end;
            }
            return out;
        }

        long skipValTypes() throws ModuleShape.MalformedException {
            long n = leb();
            for (long i = 0; i < n; i++) {
                int t = u8();
                if (t == 0x63 || t == 0x64) leb(); // (ref null? ht): a heap type follows
            }
            return n;
        }

        long[] limits() throws ModuleShape.MalformedException {
            int flags = u8();
            long min = leb();
            long max = (flags & 1) != 0 ? leb() : -1;
            return new long[] {flags, min, max};
        }

        String name() throws ModuleShape.MalformedException {
            int len = (int) leb();
            if (len < 0 || pos + len > b.length) throw new ModuleShape.MalformedException("name runs past the end");
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        int u8() throws ModuleShape.MalformedException {
            if (pos >= b.length) throw new ModuleShape.MalformedException("unexpected end of module");
            return b[pos++] & 0xFF;
        }

        long leb() throws ModuleShape.MalformedException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                result |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return result;
            }
            throw new ModuleShape.MalformedException("LEB128 number too long");
        }
    }

    static final class Out extends ByteArrayOutputStream {
        void u8(int v) { write(v); }

        void leb(long v) {
            do {
                int x = (int) (v & 0x7F);
                v >>>= 7;
                write(v != 0 ? x | 0x80 : x);
            } while (v != 0);
        }

        void bytes(byte[] b, int off, int len) { write(b, off, len); }

        void name(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            leb(utf8.length);
            write(utf8, 0, utf8.length);
        }

        void limits(long[] l) {
            u8((int) l[0]);
            leb(l[1]);
            if ((l[0] & 1) != 0) leb(l[2]);
        }

        void section(int id, Out body) {
            u8(id);
            leb(body.size());
            write(body.toByteArray(), 0, body.size());
        }

        void section(int id, byte[] b, int start, int end) {
            u8(id);
            leb(end - start);
            write(b, start, end - start);
        }
    }
}
