/*
 * test.reader: read takes a path (relative to the manifest's folder) as input and outputs the
 * file's bytes, or "missing:<GetLastError text>" ("missing:none" when no error is set, which is
 * how an empty file looks).
 */
#include "pluginengine.h"

static char path[4096];
static char msg[4096];

int32_t PE_EXPORT("read") read(void) {
  uint64_t n = pe_input_read(path, sizeof path - 1);
  path[n] = 0;
  pe_offset file = pe_read_file(path);
  if (file != 0) {
    pe_output_block(file);
    return 0;
  }
  char *p = pe_memcpy(msg, "missing:", 8);
  pe_offset e = pe_last_error();
  if (e)
    p += pe_block_read(e, p, sizeof msg - 8);
  else
    p = pe_memcpy(p, "none", 4);
  pe_output_bytes(msg, (uint64_t)(p - msg));
  return 0;
}
