/*
 * The price of the Extism ABI itself, for the raw SDKs: a guest reaches Extism memory (inputs,
 * outputs, the blocks of CallHook and GetHooks) only through the kernel's functions, 8 bytes per
 * call at most. "stores" makes as many store_u64 calls as its decimal input says, "loads" as many
 * load_u64 calls, on one 8-byte block; with the count 0 each is an empty call. The difference,
 * divided by the count, is the cost of one kernel call on that runtime.
 */
#include "pluginengine.h"

static uint64_t count_from_input(void) {
  char digits[24];
  uint64_t n = pe_input_read(digits, sizeof digits);
  bool ok;
  uint64_t count = pe_parse_u64(digits, n, &ok);
  return ok ? count : 0;
}

int32_t PE_EXPORT("stores") stores(void) {
  uint64_t count = count_from_input();
  pe_offset block = pe_extism_alloc(8);
  for (uint64_t i = 0; i < count; i++) pe_extism_store_u64(block, i);
  pe_free(block);
  return 0;
}

int32_t PE_EXPORT("loads") loads(void) {
  uint64_t count = count_from_input();
  pe_offset block = pe_extism_alloc(8);
  pe_extism_store_u64(block, 7);
  uint64_t sum = 0;
  for (uint64_t i = 0; i < count; i++) sum += pe_extism_load_u64(block);
  pe_free(block);
  return sum == 7 * count ? 0 : pe_error("load_u64 answered another value");
}
