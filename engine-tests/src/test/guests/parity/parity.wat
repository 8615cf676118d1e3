;; Exports for the CLI's runtime-parity test: each fails in its own way.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; a reactor's initializer: runs once per instance, never callable by name
  (func (export "_initialize"))
  ;; not an Extism function: it takes an argument
  (func (export "typed") (param i64) (result i64) (local.get 0))
  (func (export "trap") (result i32) unreachable)
  (func (export "quit") (result i32) (call $proc_exit (i32.const 3)) (i32.const 0))
  (func (export "spin") (result i32) (loop $forever (br $forever)) (i32.const 0))
)
