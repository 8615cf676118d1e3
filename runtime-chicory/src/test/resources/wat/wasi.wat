;; A module that imports WASI preview 1 and uses it in an export.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; Returns random_get's errno: 0 is success.
  (func (export "random") (result i32)
    (call $random_get (i32.const 0) (i32.const 16))))
