/* test.upper: uppercases the ASCII letters of the text it receives; other bytes pass through. */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("upper") upper(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  for (uint64_t i = 0; i < n; i++)
    if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = (char)(buf[i] - 'a' + 'A');
  pe_output_bytes(buf, n);
  return 0;
}
