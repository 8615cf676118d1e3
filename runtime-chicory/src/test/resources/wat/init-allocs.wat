;; A reactor whose initializer allocates 64 MiB kernel blocks until the heap is gone.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (func (export "_initialize")
    (local $i i32) (local $b i64)
    (loop $next
      (local.set $b (call $alloc (i64.const 0x4000000)))
      (if (i64.ne (local.get $b) (i64.const 0))
        (then (call $store_u8 (i64.add (local.get $b) (i64.const 0x3ffffff)) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 64)))))
  (func (export "run") (result i32) (i32.const 0)))
