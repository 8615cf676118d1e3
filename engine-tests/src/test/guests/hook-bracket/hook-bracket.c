/* test.bracket: wraps the text it receives in square brackets. */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("bracket") bracket(void) {
  buf[0] = '[';
  uint64_t n = 1 + pe_input_read(buf + 1, sizeof buf - 2);
  buf[n++] = ']';
  pe_output_bytes(buf, n);
  return 0;
}
