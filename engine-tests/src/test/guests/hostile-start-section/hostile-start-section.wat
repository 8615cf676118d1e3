;; test.hostile.startsection: the start section runs while the module is instantiated, before
;; any export can be called, and loops forever. C cannot emit a start section, hence WAT.
(module
  (memory (export "memory") 1)
  (func $forever
    (loop $again (br $again)))
  (func (export "hello") (result i32)
    (i32.const 0))
  (start $forever))
