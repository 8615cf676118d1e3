;; The WASI shim linked in front of a module's poll_oneoff and fd_write (see GuestRewrite.java).
;;
;; libextism's WASI sleeps in one blocking native call that its cancel cannot reach. This
;; module answers clock-only polls by sleeping in slices of at most 10 ms through the real
;; poll_oneoff, looping in wasm in between: wasmtime checks for an interrupt at every loop
;; head, so a cancel ends the sleep within one slice. Polls that wait on a file descriptor are
;; passed through unchanged. The memory is the guest's own (the guest imports it from here),
;; because WASI reads and writes the caller's exported "memory".
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "pluginengine:internal" "guest_write" (func $guest_write (param i32 i64)))
  (memory (export "memory") 1)

  (global $slice i64 (i64.const 10000000))
  (global $never i64 (i64.const -1))

  ;; The clock's time now, read through $scratch (8 bytes the caller lets us clobber).
  (func $now (param $id i32) (param $scratch i32) (result i64)
    (drop (call $clock (local.get $id) (i64.const 1) (local.get $scratch)))
    (i64.load (local.get $scratch)))

  ;; a + b, or "never" when it overflows
  (func $add_sat (param $a i64) (param $b i64) (result i64)
    (if (result i64) (i64.gt_u (local.get $b) (i64.sub (global.get $never) (local.get $a)))
      (then (global.get $never))
      (else (i64.add (local.get $a) (local.get $b)))))

  ;; When subscription $sub fires, on the monotonic clock.
  (func $deadline (param $sub i32) (param $mono0 i64) (param $real0 i64) (result i64)
    (local $t i64)
    (local.set $t (i64.load offset=24 (local.get $sub)))
    (if (i32.and (i32.load16_u offset=40 (local.get $sub)) (i32.const 1))
      (then
        ;; absolute: realtime deadlines move onto the monotonic clock, others are monotonic already
        (if (i32.eqz (i32.load offset=16 (local.get $sub)))
          (then
            (if (i64.le_u (local.get $t) (local.get $real0)) (then (return (local.get $mono0))))
            (return (call $add_sat (local.get $mono0) (i64.sub (local.get $t) (local.get $real0))))))
        (return (local.get $t))))
    (call $add_sat (local.get $mono0) (local.get $t)))

  (func (export "poll_oneoff") (param $in i32) (param $out i32) (param $n i32) (param $nevents i32) (result i32)
    (local $i i32) (local $sub i32) (local $mono0 i64) (local $real0 i64) (local $earliest i64)
    (local $now i64) (local $count i32) (local $rc i32)
    (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64) (local $s4 i64) (local $s5 i64)
    (if (i32.eqz (local.get $n))
      (then (return (call $poll (local.get $in) (local.get $out) (local.get $n) (local.get $nevents)))))
    ;; any file descriptor subscription: pass through
    (block $scan
      (loop $each
        (br_if $scan (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.load8_u offset=8 (i32.add (local.get $in) (i32.mul (local.get $i) (i32.const 48))))
          (then (return (call $poll (local.get $in) (local.get $out) (local.get $n) (local.get $nevents)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.set $mono0 (call $now (i32.const 1) (local.get $out)))
    (local.set $real0 (call $now (i32.const 0) (local.get $out)))
    (local.set $earliest (global.get $never))
    (local.set $i (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $now (call $deadline (i32.add (local.get $in) (i32.mul (local.get $i) (i32.const 48)))
                                        (local.get $mono0) (local.get $real0)))
        (if (i64.lt_u (local.get $now) (local.get $earliest)) (then (local.set $earliest (local.get $now))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    ;; borrow the first subscription for a relative sleep of one slice; put it back afterwards
    (local.set $s0 (i64.load offset=0 (local.get $in)))
    (local.set $s1 (i64.load offset=8 (local.get $in)))
    (local.set $s2 (i64.load offset=16 (local.get $in)))
    (local.set $s3 (i64.load offset=24 (local.get $in)))
    (local.set $s4 (i64.load offset=32 (local.get $in)))
    (local.set $s5 (i64.load offset=40 (local.get $in)))
    (block $woke
      (loop $wait
        (local.set $now (call $now (i32.const 1) (local.get $out)))
        (br_if $woke (i64.ge_u (local.get $now) (local.get $earliest)))
        (i64.store offset=0 (local.get $in) (i64.const 0))
        (i64.store offset=8 (local.get $in) (i64.const 0))
        (i64.store offset=16 (local.get $in) (i64.const 1))
        (i64.store offset=24 (local.get $in)
          (select (global.get $slice) (i64.sub (local.get $earliest) (local.get $now))
                  (i64.gt_u (i64.sub (local.get $earliest) (local.get $now)) (global.get $slice))))
        (i64.store offset=32 (local.get $in) (i64.const 0))
        (i64.store offset=40 (local.get $in) (i64.const 0))
        (local.set $rc (call $poll (local.get $in) (local.get $out) (i32.const 1) (local.get $nevents)))
        (br_if $woke (local.get $rc))
        (br $wait)))
    (i64.store offset=0 (local.get $in) (local.get $s0))
    (i64.store offset=8 (local.get $in) (local.get $s1))
    (i64.store offset=16 (local.get $in) (local.get $s2))
    (i64.store offset=24 (local.get $in) (local.get $s3))
    (i64.store offset=32 (local.get $in) (local.get $s4))
    (i64.store offset=40 (local.get $in) (local.get $s5))
    (if (local.get $rc) (then (return (local.get $rc))))
    ;; one clock event for every subscription that is due
    (local.set $i (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sub (i32.add (local.get $in) (i32.mul (local.get $i) (i32.const 48))))
        (if (i64.le_u (call $deadline (local.get $sub) (local.get $mono0) (local.get $real0)) (local.get $now))
          (then
            (i64.store offset=0 (i32.add (local.get $out) (i32.mul (local.get $count) (i32.const 32)))
                       (i64.load (local.get $sub)))
            (i64.store offset=8 (i32.add (local.get $out) (i32.mul (local.get $count) (i32.const 32))) (i64.const 0))
            (i64.store offset=16 (i32.add (local.get $out) (i32.mul (local.get $count) (i32.const 32))) (i64.const 0))
            (i64.store offset=24 (i32.add (local.get $out) (i32.mul (local.get $count) (i32.const 32))) (i64.const 0))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.store (local.get $nevents) (local.get $count))
    (i32.const 0))
;; Writes to stdout (1) and stderr (2) go to the engine, not to libextism (which drops them):
  ;; each iovec, in pieces of at most 64 KiB, is copied into an Extism block (the host reads only
  ;; the kernel's memory) and handed to pluginengine:internal::guest_write with its fd. Other
  ;; descriptors are passed through unchanged.
  (func (export "fd_write") (param $fd i32) (param $iovs i32) (param $n i32) (param $nwritten i32) (result i32)
    (local $i i32) (local $ptr i32) (local $len i32) (local $piece i32) (local $j i32) (local $total i32)
    (local $block i64)
    (if (i32.gt_u (i32.sub (local.get $fd) (i32.const 1)) (i32.const 1))
      (then (return (call $fd_write (local.get $fd) (local.get $iovs) (local.get $n) (local.get $nwritten)))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $ptr (i32.load (i32.add (local.get $iovs) (i32.mul (local.get $i) (i32.const 8)))))
        (local.set $len (i32.load offset=4 (i32.add (local.get $iovs) (i32.mul (local.get $i) (i32.const 8)))))
        (block $sent
          (loop $pieces
            (br_if $sent (i32.eqz (local.get $len)))
            (local.set $piece (select (local.get $len) (i32.const 65536) (i32.lt_u (local.get $len) (i32.const 65536))))
            (local.set $block (call $alloc (i64.extend_i32_u (local.get $piece))))
            ;; no room in the kernel's memory: EIO (29) for what is left
            (if (i64.eqz (local.get $block))
              (then
                (i32.store (local.get $nwritten) (local.get $total))
                (return (i32.const 29))))
            (local.set $j (i32.const 0))
            (block $copied
              (loop $words
                (br_if $copied (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $piece)))
                (call $store_u64 (i64.add (local.get $block) (i64.extend_i32_u (local.get $j)))
                                 (i64.load (i32.add (local.get $ptr) (local.get $j))))
                (local.set $j (i32.add (local.get $j) (i32.const 8)))
                (br $words)))
            (block $bytes_done
              (loop $bytes
                (br_if $bytes_done (i32.ge_u (local.get $j) (local.get $piece)))
                (call $store_u8 (i64.add (local.get $block) (i64.extend_i32_u (local.get $j)))
                                (i32.load8_u (i32.add (local.get $ptr) (local.get $j))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $bytes)))
            (call $guest_write (local.get $fd) (local.get $block))
            (call $free (local.get $block))
            (local.set $ptr (i32.add (local.get $ptr) (local.get $piece)))
            (local.set $len (i32.sub (local.get $len) (local.get $piece)))
            (local.set $total (i32.add (local.get $total) (local.get $piece)))
            (br $pieces)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.store (local.get $nwritten) (local.get $total))
    (i32.const 0))
)
