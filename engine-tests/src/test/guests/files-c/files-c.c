// WriteFile through pdk/c: writes the input to c.txt; answers "ok" or fails with the engine's error.
#include "pluginengine.h"

int32_t PE_EXPORT("write") write_file(void) {
  static char buf[256];
  uint64_t n = pe_input_read(buf, sizeof buf);
  if (pe_write_file("c.txt", buf, n) != 0) return pe_fail_with_last_error("WriteFile failed");
  pe_output_string("ok");
  return 0;
}
