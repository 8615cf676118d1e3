/*
 * test.hostile.dive: recursion in wasm, to reach the bottom of whatever stack runs it.
 *
 *   dive  (hook) input "L D": with L > 0, recurses D frames, then CallHooks itself with "L-1 D"
 *         at the bottom, so every level of nested CallHooks sits on top of D wasm frames; with
 *         L = 0 it recurses without bound. A failed CallHook is passed up as this level's error
 *         ("level L: " + GetLastError); a CallHook that answered 0 without an error (a failure the
 *         engine lost) answers "lost at level L", so the host sees success with that text.
 *   deep  recurses without bound.
 *   probe input "D": recurses D frames and answers "ok" (finds how deep the stack goes).
 *   reach input "D": recurses D frames, then CallHooks test.echo's hook at the bottom and
 *         answers its response; a failed CallHook is passed up as the error.
 *
 * The recursion keeps no address-taken locals, so it uses the runtime's stack only, never the
 * 64 KiB shadow stack in linear memory; the volatile store after the call keeps it a real call.
 */
#include "pluginengine.h"

static volatile uint32_t sink;
static uint64_t levels, depth;
static char buf[4096];

typedef uint32_t (*bottom_fn)(void);

__attribute__((noinline)) static uint32_t descend(uint64_t n, bottom_fn bottom) {
  if (n == 0) return bottom();
  uint32_t r = descend(n - 1, bottom);
  sink = r;
  return r + (uint32_t)n;
}

static uint32_t endless(void) { return descend(~(uint64_t)0, endless); }

/* Parses "A B" (B optional) from the input. */
static void read_pair(uint64_t *a, uint64_t *b) {
  uint64_t n = pe_input_read(buf, sizeof buf), i = 0;
  bool ok;
  *a = pe_parse_u64(buf, n, &ok);
  while (i < n && buf[i] != ' ') i++;
  *b = i < n ? pe_parse_u64(buf + i + 1, n - i - 1, &ok) : 0;
}

/* Sets the output, or the error, from what a CallHook gave; returns the export's result. */
static uint32_t pass_on(pe_offset answer, const char *prefix, uint64_t prefix_len, const char *lost) {
  pe_offset err = pe_last_error();
  if (answer == 0 && err != 0) {
    char *p = pe_memcpy(buf, prefix, prefix_len);
    p += pe_block_read(err, p, sizeof buf - prefix_len - 1);
    *p = 0;
    return (uint32_t)pe_error(buf);
  }
  if (answer == 0) {
    pe_output_string(lost);
    return 0;
  }
  pe_output_block(answer);
  return 0;
}

/* What the bottom of a descent decided: the export's result (0 ok, 1 failed). */
static int32_t result;

static uint32_t next_level(void) {
  char *p = buf;
  p += pe_u64_to_dec(levels - 1, p);
  *p++ = ' ';
  p += pe_u64_to_dec(depth, p);
  pe_offset answer = pe_call_hook("test.hostile.dive@1.0.0/dive", buf, (uint64_t)(p - buf));
  char prefix[32] = "level ";
  uint64_t n = 6 + pe_u64_to_dec(levels, prefix + 6);
  prefix[n++] = ':';
  prefix[n++] = ' ';
  result = (int32_t)pass_on(answer, prefix, n, "lost below this level");
  return 0;
}

static uint32_t answer_ok(void) {
  pe_output_string("ok");
  result = 0;
  return 0;
}

static uint32_t reach_echo(void) {
  pe_offset answer = pe_call_hook("test.echo@1.0.0/echo", "deep", 4);
  result = (int32_t)pass_on(answer, "echo: ", 6, "lost at the bottom");
  return 0;
}

int32_t PE_EXPORT("dive") dive(void) {
  read_pair(&levels, &depth);
  if (levels == 0) endless();
  descend(depth, next_level);
  return result;
}

int32_t PE_EXPORT("deep") deep(void) {
  endless();
  return pe_error("an endless recursion ended");
}

int32_t PE_EXPORT("probe") probe(void) {
  uint64_t unused;
  read_pair(&depth, &unused);
  descend(depth, answer_ok);
  return result;
}

int32_t PE_EXPORT("reach") reach(void) {
  uint64_t unused;
  read_pair(&depth, &unused);
  descend(depth, reach_echo);
  return result;
}
