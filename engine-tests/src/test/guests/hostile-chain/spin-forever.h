/*
 * Shared by the hostile-chain guests: CallHooks test.hostile.spinner's spin over and over. Each
 * nested call ends by its own timeout, and the caller's clock is paused while it waits, so only
 * a deadline over the whole call tree can end this. (Included by path; build-guests does not see
 * changes to it, touch the .c files after editing.)
 */
#ifndef HOSTILE_SPIN_FOREVER_H
#define HOSTILE_SPIN_FOREVER_H
#include "pluginengine.h"

static inline void spin_forever(void) {
  for (;;) pe_free(pe_call_hook("test.hostile.spinner@1.0.0/spin", "x", 1));
}
#endif
