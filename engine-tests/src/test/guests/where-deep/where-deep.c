/* test.where.deep: reach recurses <input> levels, then CallHooks test.where@1.0.0/where-own with "deep". */
#include "pluginengine.h"

static char buf[64];

static __attribute__((noinline)) pe_offset down(uint64_t levels) {
  if (levels == 0) return pe_call_hook("test.where@1.0.0/where-own", "deep", 4);
  pe_offset out = down(levels - 1);
  __asm__ volatile("" ::: "memory"); /* not a tail call: the frames stay on the stack */
  return out;
}

int32_t PE_EXPORT("reach") reach(void) {
  uint64_t n = pe_input_read(buf, sizeof buf - 1);
  bool ok;
  uint64_t levels = pe_parse_u64(buf, n, &ok);
  pe_offset out = down(ok ? levels : 0);
  if (out == 0) return pe_fail_with_last_error("where-own failed");
  pe_output_block(out);
  return 0;
}
