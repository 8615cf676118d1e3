/*
 * test.memhog: grow takes a decimal number of 64 KiB pages as input and runs memory.grow with
 * it. Refused (-1): fails with "memory.grow refused". Granted: writes to the last new page, so
 * the memory is really touched, and answers "grew".
 */
#include "pluginengine.h"

int32_t PE_EXPORT("grow") grow(void) {
  char digits[32];
  uint64_t n = pe_input_read(digits, sizeof digits);
  bool ok;
  uint64_t pages = pe_parse_u64(digits, n, &ok);
  if (!ok) return pe_error("grow expects a decimal page count as input");
  /* More than 4 GiB can never be granted; keep it refusable instead of truncating it. */
  if (pages > 65536) pages = 65537;
  size_t before = __builtin_wasm_memory_grow(0, (size_t)pages);
  if (before == (size_t)-1) return pe_error("memory.grow refused");
  if (pages > 0) {
    volatile unsigned char *last = (volatile unsigned char *)((before + pages) * 65536 - 1);
    *last = 0x5a;
    if (*last != 0x5a) return pe_error("grown page did not keep a byte");
  }
  pe_output_string("grew");
  return 0;
}
