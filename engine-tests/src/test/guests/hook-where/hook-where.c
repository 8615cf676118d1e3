/* test.where: hook where calls the application's app_lookup with its input, answers the input. */
#include "pluginengine.h"

PE_IMPORT_("extism:host/user", "app_lookup") extern pe_offset app_lookup(pe_offset key);

static char buf[4096];

int32_t PE_EXPORT("where") where(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  pe_offset key = pe_alloc_bytes(buf, n);
  pe_free(app_lookup(key));
  pe_free(key);
  pe_output_bytes(buf, n);
  return 0;
}
