/*
 * test.anchor: owns the anchor greeting.decorators (1.2.0).
 *
 * decorate: input is a name; each hook resolved to the anchor is called in the engine's order
 * with the text so far and answers the new text. A failing hook appends "[error: <msg>]" and
 * the next hook carries on with that text, so a test sees every hook's effect in one string.
 * list_hooks: GetHooks' JSON as is.
 * decorate_refs, list_hook_refs: the same through GetHookRefs (an engine extension: the refs alone,
 * one a line).
 * call_each, call_first: every hook (the first only) with the input through pe_call_hooks (one
 * payload block, each hook by its place: CallHookAt, an engine extension), one line per hook:
 * "<index> <ref>=<response>" or "<index> <ref>![error: <message>]".
 * call_all: the same lines as call_each, through pe_call_all_hooks (all hooks in one engine call:
 * CallAllHooks, an engine extension); call_all_input through pe_call_all_hooks_with_input.
 * at, list_offset: CallHookAt driven by the test, for its checks against forged lists and places.
 * No callback here calls pe_call_hooks again (hooks-nested does): that would put a cycle in the
 * call graph (an indirect call reaches every function of its type), and on chicory a module that
 * may recurse has its nested calls handed off (NestedCallStacksTest counts on this one's bound).
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

/* Appends "<index> <ref>=<response>" or "<index> <ref>![error: <message>]" and a newline to text. */
static bool each_line(pe_hook_call *call, void *ctx) {
  uint64_t *n = (uint64_t *)ctx;
  char digits[24];
  *n = append(*n, digits, pe_u64_to_dec(call->index, digits));
  *n = append(*n, " ", 1);
  *n = append(*n, call->ref, call->ref_len);
  if (call->error) {
    *n = append(*n, "![error: ", 9);
    *n = append(*n, err, pe_block_read(call->error, err, sizeof err));
    *n = append(*n, "]", 1);
  } else {
    *n = append(*n, "=", 1);
    if (*n < sizeof text) *n += pe_block_read(call->response, text + *n, sizeof text - *n);
  }
  *n = append(*n, "\n", 1);
  return true;
}

static bool first_only(pe_hook_call *call, void *ctx) {
  each_line(call, ctx);
  return false;
}

static char input[4096];

static int32_t call_hooks_with(pe_hook_fn fn) {
  uint64_t len = pe_input_read(input, sizeof input);
  uint64_t n = 0;
  if (pe_call_hooks(ANCHOR, input, len, fn, &n) < 0) return pe_fail_with_last_error("pe_call_hooks(" ANCHOR ") failed");
  pe_output_bytes(text, n);
  return 0;
}

int32_t PE_EXPORT("call_each") call_each(void) { return call_hooks_with(each_line); }

int32_t PE_EXPORT("call_first") call_first(void) { return call_hooks_with(first_only); }

/* The answers as call_each writes them, freed; the export's result. */
static int32_t write_answers(pe_answers *answers) {
  uint64_t n = 0;
  pe_hook_answer a;
  while (pe_next_answer(answers, &a)) {
    char digits[24];
    n = append(n, digits, pe_u64_to_dec(a.index, digits));
    n = append(n, " ", 1);
    uint64_t ref_len = a.ref_len < sizeof ref ? a.ref_len : sizeof ref;
    pe_memory_read(a.ref, ref, ref_len);
    n = append(n, ref, ref_len);
    n = append(n, a.failed ? "![error: " : "=", a.failed ? 9 : 1);
    if (n < sizeof text) n += pe_answer_read(&a, text + n, sizeof text - n);
    if (a.failed) n = append(n, "]", 1);
    n = append(n, "\n", 1);
  }
  pe_answers_free(answers);
  pe_output_bytes(text, n);
  return 0;
}

/*
 * call_all: every hook with the input through pe_call_all_hooks (CallAllHooks, an engine
 * extension: all hooks in one engine call, all answers in one block), written as call_each writes
 * them; a refused call fails with the engine's message.
 */
int32_t PE_EXPORT("call_all") call_all(void) {
  uint64_t len = pe_input_read(input, sizeof input);
  pe_answers answers;
  if (!pe_call_all_hooks(ANCHOR, input, len, &answers)) return pe_fail_with_last_error("pe_call_all_hooks(" ANCHOR ") failed");
  return write_answers(&answers);
}

/* call_all_input: call_all through pe_call_all_hooks_with_input (the input's own block as the payload). */
int32_t PE_EXPORT("call_all_input") call_all_input(void) {
  pe_answers answers;
  if (!pe_call_all_hooks_with_input(ANCHOR, &answers)) return pe_fail_with_last_error("pe_call_all_hooks_with_input(" ANCHOR ") failed");
  return write_answers(&answers);
}

/* GetHookRefs' block offset in this call, in decimal: an offset the next call was not handed. */
int32_t PE_EXPORT("list_offset") list_offset(void) {
  pe_offset list = pe_get_hook_refs(ANCHOR);
  char digits[24];
  pe_output_bytes(digits, pe_u64_to_dec(list, digits));
  return 0;
}

/*
 * at: input "<where> <index>": CallHookAt on the place index (decimal, up to 2^64 - 1) of a list
 * named by where: "list" (this call's GetHookRefs answer), "list+<n>" (n bytes past it), "again"
 * (the answer, three calls with a payload "bob" changed to "Xob" after the first, the second
 * saying PE_PAYLOAD_UNCHANGED: answers the three responses joined by '|'), "freed"
 * (the answer, freed before the call), "between" (the answer, then the event test.between sent,
 * whose Java listener may change the hooks), or a decimal offset (no list of this call).
 * Answers the hook's response, or "[error: <message>]".
 */
int32_t PE_EXPORT("at") at(void) {
  uint64_t len = pe_input_read(input, sizeof input);
  uint64_t sp = 0;
  while (sp < len && input[sp] != ' ') sp++;
  bool ok;
  uint64_t index = pe_parse_u64(input + sp + 1, len > sp ? len - sp - 1 : 0, &ok);
  if (!ok) return pe_error("at: expected \"<where> <index>\"");
  pe_offset where;
  if (input[0] >= '0' && input[0] <= '9') {
    where = pe_parse_u64(input, sp, &ok);
  } else {
    pe_offset list = pe_get_hook_refs(ANCHOR);
    if (list == 0) return pe_fail_with_last_error("at: no hooks listed");
    where = list;
    if (sp > 5 && pe_memeq(input, "list+", 5)) where += pe_parse_u64(input + 5, sp - 5, &ok);
    if (sp == 5 && pe_memeq(input, "freed", 5)) pe_free(list);
    if (sp == 5 && pe_memeq(input, "again", 5)) {
      /* "bob", then the same block changed in place, sent with and without PE_PAYLOAD_UNCHANGED. */
      pe_offset p = pe_alloc_string("bob");
      uint64_t n = 0;
      for (int k = 0; k < 3; k++) {
        if (k == 1) pe_extism_store_u8(p, 'X');
        pe_offset out = pe_host_call_hook_at(list, index | (k == 1 ? PE_PAYLOAD_UNCHANGED : 0), p);
        if (k) n = append(n, "|", 1);
        if (n < sizeof text) n += pe_block_read(out, text + n, sizeof text - n);
        pe_free(out);
      }
      pe_output_bytes(text, n);
      return 0;
    }
    if (sp == 7 && pe_memeq(input, "between", 7)) {
      pe_offset e = pe_alloc_string("test.between");
      pe_host_send_event(e, 0);
      pe_free(e);
    }
  }
  pe_offset out = pe_host_call_hook_at(where, index, 0);
  if (out != 0) {
    pe_output_block(out);
    return 0;
  }
  pe_offset e = pe_last_error();
  uint64_t n = append(0, "[error: ", 8);
  n = append(n, err, pe_block_read(e, err, sizeof err));
  n = append(n, "]", 1);
  pe_output_bytes(text, n);
  return 0;
}
