/*
 * test.chain.a: run calls the first hook resolved to chain.anchor with its input and outputs
 * "a:" + the hook's response; on_ping (listener of chain.ping) answers "pong".
 */
#include "pluginengine.h"

static char hooks[32768];
static char ref[1024];
static char buf[16384];

int32_t PE_EXPORT("run") run(void) {
  pe_offset list = pe_get_hooks("chain.anchor");
  if (list == 0) return pe_fail_with_last_error("GetHooks(chain.anchor) returned nothing");
  uint64_t jlen = pe_block_read(list, hooks, sizeof hooks);
  uint64_t pos = 0;
  if (pe_json_next_string(hooks, jlen, &pos, "ref", ref, sizeof ref) < 0)
    return pe_error("no hook is resolved to chain.anchor");

  uint64_t n = pe_input_read(buf, sizeof buf);
  pe_offset out = pe_call_hook(ref, buf, n);
  if (out == 0 && pe_last_error() != 0) return pe_fail_with_last_error("CallHook failed");
  char *p = pe_memcpy(buf, "a:", 2);
  p += pe_block_read(out, p, sizeof buf - 2);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}

int32_t PE_EXPORT("on_ping") on_ping(void) {
  pe_output_string("pong");
  return 0;
}
