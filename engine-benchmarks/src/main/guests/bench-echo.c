/*
 * Benchmark hook: answers its input unchanged, up to 64 KiB (the largest payload measured). It is
 * the module of every hook and of the raw-SDK baselines, so both sides run the same guest code.
 */
#include "pluginengine.h"

static char buf[65536];

int32_t PE_EXPORT("echo") echo(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  pe_output_bytes(buf, n);
  return 0;
}
