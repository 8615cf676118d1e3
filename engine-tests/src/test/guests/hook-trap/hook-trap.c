/* test.trap: executes the wasm `unreachable` instruction, a trap the engine must contain. */
#include "pluginengine.h"

int32_t PE_EXPORT("trap") trap(void) {
  __builtin_trap();
}
