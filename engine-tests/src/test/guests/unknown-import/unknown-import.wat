;; test.unknown.import: a real engine function (GetLastError) beside one nobody offers
;; (NoSuchThing). Only the second must be named as missing.
(module
  (import "extism:host/pluginengine" "GetLastError" (func $last (result i64)))
  (import "extism:host/pluginengine" "NoSuchThing" (func $none (param i64) (result i64)))
  (memory (export "memory") 1)
  (func (export "shout") (result i32)
    (drop (call $none (call $last)))
    (i32.const 0)))
