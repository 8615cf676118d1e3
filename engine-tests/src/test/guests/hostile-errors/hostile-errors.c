/* test.hostile.errors: silent fails (returns 1) without error_set, leaving the host no message. */
#include "pluginengine.h"

int32_t PE_EXPORT("silent") silent(void) { return 1; }
