/* test.hostile.spinner: the hook spin never returns; only its timeout ends each call. */
#include "pluginengine.h"

int32_t PE_EXPORT("spin") spin(void) {
  volatile uint64_t counter = 0;
  for (;;) counter++;
}
