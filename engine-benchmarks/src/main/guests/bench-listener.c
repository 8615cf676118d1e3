/* Benchmark listener: reads the event's payload (as a real listener would) and completes with no output. */
#include "pluginengine.h"

static char buf[65536];

int32_t PE_EXPORT("on_event") on_event(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  return n > sizeof buf ? 1 : 0;
}
