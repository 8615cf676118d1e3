/* test.hostfn: calls a host function the application added, app_lookup in extism:host/user. */
#include "pluginengine.h"

/* The application's own host function: takes a key, answers a value (both Extism blocks). */
PE_IMPORT_("extism:host/user", "app_lookup") extern pe_offset app_lookup(pe_offset key);

static char buf[4096];

/* lookup: outputs "value=" + app_lookup(input), or "failed" when the host answered 0. */
int32_t PE_EXPORT("lookup") lookup(void) {
  uint64_t n = pe_input_read(buf, sizeof buf);
  pe_offset key = pe_alloc_bytes(buf, n);
  pe_offset value = app_lookup(key);
  pe_free(key);
  if (value == 0) {
    pe_output_string("failed");
    return 0;
  }
  char *p = pe_memcpy(buf, "value=", 6);
  p += pe_block_read(value, p, sizeof buf - 6);
  pe_free(value);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
