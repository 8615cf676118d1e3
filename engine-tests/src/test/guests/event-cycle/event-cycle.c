/*
 * test.cycle: a listener of cycle.ping that sends cycle.ping again, so events go round without
 * end. send (the entry point) outputs SendEvent's count. A listener whose SendEvent returns -1
 * fails with "bottom saw -1: " + GetLastError, which the engine reports to the host; one that
 * got a count succeeds, so every level above the bottom counts one delivered listener.
 */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("send") send(void) {
  int64_t count = pe_send_event("cycle.ping", "p", 1);
  char digits[24];
  pe_output_bytes(digits, pe_i64_to_dec(count, digits));
  return 0;
}

int32_t PE_EXPORT("on_ping") on_ping(void) {
  int64_t count = pe_send_event("cycle.ping", "p", 1);
  if (count >= 0) return 0;
  char *p = pe_memcpy(buf, "bottom saw ", 11);
  p += pe_i64_to_dec(count, p);
  p = pe_memcpy(p, ": ", 2);
  p += pe_block_read(pe_last_error(), p, sizeof buf - 64);
  *p = 0;
  return pe_error(buf);
}
