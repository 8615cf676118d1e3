;; Imports a host function nobody offers.
(module
  (import "extism:host/pluginengine" "NoSuchHostFunction" (func $missing (param i64) (result i64)))
  (func (export "run") (result i32)
    (drop (call $missing (i64.const 0)))
    (i32.const 0)))
