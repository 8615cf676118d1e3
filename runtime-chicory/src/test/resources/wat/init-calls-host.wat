;; A reactor whose initializer calls a host function (which a test makes throw).
(module
  (import "extism:host/pluginengine" "Transform" (func $transform (param i64) (result i64)))
  (func (export "_initialize") (drop (call $transform (i64.const 0))))
  (func (export "run") (result i32) (i32.const 0)))
