/* test.echo: echo answers "echo:" followed by its input. */
#include "pluginengine.h"

static char buf[65536];

int32_t PE_EXPORT("echo") echo(void) {
  char *p = pe_memcpy(buf, "echo:", 5);
  p += pe_input_read(p, sizeof buf - 5);
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
