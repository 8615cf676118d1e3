/*
 * spirefy-compat: a plugin shaped like one built for the original Go engine (flat archive,
 * Go-era manifest keys, module named plugin.wasm, hence this file is plugin.c). start succeeds;
 * compat answers "compat:" + input.
 */
#include "pluginengine.h"

static char buf[16384];

int32_t PE_EXPORT("start") start(void) { return 0; }

int32_t PE_EXPORT("compat") compat(void) {
  char *p = pe_memcpy(buf, "compat:", 7);
  p += pe_input_read(p, sizeof buf - 7);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
