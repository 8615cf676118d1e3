;; The test plugin: Extism exports written by hand against the kernel imports.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/pluginengine" "Transform" (func $transform (param i64) (result i64)))

  (memory (export "memory") 1)
  (global $inits (mut i32) (i32.const 0))
  (data (i32.const 16) "bad input: rejected")
  (data (i32.const 64) "out of memory")

  ;; Copies the input into a new Extism block; returns its offset.
  (func $input_block (result i64)
    (local $n i64) (local $i i64) (local $b i64)
    (local.set $n (call $input_length))
    (local.set $b (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $b) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $b))

  ;; Copies n bytes of this module's memory at p into a new Extism block.
  (func $memory_block (param $p i32) (param $n i32) (result i64)
    (local $i i32) (local $b i64)
    (local.set $b (call $alloc (i64.extend_i32_u (local.get $n))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $b) (i64.extend_i32_u (local.get $i)))
                        (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $b))

  ;; A reactor's initializer: counts how often it ran.
  (func (export "_initialize")
    (global.set $inits (i32.add (global.get $inits) (i32.const 1))))

  (func (export "echo") (result i32)
    (call $output_set (call $input_block) (call $input_length))
    (i32.const 0))

  ;; Outputs the number of _initialize runs as one ASCII digit.
  (func (export "inits") (result i32)
    (local $b i64)
    (local.set $b (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $b) (i32.add (i32.const 48) (global.get $inits)))
    (call $output_set (local.get $b) (i64.const 1))
    (i32.const 0))

  (func (export "fail") (result i32)
    (call $error_set (call $memory_block (i32.const 16) (i32.const 19)))
    (i32.const 1))

  (func (export "trap") (result i32)
    unreachable)

  (func (export "out_of_bounds") (result i32)
    (i32.load (i32.const 0x7ffffff0)))

  (func $recurse (export "recurse") (result i32)
    (i32.add (call $recurse) (i32.const 1)))

  (func (export "spin") (result i32)
    (loop $forever (br $forever))
    (i32.const 0))

  ;; Grows one page at a time until refused (-1), then aborts like an allocator.
  (func (export "grow_until_refused") (result i32)
    (block $refused
      (loop $next
        (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $next)))
    unreachable)

  ;; The same, but reports the refusal as an Extism error (its block made first: at the limit the
  ;; budget, shared with the kernel, has no room left for it).
  (func (export "grow_then_error") (result i32)
    (local $message i64)
    (local.set $message (call $memory_block (i32.const 64) (i32.const 13)))
    (block $refused
      (loop $next
        (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $next)))
    (call $error_set (local.get $message))
    (i32.const 1))

  ;; Outputs memory.grow's answer to one grow of 1000 pages, as text ("-1" when refused).
  (func (export "grow_1000") (result i32)
    (if (i32.eq (memory.grow (i32.const 1000)) (i32.const -1))
      (then
        (i32.store16 (i32.const 128) (i32.const 0x312d)) ;; "-1"
        (call $output_set (call $memory_block (i32.const 128) (i32.const 2)) (i64.const 2))
        (return (i32.const 0))))
    (i32.const 0))

  ;; Hands the input to the host's Transform and outputs its answer.
  (func (export "transform") (result i32)
    (local $r i64)
    (local.set $r (call $transform (call $input_block)))
    (if (i64.eqz (local.get $r)) (then (return (i32.const 0))))
    (call $output_set (local.get $r) (call $length (local.get $r)))
    (i32.const 0))

  ;; Not an Extism function: it takes parameters.
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
