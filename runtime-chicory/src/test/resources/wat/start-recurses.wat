;; A module whose start section recurses until the thread's stack is gone.
(module
  (func $deep (param i32) (result i32) (i32.add (call $deep (local.get 0)) (i32.const 1)))
  (func $start (drop (call $deep (i32.const 0))))
  (start $start)
  (func (export "run") (result i32) (i32.const 0)))
