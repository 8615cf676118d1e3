/*
 * test.anchor: owns the anchor greeting.decorators (1.2.0).
 *
 * decorate: input is a name; each hook resolved to the anchor is called in the engine's order
 * with the text so far and answers the new text. A failing hook appends "[error: <msg>]" and
 * the next hook carries on with that text, so a test sees every hook's effect in one string.
 * list_hooks: GetHooks' JSON as is.
 * decorate_refs, list_hook_refs: the same through GetHookRefs (an engine extension: the refs alone,
 * one a line).
 */
#include "pluginengine.h"

#define ANCHOR "greeting.decorators"

static char text[16384];
static char hooks[32768];
static char ref[1024];
static char err[2048];

/* Fails the export with the engine's last error (or a fallback when none is set). */
static uint64_t append(uint64_t n, const char *s, uint64_t len) {
  if (n + len > sizeof text) len = sizeof text - n;
  pe_memcpy(text + n, s, len);
  return n + len;
}

int32_t PE_EXPORT("decorate") decorate(void) {
  uint64_t n = pe_input_read(text, sizeof text);
  pe_offset list = pe_get_hooks(ANCHOR);
  if (list == 0) return pe_fail_with_last_error("GetHooks(" ANCHOR ") returned nothing");
  if (pe_block_length(list) > sizeof hooks) return pe_error("GetHooks answer too large for decorate");
  uint64_t jlen = pe_block_read(list, hooks, sizeof hooks);
  pe_free(list);

  uint64_t pos = 0;
  while (pe_json_next_string(hooks, jlen, &pos, "ref", ref, sizeof ref) >= 0) {
    pe_offset out = pe_call_hook(ref, text, n);
    if (out != 0) {
      if (pe_block_length(out) > sizeof text) return pe_error("hook response too large for decorate");
      n = pe_block_read(out, text, sizeof text);
      pe_free(out);
      continue;
    }
    pe_offset e = pe_last_error();
    if (e == 0) { /* success with an empty response */
      n = 0;
      continue;
    }
    uint64_t elen = pe_block_read(e, err, sizeof err);
    n = append(n, "[error: ", 8);
    n = append(n, err, elen);
    n = append(n, "]", 1);
  }
  pe_output_bytes(text, n);
  return 0;
}

int32_t PE_EXPORT("list_hooks") list_hooks(void) {
  pe_offset list = pe_get_hooks(ANCHOR);
  if (list == 0) return pe_fail_with_last_error("GetHooks(" ANCHOR ") returned nothing");
  pe_output_block(list);
  return 0;
}

int32_t PE_EXPORT("decorate_refs") decorate_refs(void) {
  uint64_t n = pe_input_read(text, sizeof text);
  pe_offset list = pe_get_hook_refs(ANCHOR);
  if (list == 0 && pe_last_error() != 0) return pe_fail_with_last_error("GetHookRefs(" ANCHOR ") failed");
  if (pe_block_length(list) > sizeof hooks) return pe_error("GetHookRefs answer too large for decorate_refs");
  uint64_t len = pe_block_read(list, hooks, sizeof hooks);
  pe_free(list);

  uint64_t pos = 0;
  const char *line;
  int64_t rlen;
  while ((rlen = pe_next_line(hooks, len, &pos, &line)) >= 0) {
    pe_offset out = pe_call_hook_ref(line, (uint64_t)rlen, text, n);
    if (out == 0) return pe_fail_with_last_error("a hook failed");
    if (pe_block_length(out) > sizeof text) return pe_error("hook response too large for decorate_refs");
    n = pe_block_read(out, text, sizeof text);
    pe_free(out);
  }
  pe_output_bytes(text, n);
  return 0;
}

int32_t PE_EXPORT("list_hook_refs") list_hook_refs(void) {
  pe_offset list = pe_get_hook_refs(ANCHOR);
  if (list == 0 && pe_last_error() != 0) return pe_fail_with_last_error("GetHookRefs(" ANCHOR ") failed");
  pe_output_block(list);
  return 0;
}
