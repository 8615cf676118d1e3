;; The guard linked in front of the Extism kernel's output_set (see GuestRewrite.java).
;;
;; libextism's kernel ignores an output_set whose range leaves its memory, without a word, and
;; the call then "succeeds" with an empty output; a range that stays inside its memory but runs
;; past the block hands the host bytes of other blocks. Here an output must lie within the block
;; it starts at. The check stays in wasm (the kernel's length, no host round trip); only a
;; refused output calls the host, which records why, and the guest is stopped where it is.
(module
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "pluginengine:internal" "output_refused" (func $refused (param i64 i64 i64)))

  (func (export "output_set") (param $p i64) (param $n i64)
    (local $block i64)
    (if (i64.eqz (local.get $n))
      (then (call $output_set (local.get $p) (local.get $n)) (return)))
    (local.set $block (call $length (local.get $p)))
    (if (i64.gt_u (local.get $n) (local.get $block))
      (then
        (call $refused (local.get $p) (local.get $n) (local.get $block))
        (unreachable)))
    (call $output_set (local.get $p) (local.get $n)))
)
