package io.spirefy.pluginengine.runtime.extism;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Hand-written WAT fixtures, compiled with Debian's wat2wasm (package wabt). */
final class Wat {

    private Wat() {}

    /** The Extism kernel functions the fixtures import, and a helper copying the input into a block. */
    static final String KERNEL = """
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "error_set" (func $error_set (param i64)))
              (func $input_block (result i64) (local $n i64) (local $p i64) (local $i i64)
                (local.set $n (call $input_length))
                (if (i64.eqz (local.get $n)) (then (return (i64.const 0))))
                (local.set $p (call $alloc (local.get $n)))
                (block $done
                  (loop $copy
                    (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                    (call $store_u8 (i64.add (local.get $p) (local.get $i)) (call $input_load_u8 (local.get $i)))
                    (local.set $i (i64.add (local.get $i) (i64.const 1)))
                    (br $copy)))
                (local.get $p))
              (func $output_block (param $p i64)
                (if (i64.ne (local.get $p) (i64.const 0))
                  (then (call $output_set (local.get $p) (call $length (local.get $p))))))
            """;

    /** A module: the kernel imports, {@code imports}, then {@code body}. */
    static String module(String imports, String body) {
        return "(module\n" + imports + "\n" + KERNEL + "\n(memory (export \"memory\") 1)\n" + body + "\n)\n";
    }

    static byte[] compile(Path dir, String name, String wat) {
        try {
            Path in = dir.resolve(name + ".wat");
            Path out = dir.resolve(name + ".wasm");
            Files.writeString(in, wat, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("wat2wasm", in.toString(), "-o", out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("wat2wasm failed for fixture " + name + ": " + log);
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException("wat2wasm (Debian package wabt) is needed to build fixture " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
