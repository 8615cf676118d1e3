/*
 * test.hostile.memory: asks the Extism kernel, not its own linear memory, for more than any
 * limit should give it.
 *
 *   alloc_loop  allocates 64 MiB blocks (touching the last byte of each) 64 times over; fails with
 *               "alloc refused at block N" when the kernel answers 0.
 *   output_huge sets its output to 1 GiB starting at a 16-byte block.
 *   output_past_block, output_mid_block, output_nowhere, output_exact: output_set of 32 bytes
 *               from a 16-byte block "ABCDEFGHIJKLMNOP" (a 64-byte block after it), of 8 bytes
 *               from its fifth byte, of 8 bytes at offset 0, and of its 16 bytes.
 *   read_asset  input "N": reads data/huge.bin N times through ReadFile, freeing each block;
 *               answers "read=<got a block> refused=<got 0>".
 *   relay       (hook) with an empty input allocates a 20 MiB block, else a block as long as its
 *               input, and CallHooks itself with it, so each nested level holds one more
 *               payload; a failed CallHook is passed up as the error, success answers "relayed".
 */
#include "pluginengine.h"

#define MIB (1024ull * 1024ull)

static char msg[4096];

static int32_t fail_with(const char *prefix, uint64_t prefix_len, uint64_t n) {
  char *p = pe_memcpy(msg, prefix, prefix_len);
  p += pe_u64_to_dec(n, p);
  *p = 0;
  return pe_error(msg);
}

int32_t PE_EXPORT("alloc_loop") alloc_loop(void) {
  for (uint64_t i = 0; i < 64; i++) {
    pe_offset block = pe_extism_alloc(64 * MIB);
    if (block == 0) return fail_with("alloc refused at block ", 23, i);
    pe_extism_store_u8(block + 64 * MIB - 1, 1);
  }
  pe_output_string("allocated 4 GiB");
  return 0;
}

int32_t PE_EXPORT("output_huge") output_huge(void) {
  pe_offset block = pe_extism_alloc(16);
  pe_extism_output_set(block, 1024 * MIB);
  return 0;
}

static pe_offset block16(void) {
  pe_offset block = pe_alloc_bytes("ABCDEFGHIJKLMNOP", 16);
  pe_extism_alloc(64);
  return block;
}

int32_t PE_EXPORT("output_past_block") output_past_block(void) {
  pe_extism_output_set(block16(), 32);
  return 0;
}

int32_t PE_EXPORT("output_mid_block") output_mid_block(void) {
  pe_extism_output_set(block16() + 4, 8);
  return 0;
}

int32_t PE_EXPORT("output_nowhere") output_nowhere(void) {
  pe_extism_output_set(0, 8);
  return 0;
}

int32_t PE_EXPORT("output_exact") output_exact(void) {
  pe_extism_output_set(block16(), 16);
  return 0;
}

int32_t PE_EXPORT("read_asset") read_asset(void) {
  char digits[24];
  bool ok;
  uint64_t times = pe_parse_u64(digits, pe_input_read(digits, sizeof digits), &ok);
  uint64_t read = 0, refused = 0;
  for (uint64_t i = 0; i < times; i++) {
    pe_offset file = pe_read_file("data/huge.bin");
    if (file == 0) {
      refused++;
    } else {
      read++;
      pe_free(file);
    }
  }
  char *p = pe_memcpy(msg, "read=", 5);
  p += pe_u64_to_dec(read, p);
  p = pe_memcpy(p, " refused=", 9);
  p += pe_u64_to_dec(refused, p);
  pe_output_bytes(msg, (uint64_t)(p - msg));
  return 0;
}

int32_t PE_EXPORT("relay") relay(void) {
  uint64_t size = pe_input_length();
  if (size == 0) size = 20 * MIB;
  pe_offset payload = pe_extism_alloc(size);
  if (payload == 0) return fail_with("alloc refused for a payload of ", 31, size);
  pe_offset ref = pe_alloc_string("test.hostile.memory@1.0.0/relay");
  pe_offset answer = pe_host_call_hook(ref, payload);
  pe_offset err = pe_last_error();
  if (answer == 0 && err != 0) {
    uint64_t n = pe_block_read(err, msg, sizeof msg - 1);
    msg[n] = 0;
    return pe_error(msg);
  }
  pe_output_string("relayed");
  return 0;
}
