/*
 * test.start.ok: start increments a counter held in this instance's linear memory; count
 * outputs it in decimal. Every instance should therefore answer "1".
 */
#include "pluginengine.h"

static uint64_t starts;

int32_t PE_EXPORT("start") start(void) {
  starts++;
  return 0;
}

int32_t PE_EXPORT("count") count(void) {
  char digits[24];
  pe_output_bytes(digits, pe_u64_to_dec(starts, digits));
  return 0;
}
