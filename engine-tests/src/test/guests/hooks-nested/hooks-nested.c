/*
 * test.hooks.nested: call_nested calls every hook of greeting.decorators with its input through
 * pe_call_hooks, and for the first hook its callback runs pe_call_hooks again with the payload
 * "x": answers "<index>:<response>" per hook, the inner responses in brackets after the first.
 * The outer loop's list and payload must be its own again after the inner loop.
 */
#include "pluginengine.h"

static char text[16384];
static char input[4096];

static uint64_t append_block(uint64_t n, pe_offset block) {
  return n < sizeof text ? n + pe_block_read(block, text + n, sizeof text - n) : n;
}

static uint64_t append(uint64_t n, const char *s, uint64_t len) {
  if (n + len > sizeof text) len = sizeof text - n;
  pe_memcpy(text + n, s, len);
  return n + len;
}

static bool inner_answer(pe_hook_call *call, void *ctx) {
  uint64_t *n = (uint64_t *)ctx;
  *n = append(*n, "(", 1);
  *n = append_block(*n, call->response);
  *n = append(*n, ")", 1);
  return true;
}

static bool outer_answer(pe_hook_call *call, void *ctx) {
  uint64_t *n = (uint64_t *)ctx;
  char digits[24];
  *n = append(*n, digits, pe_u64_to_dec(call->index, digits));
  *n = append(*n, ":", 1);
  *n = append_block(*n, call->response);
  return call->index != 0 || pe_call_hooks("greeting.decorators", "x", 1, inner_answer, ctx) >= 0;
}

int32_t PE_EXPORT("call_nested") call_nested(void) {
  uint64_t len = pe_input_read(input, sizeof input);
  uint64_t n = 0;
  if (pe_call_hooks("greeting.decorators", input, len, outer_answer, &n) < 0) return pe_fail_with_last_error("pe_call_hooks failed");
  pe_output_bytes(text, n);
  return 0;
}
