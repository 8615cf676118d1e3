/*
 * test.hostile.http: http asks the Extism kernel's http_request for a local URL; no plugin is
 * granted network access. Answers "http answered <offset>" if the host let it through.
 */
#include "pluginengine.h"

PE_KERNEL("http_request") extern pe_offset pe_extism_http_request(pe_offset request, pe_offset body);

int32_t PE_EXPORT("http") http(void) {
  pe_offset request = pe_alloc_string("{\"url\":\"http://127.0.0.1:9/\",\"method\":\"GET\",\"headers\":{}}");
  pe_offset answer = pe_extism_http_request(request, 0);
  char msg[48];
  char *p = pe_memcpy(msg, "http answered ", 14);
  p += pe_u64_to_dec(answer, p);
  pe_output_bytes(msg, (uint64_t)(p - msg));
  return 0;
}
