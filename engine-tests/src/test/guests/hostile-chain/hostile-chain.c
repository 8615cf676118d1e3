/* test.hostile.chain: run never returns by itself; see spin-forever.h. */
#include "../hostile-chain/spin-forever.h"

int32_t PE_EXPORT("run") run(void) {
  spin_forever();
  return 0;
}
