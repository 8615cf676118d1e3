/* test.hostile.squatter: only its manifest matters; noop is there so the module has an export. */
#include "pluginengine.h"

int32_t PE_EXPORT("noop") noop(void) { return 0; }
