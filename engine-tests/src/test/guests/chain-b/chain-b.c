/* test.chain.b: ping sends chain.ping with its input and answers "b:" + SendEvent's count. */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("ping") ping(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  int64_t count = pe_send_event("chain.ping", buf, n);
  char *p = pe_memcpy(buf, "b:", 2);
  p += pe_i64_to_dec(count, p);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
