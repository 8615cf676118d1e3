;; A reactor whose initializer never ends.
(module
  (func (export "_initialize") (loop $forever (br $forever)))
  (func (export "run") (result i32) (i32.const 0)))
