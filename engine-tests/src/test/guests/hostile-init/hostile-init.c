/*
 * test.hostile.init: a WASI reactor whose _initialize, which runtimes call when they instantiate
 * the module, never returns; hello would answer "hello" if it were ever reached.
 */
#include "pluginengine.h"

void PE_EXPORT("_initialize") initialize(void) {
  volatile uint64_t counter = 0;
  for (;;) counter++;
}

int32_t PE_EXPORT("hello") hello(void) {
  pe_output_string("hello");
  return 0;
}
