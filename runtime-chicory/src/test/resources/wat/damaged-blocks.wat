;; A plugin that rewrites the Extism kernel's block headers (its store_u64 reaches them) and then
;; hands the blocks to a host function that reads and writes Extism memory.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/pluginengine" "Transform" (func $transform (param i64) (result i64)))

  (memory (export "memory") 1)

  (func $output (param $p i64)
    (call $output_set (local.get $p) (call $length (local.get $p))))

  ;; A live block of 16 bytes whose used length says 256 MiB, handed to the host.
  (func (export "damaged_used_length") (result i32) (local $a i64)
    (local.set $a (call $alloc (i64.const 16)))
    (call $store_u64 (i64.sub (local.get $a) (i64.const 8))
      (i64.or (i64.const 16) (i64.shl (i64.const 0x10000000) (i64.const 32))))
    (call $output (call $transform (local.get $a)))
    (i32.const 0))

  ;; A freed block whose size says 1 MiB + 16: the host's next allocation of a 1 MiB answer may be
  ;; handed it, past the memory's end.
  (func (export "damaged_free_block") (result i32) (local $in i64) (local $a i64)
    (local.set $in (call $alloc (i64.const 0x100000)))
    (local.set $a (call $alloc (i64.const 16)))
    (drop (call $alloc (i64.const 16)))
    (call $free (local.get $a))
    (call $store_u8 (i64.sub (local.get $a) (i64.const 12)) (i32.const 2))
    (call $store_u64 (i64.sub (local.get $a) (i64.const 8)) (i64.const 0x100010))
    (call $output (call $transform (local.get $in)))
    (i32.const 0))

  ;; The host's upper-casing of "ok", as a control.
  (func (export "ok") (result i32) (local $p i64)
    (local.set $p (call $alloc (i64.const 2)))
    (call $store_u8 (local.get $p) (i32.const 111))
    (call $store_u8 (i64.add (local.get $p) (i64.const 1)) (i32.const 107))
    (call $output (call $transform (local.get $p)))
    (i32.const 0))
)
