/* test.bare.other: count (its hook on its own other.anchor) answers "other:" + input. */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("count") count(void) {
  char *p = pe_memcpy(buf, "other:", 6);
  p += pe_input_read(p, sizeof buf - 6);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
