/*
 * test.kernel.edges: uses the Extism kernel outside its ABI, one way per export, so that the two
 * runtimes can be held to the same outcome (KernelEdgesTest). Each export that survives its misuse
 * outputs what it saw.
 *
 *   error_nowhere      error_set at an offset where no block starts, and fails
 *   error_mid_block    error_set at the fifth byte of a block "ABCDEFGHIJKLMNOP", and fails
 *   load_past_memory   load_u64 at 2^40
 *   store_past_memory  store_u64 at 2^40
 *   input_load_past    input_load_u64 64 bytes past the input's end
 *   free_nowhere       free at an offset where no block starts, then "freed"
 *   free_twice         frees one block twice, then "freed"
 *   length_nowhere     the length of an offset where no block starts, in decimal
 */
#include "pluginengine.h"

#define NOWHERE 12345ull
#define FAR (1ull << 40)

static pe_offset block16(void) {
  return pe_alloc_bytes("ABCDEFGHIJKLMNOP", 16);
}

int32_t PE_EXPORT("error_nowhere") error_nowhere(void) {
  pe_extism_error_set(NOWHERE);
  return 1;
}

int32_t PE_EXPORT("error_mid_block") error_mid_block(void) {
  pe_extism_error_set(block16() + 4);
  return 1;
}

static int32_t answer(uint64_t v) {
  char digits[24];
  pe_output_bytes(digits, pe_u64_to_dec(v, digits));
  return 0;
}

int32_t PE_EXPORT("load_past_memory") load_past_memory(void) {
  return answer(pe_extism_load_u64(FAR));
}

int32_t PE_EXPORT("store_past_memory") store_past_memory(void) {
  pe_extism_store_u64(FAR, 1);
  pe_output_string("stored");
  return 0;
}

int32_t PE_EXPORT("input_load_past") input_load_past(void) {
  return answer(pe_extism_input_load_u64(pe_extism_input_length() + 64));
}

int32_t PE_EXPORT("free_nowhere") free_nowhere(void) {
  pe_extism_free(NOWHERE);
  pe_output_string("freed");
  return 0;
}

int32_t PE_EXPORT("free_twice") free_twice(void) {
  pe_offset b = block16();
  pe_extism_free(b);
  pe_extism_free(b);
  pe_output_string("freed");
  return 0;
}

int32_t PE_EXPORT("length_nowhere") length_nowhere(void) {
  return answer(pe_extism_length(NOWHERE));
}
