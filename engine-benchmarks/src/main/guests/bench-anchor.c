/*
 * Benchmark anchor (bench.anchor): run asks GetHooks for the hooks of its anchor and calls each
 * through CallHook with its own input, as an anchor owner normally does on every call; it answers
 * the last hook's response. The Java side of the comparison does the same: hooks(anchor) and one
 * callHook per hook. run_refs and list_refs do the same through GetHookRefs (an engine extension:
 * the refs alone, one a line), which is all that an anchor calling its hooks needs of the list.
 */
#include "pluginengine.h"

#define ANCHOR "bench.anchor"

static char payload[65536];
static char hooks[65536];
static char ref[512];

int32_t PE_EXPORT("run") run(void) {
  uint64_t n = pe_input_read(payload, sizeof payload);
  pe_offset list = pe_get_hooks(ANCHOR);
  if (list == 0) return pe_error("GetHooks(" ANCHOR ") returned nothing");
  uint64_t jlen = pe_block_read(list, hooks, sizeof hooks);
  pe_free(list);

  pe_offset last = 0;
  uint64_t pos = 0;
  while (pe_json_next_string(hooks, jlen, &pos, "ref", ref, sizeof ref) >= 0) {
    pe_offset out = pe_call_hook(ref, payload, n);
    if (out == 0 && pe_last_error() != 0) return pe_error("a hook failed");
    if (last) pe_free(last);
    last = out;
  }
  if (last) pe_output_block(last);
  return 0;
}

int32_t PE_EXPORT("list") list(void) {
  pe_offset found = pe_get_hooks(ANCHOR);
  if (found == 0) return pe_error("GetHooks(" ANCHOR ") returned nothing");
  uint64_t jlen = pe_block_read(found, hooks, sizeof hooks);
  pe_free(found);

  uint64_t pos = 0, refs = 0;
  while (pe_json_next_string(hooks, jlen, &pos, "ref", ref, sizeof ref) >= 0) refs++;
  char digits[24];
  pe_output_bytes(digits, pe_u64_to_dec(refs, digits));
  return 0;
}

/* GetHookRefs' answer read into hooks: its length, or -1 when the call failed. */
static int64_t hook_refs(void) {
  pe_offset list = pe_get_hook_refs(ANCHOR);
  if (list == 0 && pe_last_error() != 0) return -1;
  uint64_t len = pe_block_read(list, hooks, sizeof hooks);
  pe_free(list);
  return (int64_t)len;
}

int32_t PE_EXPORT("run_refs") run_refs(void) {
  uint64_t n = pe_input_read(payload, sizeof payload);
  int64_t len = hook_refs();
  if (len < 0) return pe_error("GetHookRefs(" ANCHOR ") failed");

  pe_offset last = 0;
  uint64_t pos = 0;
  const char *line;
  int64_t rlen;
  while ((rlen = pe_next_line(hooks, (uint64_t)len, &pos, &line)) >= 0) {
    pe_offset out = pe_call_hook_ref(line, (uint64_t)rlen, payload, n);
    if (out == 0 && pe_last_error() != 0) return pe_error("a hook failed");
    if (last) pe_free(last);
    last = out;
  }
  if (last) pe_output_block(last);
  return 0;
}

/*
 * run_refs with the payload in one block for every hook, allocated once: CallHook reads the block
 * and never frees it, so an anchor that sends its hooks the same payload needs only one (on chicory
 * this saves the guest an alloc, a free and 8 store_u64 per hook; docs/PERFORMANCE.md, issue 20).
 */
int32_t PE_EXPORT("run_refs_shared") run_refs_shared(void) {
  uint64_t n = pe_input_read(payload, sizeof payload);
  int64_t len = hook_refs();
  if (len < 0) return pe_error("GetHookRefs(" ANCHOR ") failed");

  pe_offset p = pe_alloc_bytes(payload, n);
  pe_offset last = 0;
  uint64_t pos = 0;
  const char *line;
  int64_t rlen;
  while ((rlen = pe_next_line(hooks, (uint64_t)len, &pos, &line)) >= 0) {
    pe_offset r = pe_alloc_bytes(line, (uint64_t)rlen);
    pe_offset out = pe_host_call_hook(r, p);
    pe_free(r);
    if (out == 0 && pe_last_error() != 0) {
      pe_free(p);
      return pe_error("a hook failed");
    }
    if (last) pe_free(last);
    last = out;
  }
  pe_free(p);
  if (last) pe_output_block(last);
  return 0;
}

/*
 * run_refs as a PDK user writes it: pe_call_hooks (pdk/c) writes the payload once for every hook
 * and calls each by its place in GetHookRefs' answer (CallHookAt, an engine extension), so the
 * guest writes no ref block and the engine reads none (docs/PERFORMANCE.md, issue 20, 4b).
 */
struct last_answer {
  pe_offset block;
  bool failed;
};

static bool keep_last(pe_hook_call *call, void *ctx) {
  struct last_answer *last = (struct last_answer *)ctx;
  if (call->error) {
    last->failed = true;
    return false;
  }
  pe_free(last->block);
  last->block = call->response;
  call->response = 0;
  return true;
}

int32_t PE_EXPORT("run_hooks") run_hooks(void) {
  uint64_t n = pe_input_read(payload, sizeof payload);
  struct last_answer last = {0, false};
  if (pe_call_hooks(ANCHOR, payload, n, keep_last, &last) < 0) return pe_error("GetHookRefs(" ANCHOR ") failed");
  if (last.failed) return pe_error("a hook failed");
  pe_output_block(last.block);
  return 0;
}

/*
 * run_hooks through pe_call_all_hooks_with_input (pdk/c): one engine call runs every hook
 * (CallAllHooks, an engine extension) with this call's input as it lies in Extism memory, and
 * answers them all in one block; the last answer is copied out.
 */
int32_t PE_EXPORT("run_all") run_all(void) {
  pe_answers answers;
  if (!pe_call_all_hooks_with_input(ANCHOR, &answers)) return pe_error("CallAllHooks(" ANCHOR ") failed");
  pe_hook_answer answer, last = {0};
  while (pe_next_answer(&answers, &answer)) {
    if (answer.failed) {
      pe_answers_free(&answers);
      return pe_error("a hook failed");
    }
    last = answer;
  }
  pe_output_bytes(hooks, pe_answer_read(&last, hooks, sizeof hooks));
  pe_answers_free(&answers);
  return 0;
}

int32_t PE_EXPORT("list_refs") list_refs(void) {
  int64_t len = hook_refs();
  if (len < 0) return pe_error("GetHookRefs(" ANCHOR ") failed");

  uint64_t pos = 0, refs = 0;
  const char *line;
  while (pe_next_line(hooks, (uint64_t)len, &pos, &line) >= 0) refs++;
  char digits[24];
  pe_output_bytes(digits, pe_u64_to_dec(refs, digits));
  return 0;
}

/* The anchor's own call alone (AnchorParts): reads its input as run_refs does, calls nothing. */
int32_t PE_EXPORT("own") own(void) {
  uint64_t n = pe_input_read(payload, sizeof payload);
  char digits[24];
  pe_output_bytes(digits, pe_u64_to_dec(n, digits));
  return 0;
}
