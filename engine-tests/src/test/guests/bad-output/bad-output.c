/*
 * test.bad: hooks on test.bad.anchor whose answers are not what an anchor expecting JSON text
 * wants (invalid UTF-8, truncated JSON), and probe, which hands the engine's host functions
 * malformed arguments: offsets that are no Extism block, and ids that are not valid UTF-8. probe
 * outputs one line per host call: its result, and "err" when GetLastError is set.
 */
#include "pluginengine.h"

static char buf[4096];

int32_t PE_EXPORT("invalid_utf8") invalid_utf8(void) {
  static const char bytes[] = {'{', '"', 'a', '"', ':', '"', (char)0xff, (char)0xfe, (char)0xc3, '"', '}'};
  pe_output_bytes(bytes, sizeof bytes);
  return 0;
}

int32_t PE_EXPORT("not_json") not_json(void) {
  pe_output_string("{\"unterminated\": [1, 2");
  return 0;
}

static char *line(char *p, const char *what, int64_t result) {
  p = pe_memcpy(p, what, pe_strlen(what));
  *p++ = '=';
  p += pe_i64_to_dec(result, p);
  if (pe_last_error() != 0) p = pe_memcpy(p, " err", 4);
  *p++ = '\n';
  return p;
}

int32_t PE_EXPORT("probe") probe(void) {
  char *p = buf;
  static const char bad_utf8[] = {(char)0xc3, (char)0x28, (char)0xff};
  pe_offset bad = pe_alloc_bytes(bad_utf8, sizeof bad_utf8);
  p = line(p, "callhook-bad-utf8", (int64_t)pe_host_call_hook(bad, 0));
  p = line(p, "sendevent-bad-utf8", pe_host_send_event(bad, 0));
  p = line(p, "readfile-bad-utf8", (int64_t)pe_host_read_file(bad));
  p = line(p, "gethooks-bad-utf8", (int64_t)pe_host_get_hooks(bad));
  p = line(p, "gethooks-no-block", (int64_t)pe_host_get_hooks(bad + 1));
  p = line(p, "readfile-far-offset", (int64_t)pe_host_read_file((pe_offset)1 << 40));
  pe_output_bytes(buf, (uint64_t)(p - buf));
  return 0;
}
