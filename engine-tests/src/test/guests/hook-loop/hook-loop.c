/*
 * test.loop: spins forever without calling the host. The volatile counter keeps the optimiser
 * from proving the loop side-effect free, so the module really contains an endless loop.
 */
#include "pluginengine.h"

int32_t PE_EXPORT("loop") loop(void) {
  volatile uint64_t counter = 0;
  for (;;) counter++;
}
