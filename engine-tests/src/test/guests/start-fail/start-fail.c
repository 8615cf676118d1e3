/* test.start.fail: start refuses; hello exists so a test can show it is never reachable. */
#include "pluginengine.h"

int32_t PE_EXPORT("start") start(void) { return pe_error("start refused"); }

int32_t PE_EXPORT("hello") hello(void) {
  pe_output_string("hello");
  return 0;
}
