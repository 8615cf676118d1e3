/*
 * test.big: three hooks on greeting.decorators (big1, big2, big3), one function: answers as many
 * bytes as its input says in decimal (zeros, one Extism block), or its input itself when that is
 * not a number. Three answers of that size can exceed what the anchor's memory holds, each alone not.
 */
#include "pluginengine.h"

int32_t PE_EXPORT("big") big(void) {
  char digits[32];
  uint64_t n = pe_input_read(digits, sizeof digits);
  bool ok;
  uint64_t len = pe_parse_u64(digits, n, &ok);
  if (!ok) {
    pe_output_bytes(digits, n);
    return 0;
  }
  if (len == 0) return 0; /* an empty response: Extism has no empty block */
  pe_offset out = pe_extism_alloc(len);
  if (out == 0) return pe_error("alloc of the answer failed");
  pe_extism_output_set(out, len);
  return 0;
}
