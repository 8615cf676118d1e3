/* test.listen.fail: a listener that refuses every event with error_set and a non-zero result. */
#include "pluginengine.h"

int32_t PE_EXPORT("on_sent") on_sent(void) { return pe_error("listener refused"); }
