/* test.exclaim: appends "!" to the text it receives. */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("exclaim") exclaim(void) {
  uint64_t n = pe_input_read(buf, sizeof buf - 1);
  buf[n++] = '!';
  pe_output_bytes(buf, n);
  return 0;
}
