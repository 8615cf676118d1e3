/*
 * test.sender: send sends greeting.sent with its input as payload and outputs SendEvent's
 * result in decimal: the number of listeners that completed, or -1.
 */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("send") send(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  int64_t count = pe_send_event("greeting.sent", buf, n);
  char digits[24];
  pe_output_bytes(digits, pe_i64_to_dec(count, digits));
  return 0;
}
