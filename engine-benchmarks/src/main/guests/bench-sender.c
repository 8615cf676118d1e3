/* Benchmark sender (bench.sender): send sends bench.event with its input; answers how many listeners completed. */
#include "pluginengine.h"

static char buf[65536];

int32_t PE_EXPORT("send") send(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  int64_t count = pe_send_event("bench.event", buf, n);
  char digits[24];
  pe_output_bytes(digits, pe_i64_to_dec(count, digits));
  return 0;
}
