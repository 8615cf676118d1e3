/*
 * test.counter: a hook and a listener that count every call that reaches them, so a test can
 * tell a payload that was refused before delivery from one the plugin saw.
 * count: counts, then answers its input as is. calls: the count so far, in decimal.
 */
#include "pluginengine.h"

static char buf[65536];
static uint64_t seen;

int32_t PE_EXPORT("count") count(void) {
  seen++;
  uint64_t n = pe_input_read(buf, sizeof buf);
  pe_output_bytes(buf, n);
  return 0;
}

int32_t PE_EXPORT("calls") calls(void) {
  char digits[24];
  int n = 0;
  uint64_t v = seen;
  do {
    digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  pe_output_bytes(digits + sizeof digits - n, (uint64_t)n);
  return 0;
}
