/* test.minor: appends "MINOR"; its manifest targets anchor 1.3.x, so it should never be called. */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("minor") minor(void) {
  uint64_t n = pe_input_read(buf, sizeof buf - 5);
  n = (uint64_t)(pe_memcpy(buf + n, "MINOR", 5) - buf);
  pe_output_bytes(buf, n);
  return 0;
}
