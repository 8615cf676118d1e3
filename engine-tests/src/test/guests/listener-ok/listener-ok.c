/* test.listen.ok: a listener that completes; it has nowhere to record the event, so it answers "ok". */
#include "pluginengine.h"

int32_t PE_EXPORT("on_sent") on_sent(void) {
  pe_output_string("ok");
  return 0;
}
