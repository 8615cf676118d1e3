/*
 * test.recurse: the hook `recurse` calls itself through CallHook without end. Each level answers
 * "+" followed by what the level below answered; the level whose CallHook fails answers
 * "bottom:" + GetLastError, so the host sees how deep it went and why it stopped.
 */
#include "pluginengine.h"

static char buf[65536];

int32_t PE_EXPORT("recurse") recurse(void) {
  pe_offset inner = pe_call_hook("test.recurse@1.0.0/recurse", "x", 1);
  pe_offset err = pe_last_error();
  char *p = buf;
  if (inner == 0 && err != 0) {
    p = pe_memcpy(p, "bottom:", 7);
    p += pe_block_read(err, p, sizeof buf - 8);
  } else {
    *p++ = '+';
    p += pe_block_read(inner, p, sizeof buf - 1);
  }
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
