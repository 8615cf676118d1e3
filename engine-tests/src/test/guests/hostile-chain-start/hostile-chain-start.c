/* test.hostile.chain.start: start never returns by itself (see spin-forever.h); hello answers "hello". */
#include "../hostile-chain/spin-forever.h"

int32_t PE_EXPORT("start") start(void) {
  spin_forever();
  return 0;
}

int32_t PE_EXPORT("hello") hello(void) {
  pe_output_string("hello");
  return 0;
}
