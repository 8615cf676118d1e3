/* test.fail: fails the way a plugin should, with error_set and a non-zero result. */
#include "pluginengine.h"

int32_t PE_EXPORT("fail") fail(void) { return pe_error("hook failed on purpose"); }
