/*
 * A hook of examples.greeting.decorators written in C (pdk/c): it appends " [c]" to the
 * greeting, then sends the result as the event examples.greeting.decorated (the Go listener
 * hears it). It refuses a greeting for "nobody", to show how a hook's error reaches its caller.
 */
#include "pluginengine.h"

static char text[4096], error[1024];

static bool contains(const char *s, uint64_t n, const char *word) {
  uint64_t w = pe_strlen(word);
  for (uint64_t i = 0; i + w <= n; i++)
    if (pe_memeq(s + i, word, w)) return true;
  return false;
}

int32_t PE_EXPORT("decorate") decorate(void) {
  static const char mark[] = " [c]";
  if (pe_input_length() > sizeof text - sizeof mark) return pe_error("c hook: the greeting is too long");
  uint64_t n = pe_input_read(text, sizeof text);
  if (contains(text, n, "nobody")) return pe_error("c hook: nobody to greet");
  n = (uint64_t)(pe_memcpy(text + n, mark, sizeof mark - 1) - text);

  if (pe_send_event("examples.greeting.decorated", text, n) < 0) {
    /* The engine refused the event: fail with its reason. */
    pe_offset why = pe_last_error();
    uint64_t len = pe_block_read(why, error, sizeof error - 1);
    pe_free(why);
    error[len] = 0;
    return pe_error(error);
  }
  pe_output_bytes(text, n);
  return 0;
}
