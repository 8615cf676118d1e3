;; A plugin that attacks the host's heap through the Extism kernel, and one that fails without words.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))

  (memory (export "memory") 1)

  ;; Allocates 64 MiB blocks, 64 of them (4 GiB), touching the last byte of each.
  (func (export "alloc_64m_loop") (result i32)
    (local $i i32) (local $b i64)
    (loop $next
      (local.set $b (call $alloc (i64.const 0x4000000)))
      (if (i64.ne (local.get $b) (i64.const 0))
        (then (call $store_u8 (i64.add (local.get $b) (i64.const 0x3ffffff)) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 64))))
    (i32.const 0))

  ;; Allocates 1 MiB blocks, up to 4096 of them (4 GiB): each one fits, their sum does not.
  (func (export "alloc_1m_loop") (result i32)
    (local $i i32) (local $b i64)
    (loop $next
      (local.set $b (call $alloc (i64.const 0x100000)))
      (if (i64.ne (local.get $b) (i64.const 0))
        (then (call $store_u8 (local.get $b) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 4096))))
    (i32.const 0))

  ;; Allocates a 1 GiB block and sets it as the output.
  (func (export "output_1g") (result i32)
    (call $output_set (call $alloc (i64.const 0x40000000)) (i64.const 0x40000000))
    (i32.const 0))

  ;; Claims an output of 1 GiB on a block of 16 bytes.
  (func (export "output_claim_1g") (result i32)
    (call $output_set (call $alloc (i64.const 16)) (i64.const 0x40000000))
    (i32.const 0))

  ;; Allocates one block of 1 MiB (more than a small budget) and writes its last byte.
  (func (export "alloc_store_1m") (result i32)
    (local $b i64)
    (local.set $b (call $alloc (i64.const 0x100000)))
    (call $store_u8 (i64.add (local.get $b) (i64.const 0xfffff)) (i32.const 7))
    (i32.const 0))

  ;; Reads nothing, outputs nothing: the host's input alone is the attack.
  (func (export "take_input") (result i32)
    (drop (call $input_length))
    (i32.const 0))

  ;; Non-zero without error_set.
  (func (export "fail_silently") (result i32)
    (i32.const 3))

  ;; Non-zero with an error_set offset that is no block.
  (func (export "fail_bad_offset") (result i32)
    (call $error_set (i64.const 12345))
    (i32.const 2)))
