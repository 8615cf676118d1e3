/*
 * test.bare.owner: run calls the first hook GetHooks lists for its own bare.anchor by that hook's
 * bare id (as the original Go PDK does) and outputs "owner:" + the response; count (its hook on
 * bare.anchor) answers "mine:" + input.
 */
#include "pluginengine.h"

static char hooks[32768];
static char id[1024];
static char buf[16384];

int32_t PE_EXPORT("run") run(void) {
  pe_offset list = pe_get_hooks("bare.anchor");
  if (list == 0) return pe_fail_with_last_error("GetHooks(bare.anchor) returned nothing");
  uint64_t jlen = pe_block_read(list, hooks, sizeof hooks);
  uint64_t pos = 0;
  if (pe_json_next_string(hooks, jlen, &pos, "id", id, sizeof id) < 0)
    return pe_error("no hook is resolved to bare.anchor");

  uint64_t n = pe_input_read(buf, sizeof buf);
  pe_offset out = pe_call_hook(id, buf, n);
  if (out == 0 && pe_last_error() != 0) return pe_fail_with_last_error("CallHook failed");
  char *p = pe_memcpy(buf, "owner:", 6);
  p += pe_block_read(out, p, sizeof buf - 6);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}

int32_t PE_EXPORT("count") count(void) {
  char *p = pe_memcpy(buf, "mine:", 5);
  p += pe_input_read(p, sizeof buf - 5);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
