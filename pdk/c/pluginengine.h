/*
 * pluginengine.h: a header-only C plugin development kit for PluginEngine for Java.
 *
 * Target: wasm32-unknown-unknown without libc. Build a plugin with
 *
 *   clang --target=wasm32-unknown-unknown -O2 -nostdlib \
 *         -Wl,--no-entry -Wl,--strip-all -o plugin.wasm plugin.c
 *
 * The header declares three things:
 *   1. the Extism kernel functions (module "extism:host/env") that every Extism host links in;
 *   2. the engine's host functions (module "extism:host/pluginengine", contract section 5, docs/CONTRACT.md);
 *   3. small static helpers so a plugin reads well without libc.
 *
 * Only the imports a plugin actually calls end up in its module, so a plugin that never sends an
 * event does not import SendEvent.
 *
 * Memory model, in short: Extism memory is a separate heap owned by the kernel and addressed by
 * 64-bit offsets (pe_offset). Offset 0 means "nothing". Bytes move between the plugin's own
 * linear memory and Extism memory through the kernel's load/store functions; the helpers below
 * do that copying. Every block a plugin allocates (or receives from a host function) belongs to
 * the plugin; the kernel reclaims all of them when the next top-level call starts, and pe_free()
 * releases one earlier. The typed wrappers free the argument blocks they allocate once the host
 * function has returned (hosts read their arguments, they never free them, as in Extism).
 */
#ifndef PLUGINENGINE_H
#define PLUGINENGINE_H

/* clang ships these as freestanding headers: no libc is involved. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An offset into Extism memory; 0 means "nothing" (empty, absent or failed). */
typedef uint64_t pe_offset;

/** Marks a function as a plugin export under the given name: `int32_t PE_EXPORT("run") run(void)`. */
#define PE_EXPORT(name) __attribute__((export_name(name)))

#define PE_IMPORT_(module, name) __attribute__((import_module(module), import_name(name)))
#define PE_KERNEL(name) PE_IMPORT_("extism:host/env", name)
#define PE_ENGINE(name) PE_IMPORT_("extism:host/pluginengine", name)

/* ------------------------------------------------------------------------------------------ */
/* 1. Extism kernel ("extism:host/env"). Byte-sized values cross as i32, everything else i64.  */
/* ------------------------------------------------------------------------------------------ */

/** Length in bytes of this call's input. */
PE_KERNEL("input_length") extern uint64_t pe_extism_input_length(void);
/** One byte of the input at index i (0 <= i < input length). */
PE_KERNEL("input_load_u8") extern uint8_t pe_extism_input_load_u8(uint64_t i);
/** Eight little-endian bytes of the input at index i (i + 8 <= input length). */
PE_KERNEL("input_load_u64") extern uint64_t pe_extism_input_load_u64(uint64_t i);
/** The block that holds this call's input: pass it on as a payload without copying it. */
PE_KERNEL("input_offset") extern pe_offset pe_extism_input_offset(void);
/** Sets this call's output to the block at offset, of len bytes. */
PE_KERNEL("output_set") extern void pe_extism_output_set(pe_offset offset, uint64_t len);
/** Allocates len bytes of Extism memory; 0 when len is 0 or memory is exhausted. */
PE_KERNEL("alloc") extern pe_offset pe_extism_alloc(uint64_t len);
/** Frees a block allocated by alloc (or returned by a host function). */
PE_KERNEL("free") extern void pe_extism_free(pe_offset offset);
/** Length of the block that starts at offset; 0 when offset is not an allocated block. */
PE_KERNEL("length") extern uint64_t pe_extism_length(pe_offset offset);
PE_KERNEL("load_u8") extern uint8_t pe_extism_load_u8(pe_offset offset);
PE_KERNEL("load_u64") extern uint64_t pe_extism_load_u64(pe_offset offset);
PE_KERNEL("store_u8") extern void pe_extism_store_u8(pe_offset offset, uint8_t value);
PE_KERNEL("store_u64") extern void pe_extism_store_u64(pe_offset offset, uint64_t value);
/** Sets the call's error message to the UTF-8 block at offset; the export should then return non-zero. */
PE_KERNEL("error_set") extern void pe_extism_error_set(pe_offset message);
/** Logging: each takes a block holding a UTF-8 message. */
PE_KERNEL("log_info") extern void pe_extism_log_info(pe_offset message);
PE_KERNEL("log_debug") extern void pe_extism_log_debug(pe_offset message);
PE_KERNEL("log_warn") extern void pe_extism_log_warn(pe_offset message);
PE_KERNEL("log_error") extern void pe_extism_log_error(pe_offset message);
/** The host-supplied config value for the key block; 0 when absent. */
PE_KERNEL("config_get") extern pe_offset pe_extism_config_get(pe_offset key);
/** The plugin variable for the key block; 0 when absent. Variables outlive a single call. */
PE_KERNEL("var_get") extern pe_offset pe_extism_var_get(pe_offset key);
/** Sets (or, with value 0, removes) the plugin variable for the key block. */
PE_KERNEL("var_set") extern void pe_extism_var_set(pe_offset key, pe_offset value);

/* ------------------------------------------------------------------------------------------ */
/* 2. Engine host functions ("extism:host/pluginengine"), contract section 5, docs/CONTRACT.md.                      */
/*    Every engine call clears the instance's last error first. A result of 0 with             */
/*    GetLastError() == 0 is an empty response; 0 with an error set is a failure.             */
/* ------------------------------------------------------------------------------------------ */

/** JSON array of the hooks resolved to the anchor named by the block (`[]` when none); 0 when no plugin declares it. */
PE_ENGINE("GetHooks") extern pe_offset pe_host_get_hooks(pe_offset anchor_id);
/** Alias of GetHooks. */
PE_ENGINE("GetHooksForAnchor") extern pe_offset pe_host_get_hooks_for_anchor(pe_offset anchor_id);
/** (engine extension) GetHooks' refs alone, each followed by '\n', in the same order; 0 with no error when none are resolved. */
PE_ENGINE("GetHookRefs") extern pe_offset pe_host_get_hook_refs(pe_offset anchor_id);
/** Calls the hook (full ref or unambiguous bare id) with the payload block; its output, or 0 on failure. */
PE_ENGINE("CallHook") extern pe_offset pe_host_call_hook(pe_offset hook_ref, pe_offset payload);
/**
 * (engine extension) CallHook on the hook at index (0 first) of the GetHookRefs answer block refs,
 * which this call must have been handed; no ref block to write. Its output, or 0 on failure.
 */
PE_ENGINE("CallHookAt") extern pe_offset pe_host_call_hook_at(pe_offset refs, uint64_t index, pe_offset payload);
/**
 * Added to CallHookAt's index: the payload block is unchanged since the previous CallHookAt of this
 * call read it, so the engine may send the bytes it read then (it keeps up to 64 KiB) instead of
 * reading the block again.
 */
#define PE_PAYLOAD_UNCHANGED ((uint64_t)1 << 32)
/**
 * (engine extension) CallHook on every hook of the anchor, in order, with the payload block, and
 * every answer in one block of records (docs/CONTRACT.md section 5); 0 with no error when no hook
 * is resolved. pe_call_all_hooks() reads the records.
 */
PE_ENGINE("CallAllHooks") extern pe_offset pe_host_call_all_hooks(pe_offset anchor_id, pe_offset payload);
/** Delivers the event; how many listeners completed without error, -1 when unknown or the send failed. */
PE_ENGINE("SendEvent") extern int64_t pe_host_send_event(pe_offset event_id, pe_offset payload);
/** A file of this plugin's own archive, relative to the manifest's folder; 0 when absent or refused. */
PE_ENGINE("ReadFile") extern pe_offset pe_host_read_file(pe_offset path);
/** Alias of ReadFile. */
PE_ENGINE("LoadFile") extern pe_offset pe_host_load_file(pe_offset path);
/** Message of this instance's last engine call if it failed; 0 if it succeeded. */
PE_ENGINE("GetLastError") extern pe_offset pe_host_get_last_error(void);
/** The W3C traceparent the host passed with this call tree; 0 when none (addition, contract section 5). */
PE_ENGINE("GetTraceContext") extern pe_offset pe_host_get_trace_context(void);
/** WriteFile (permission `files`): 0 on success, non-zero with GetLastError set on failure. */
PE_ENGINE("WriteFile") extern int64_t pe_host_write_file(pe_offset path, pe_offset data);
/** GenerateFromTemplate (permission `templates`): the rendered text; 0 on failure (GetLastError set) or when empty. */
PE_ENGINE("GenerateFromTemplate") extern pe_offset pe_host_generate_from_template(pe_offset tmpl, pe_offset json);

/* ------------------------------------------------------------------------------------------ */
/* 3. Helpers.                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/*
 * Without libc, clang may still emit calls to memcpy/memset for struct copies and for loops it
 * recognises. These weak definitions satisfy the linker; no_builtin keeps the optimiser from
 * turning their own loops back into calls to themselves.
 */
__attribute__((weak, no_builtin("memcpy"))) void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = (unsigned char *)dst;
  const unsigned char *s = (const unsigned char *)src;
  while (n--) *d++ = *s++;
  return dst;
}
__attribute__((weak, no_builtin("memset"))) void *memset(void *dst, int c, size_t n) {
  unsigned char *d = (unsigned char *)dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}
__attribute__((weak, no_builtin("memmove"))) void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = (unsigned char *)dst;
  const unsigned char *s = (const unsigned char *)src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}

/** Copies n bytes; returns dst + n, which makes appending easy. */
static inline char *pe_memcpy(void *dst, const void *src, uint64_t n) {
  memcpy(dst, src, (size_t)n);
  return (char *)dst + n;
}

/** Length of a NUL-terminated string. */
static inline uint64_t pe_strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

/** True when the n bytes at a and b are equal. */
static inline bool pe_memeq(const void *a, const void *b, uint64_t n) {
  const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  for (size_t i = 0; i < (size_t)n; i++)
    if (x[i] != y[i]) return false;
  return true;
}

/** Writes v in decimal to out (at least 20 bytes); returns the number of digits, no NUL added. */
static inline uint64_t pe_u64_to_dec(uint64_t v, char *out) {
  char tmp[20];
  uint64_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (uint64_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}

/** Writes v in decimal with a leading '-' when negative (out: at least 21 bytes); returns its length. */
static inline uint64_t pe_i64_to_dec(int64_t v, char *out) {
  if (v >= 0) return pe_u64_to_dec((uint64_t)v, out);
  out[0] = '-';
  return 1 + pe_u64_to_dec(0 - (uint64_t)v, out + 1);
}

/** Parses leading decimal digits of s[0..len); sets *ok to false when there are none. */
static inline uint64_t pe_parse_u64(const char *s, uint64_t len, bool *ok) {
  uint64_t v = 0, i = 0;
  while (i < len && s[i] >= '0' && s[i] <= '9') v = v * 10 + (uint64_t)(s[i++] - '0');
  if (ok) *ok = i > 0;
  return v;
}

/** Allocates an Extism block holding the len bytes at data; 0 when len is 0 (Extism has no empty block). */
static inline pe_offset pe_alloc_bytes(const void *data, uint64_t len) {
  if (len == 0) return 0;
  pe_offset off = pe_extism_alloc(len);
  if (off == 0) return 0;
  const unsigned char *p = (const unsigned char *)data;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t word;
    memcpy(&word, p + i, 8); /* wasm is little-endian, as Extism memory is */
    pe_extism_store_u64(off + i, word);
  }
  for (; i < len; i++) pe_extism_store_u8(off + i, p[i]);
  return off;
}

/** Allocates an Extism block holding a NUL-terminated string (without the NUL); 0 for "". */
static inline pe_offset pe_alloc_string(const char *s) { return pe_alloc_bytes(s, pe_strlen(s)); }

/** Copies len bytes of Extism memory at off (a block, or a place inside one) into buf, 8 bytes per kernel call. */
static inline void pe_memory_read(pe_offset off, void *buf, uint64_t len) {
  unsigned char *p = (unsigned char *)buf;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t word = pe_extism_load_u64(off + i);
    memcpy(p + i, &word, 8);
  }
  for (; i < len; i++) p[i] = pe_extism_load_u8(off + i);
}

/** Length of a block; 0 for offset 0. */
static inline uint64_t pe_block_length(pe_offset off) { return off ? pe_extism_length(off) : 0; }

/** Frees a block; does nothing for offset 0. */
static inline void pe_free(pe_offset off) {
  if (off) pe_extism_free(off);
}

/**
 * Copies up to cap bytes of the block at off into buf; returns how many were copied (0 for
 * offset 0). Compare with pe_block_length() to detect truncation.
 */
static inline uint64_t pe_block_read(pe_offset off, void *buf, uint64_t cap) {
  uint64_t len = pe_block_length(off);
  if (len > cap) len = cap;
  pe_memory_read(off, buf, len);
  return len;
}

/** Length of this call's input. */
static inline uint64_t pe_input_length(void) { return pe_extism_input_length(); }

/** Copies up to cap bytes of the input into buf; returns how many were copied. */
static inline uint64_t pe_input_read(void *buf, uint64_t cap) {
  uint64_t len = pe_extism_input_length();
  if (len > cap) len = cap;
  unsigned char *p = (unsigned char *)buf;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t word = pe_extism_input_load_u64(i);
    memcpy(p + i, &word, 8);
  }
  for (; i < len; i++) p[i] = pe_extism_input_load_u8(i);
  return len;
}

/** Sets the output to an existing block (its whole length); offset 0 leaves the output empty. */
static inline void pe_output_block(pe_offset off) {
  if (off) pe_extism_output_set(off, pe_extism_length(off));
}

/** Sets the output to len bytes; an empty output is simply left unset. Returns false when alloc failed. */
static inline bool pe_output_bytes(const void *data, uint64_t len) {
  if (len == 0) return true;
  pe_offset off = pe_alloc_bytes(data, len);
  if (off == 0) return false;
  pe_extism_output_set(off, len);
  return true;
}

/** Sets the output to a NUL-terminated string. */
static inline bool pe_output_string(const char *s) { return pe_output_bytes(s, pe_strlen(s)); }

/**
 * Sets the call's error message. Returns 1, so an export can fail with
 * `return pe_error("why");` (an export reports failure by returning non-zero).
 */
static inline int32_t pe_error(const char *message) {
  pe_extism_error_set(pe_alloc_string(message));
  return 1;
}

/** Logs a message at info level through the host. */
static inline void pe_log_info(const char *message) {
  pe_offset m = pe_alloc_string(message);
  pe_extism_log_info(m);
  pe_free(m);
}

/**
 * GetHooks: the JSON array of hooks resolved to the anchor, in contract order (docs/CONTRACT.md, section 4), as a block.
 * Returns `[]` when none are resolved, 0 when no plugin declares the anchor (GetLastError set).
 */
static inline pe_offset pe_get_hooks(const char *anchor_id) {
  pe_offset a = pe_alloc_string(anchor_id);
  pe_offset r = pe_host_get_hooks(a);
  pe_free(a);
  return r;
}

/**
 * GetHookRefs (an engine extension, docs/CONTRACT.md): the refs of the hooks resolved to the
 * anchor, in GetHooks' order, each followed by '\n', as a block; 0 with GetLastError 0 when none
 * are resolved, 0 with an error when no plugin declares the anchor. A fifth of GetHooks' bytes
 * and no JSON to scan: for anchors that only call their hooks. Walk it with pe_next_line().
 */
static inline pe_offset pe_get_hook_refs(const char *anchor_id) {
  pe_offset a = pe_alloc_string(anchor_id);
  pe_offset r = pe_host_get_hook_refs(a);
  pe_free(a);
  return r;
}

/**
 * The next '\n'-terminated line of buf[0..len) at *pos (0 for the first): points *line at it in
 * buf (no copy, no NUL) and advances *pos past its newline. Returns its length, or -1 at the end.
 */
static inline int64_t pe_next_line(const char *buf, uint64_t len, uint64_t *pos, const char **line) {
  size_t i = (size_t)*pos, n = (size_t)len;
  if (i >= n) return -1;
  size_t start = i;
  while (i < n && buf[i] != '\n') i++;
  *line = buf + start;
  *pos = i < n ? i + 1 : n;
  return (int64_t)(i - start);
}

/** CallHook with a ref of ref_len bytes that need not be NUL-terminated (a line of pe_get_hook_refs()). */
static inline pe_offset pe_call_hook_ref(const char *ref, uint64_t ref_len, const void *payload, uint64_t len) {
  pe_offset r = pe_alloc_bytes(ref, ref_len);
  pe_offset p = pe_alloc_bytes(payload, len);
  pe_offset out = pe_host_call_hook(r, p);
  pe_free(p);
  pe_free(r);
  return out;
}

/**
 * CallHook: calls a hook by ref (or unambiguous bare id) with len payload bytes (len 0: empty
 * payload). Returns the response block; 0 either for an empty response (GetLastError 0) or a
 * failure (GetLastError holds the message, e.g. the hook's error_set text).
 */
static inline pe_offset pe_call_hook(const char *ref, const void *payload, uint64_t len) {
  pe_offset r = pe_alloc_string(ref);
  pe_offset p = pe_alloc_bytes(payload, len);
  pe_offset out = pe_host_call_hook(r, p);
  pe_free(p);
  pe_free(r);
  return out;
}

/** The longest ref pe_call_hooks() hands its callback whole; a longer one is cut to this many bytes. */
#ifndef PE_REF_MAX
#define PE_REF_MAX 512
#endif

/** One hook call made by pe_call_hooks(), as its callback sees it. */
typedef struct pe_hook_call {
  /** The hook's place in the anchor's list (0 first), as GetHooks and GetHookRefs order it. */
  uint64_t index;
  /** Its ref (pluginId@version/hookId), not NUL-terminated; valid during the callback only. */
  const char *ref;
  uint64_t ref_len;
  /** Its response block; 0 for an empty response or a failure. Set it to 0 to keep the block. */
  pe_offset response;
  /** 0 when the hook succeeded, else a block with the message (GetLastError). Set it to 0 to keep it. */
  pe_offset error;
} pe_hook_call;

/** A pe_call_hooks() callback: return true to go on with the next hook, false to stop. */
typedef bool (*pe_hook_fn)(pe_hook_call *call, void *ctx);

/* The byte at i of a block being read in order, 8 bytes per kernel call (word carries them). */
static inline uint8_t pe_block_byte_(pe_offset off, uint64_t len, uint64_t i, uint64_t *word) {
  if ((i & 7) == 0) {
    if (i + 8 <= len) {
      *word = pe_extism_load_u64(off + i);
    } else {
      uint64_t w = 0;
      for (uint64_t k = 0; i + k < len; k++) w |= (uint64_t)pe_extism_load_u8(off + i + k) << (8 * k);
      *word = w;
    }
  }
  return (uint8_t)(*word >> (8 * (i & 7)));
}

/**
 * Calls every hook resolved to the anchor, in the engine's order, with the same len payload
 * bytes, and hands each answer to fn (NULL: answers dropped). The cheap way to call an anchor's
 * hooks: the payload is written to Extism memory once for all of them, and each hook is called
 * by its place in GetHookRefs' answer (CallHookAt, an engine extension) instead of by a ref
 * written anew per call. The helper frees each response and error after fn returns, unless fn
 * set them to 0. fn may call pe_call_hooks() again (for another anchor, or the same), but a
 * callback that reaches itself is a cycle in the module's call graph, and on chicory such a
 * module's nested calls leave its thread (README).
 * Returns how many hooks were called (0 when none are resolved), or -1 when the anchor could
 * not be listed (no plugin declares it; GetLastError says why).
 * Needs an engine that offers CallHookAt (PluginEngine for Java): a plugin that calls this does
 * not load on one that does not.
 */
static inline int64_t pe_call_hooks(const char *anchor_id, const void *payload, uint64_t len, pe_hook_fn fn, void *ctx) {
  pe_offset list = pe_get_hook_refs(anchor_id);
  if (list == 0) {
    pe_offset e = pe_host_get_last_error();
    if (e == 0) return 0;
    pe_free(e); /* GetLastError keeps answering it until the next engine call */
    return -1;
  }
  uint64_t total = pe_extism_length(list);
  pe_offset p = pe_alloc_bytes(payload, len);
  char ref[PE_REF_MAX];
  uint64_t word = 0, i = 0, called = 0;
  while (i < total) {
    uint64_t n = 0;
    uint8_t b;
    while (i < total && (b = pe_block_byte_(list, total, i, &word)) != '\n') {
      if (n < PE_REF_MAX) ref[n++] = (char)b;
      i++;
    }
    i++; /* past the newline */
    pe_hook_call call;
    call.index = called;
    call.ref = ref;
    call.ref_len = n;
    /* From the second hook on, the engine sends the payload it read for the first. */
    call.response = pe_host_call_hook_at(list, called | (called ? PE_PAYLOAD_UNCHANGED : 0), p);
    call.error = call.response == 0 ? pe_host_get_last_error() : 0;
    called++;
    bool more = fn == NULL || fn(&call, ctx);
    pe_free(call.response);
    pe_free(call.error);
    if (!more) break;
  }
  pe_free(p);
  pe_free(list);
  return (int64_t)called;
}

/**
 * The answers of pe_call_all_hooks(): one block of records, read in order with pe_next_answer()
 * and freed with pe_answers_free().
 */
typedef struct pe_answers {
  pe_offset block; /* 0 when no hook is resolved */
  uint64_t len;
  uint64_t pos;
  uint64_t index;
} pe_answers;

/** One hook's answer, as pe_next_answer() reads it: places in the answers block, valid until it is freed. */
typedef struct pe_hook_answer {
  /** The hook's place in the anchor's list (0 first), as GetHooks and GetHookRefs order it. */
  uint64_t index;
  /** True when the hook failed: the body is then the failure's message (what GetLastError would say). */
  bool failed;
  /** Its ref (pluginId@version/hookId) in Extism memory: copy it out with pe_memory_read(). */
  pe_offset ref;
  uint64_t ref_len;
  /** Its response (body_len 0: empty), or the message, in Extism memory: pe_memory_read() or pe_answer_read(). */
  pe_offset body;
  uint64_t body_len;
} pe_hook_answer;

/* pe_call_all_hooks() with the payload already a block of Extism memory (the caller frees it, if it must). */
static inline bool pe_call_all_hooks_block_(const char *anchor_id, pe_offset payload, pe_answers *answers) {
  pe_offset a = pe_alloc_string(anchor_id);
  answers->block = pe_host_call_all_hooks(a, payload);
  pe_free(a);
  answers->pos = 0;
  answers->index = 0;
  answers->len = answers->block ? pe_extism_length(answers->block) : 0;
  if (answers->block) return true;
  pe_offset e = pe_host_get_last_error();
  if (e == 0) return true;
  pe_free(e); /* GetLastError keeps answering it until the next engine call */
  return false;
}

/**
 * Calls every hook resolved to the anchor, in the engine's order, with the same len payload bytes,
 * in one engine call (CallAllHooks, an engine extension), and sets *answers to the block of all
 * their answers. A hook's failure does not stop the others; all have run when this returns. For
 * anchors that call every hook, the cheapest way: one host call and one answers block per anchor
 * call, where pe_call_hooks() makes a host call and an answer block per hook (use that one to stop
 * at a hook's answer). Returns false when the engine refused (no plugin declares the anchor, or the
 * answers exceed this plugin's memory; pe_last_error() says why); true otherwise, with
 * answers->block 0 when no hook is resolved.
 * Needs an engine that offers CallAllHooks (PluginEngine for Java).
 */
static inline bool pe_call_all_hooks(const char *anchor_id, const void *payload, uint64_t len, pe_answers *answers) {
  pe_offset p = pe_alloc_bytes(payload, len);
  bool ok = pe_call_all_hooks_block_(anchor_id, p, answers);
  pe_free(p);
  return ok;
}

/**
 * pe_call_all_hooks() with this call's own input as the payload, as it lies in Extism memory: for an
 * anchor that hands its hooks what it was given, neither read into the plugin nor copied back (about
 * two kernel calls for every 8 bytes of it fewer).
 */
static inline bool pe_call_all_hooks_with_input(const char *anchor_id, pe_answers *answers) {
  return pe_call_all_hooks_block_(anchor_id, pe_extism_input_offset(), answers);
}

/**
 * Reads the next answer; false past the last one. Two kernel calls per answer: the ref and the body
 * stay in Extism memory until the caller copies what it needs.
 */
static inline bool pe_next_answer(pe_answers *answers, pe_hook_answer *answer) {
  /* A record: u32 status, u32 ref length, u32 body length (little-endian), the ref, the body. */
  uint64_t at = answers->pos;
  if (answers->block == 0 || at + 12 > answers->len) return false;
  uint64_t status = pe_extism_load_u64(answers->block + at) & 0xffffffffu;
  uint64_t lens = pe_extism_load_u64(answers->block + at + 4);
  uint64_t ref_len = lens & 0xffffffffu, body_len = lens >> 32;
  if (at + 12 + ref_len + body_len > answers->len) return false;
  answer->index = answers->index++;
  answer->failed = status != 0;
  answer->ref = answers->block + at + 12;
  answer->ref_len = ref_len;
  answer->body = answer->ref + ref_len;
  answer->body_len = body_len;
  answers->pos = at + 12 + ref_len + body_len;
  return true;
}

/** Copies up to cap bytes of an answer's body into buf; returns how many (compare with body_len). */
static inline uint64_t pe_answer_read(const pe_hook_answer *answer, void *buf, uint64_t cap) {
  uint64_t len = answer->body_len < cap ? answer->body_len : cap;
  pe_memory_read(answer->body, buf, len);
  return len;
}

/** Frees the answers block; its answers' places are gone with it. */
static inline void pe_answers_free(pe_answers *answers) {
  pe_free(answers->block);
  answers->block = 0;
}

/**
 * SendEvent: delivers len payload bytes to every listener of the event, synchronously.
 * Returns how many listeners completed without error, or -1 when the event is unknown or the
 * send failed (GetLastError holds why).
 */
static inline int64_t pe_send_event(const char *event_id, const void *payload, uint64_t len) {
  pe_offset e = pe_alloc_string(event_id);
  pe_offset p = pe_alloc_bytes(payload, len);
  int64_t n = pe_host_send_event(e, p);
  pe_free(p);
  pe_free(e);
  return n;
}

/**
 * ReadFile: a file of this plugin's own archive, relative to the manifest's folder. Returns its
 * bytes as a block; 0 when absent, outside the archive or refused (GetLastError set), or when
 * the file is empty (GetLastError 0).
 */
static inline pe_offset pe_read_file(const char *path) {
  pe_offset p = pe_alloc_string(path);
  pe_offset r = pe_host_read_file(p);
  pe_free(p);
  return r;
}

/**
 * WriteFile: writes len bytes to path in this plugin's own data folder (needs permission `files`
 * granted by the host). Returns 0 on success, non-zero on failure (GetLastError says why).
 */
static inline int64_t pe_write_file(const char *path, const void *data, uint64_t len) {
  pe_offset p = pe_alloc_string(path);
  pe_offset d = pe_alloc_bytes(data, len);
  int64_t r = pe_host_write_file(p, d);
  pe_free(d);
  pe_free(p);
  return r;
}

/**
 * GenerateFromTemplate: renders a Handlebars template (its text) with JSON data (needs permission
 * `templates`). The text as a block; 0 on failure (GetLastError set) or for an empty result.
 */
static inline pe_offset pe_generate_from_template(const char *tmpl, const char *json) {
  pe_offset t = pe_alloc_string(tmpl);
  pe_offset j = pe_alloc_string(json);
  pe_offset r = pe_host_generate_from_template(t, j);
  pe_free(j);
  pe_free(t);
  return r;
}

/** GetLastError: the message of this instance's last engine call if it failed, else 0. */
static inline pe_offset pe_last_error(void) { return pe_host_get_last_error(); }

/** GetTraceContext: a block with the host's traceparent (55 bytes for version 00), or 0 when none. */
static inline pe_offset pe_trace_context(void) { return pe_host_get_trace_context(); }

/**
 * Fails the export with the engine's message for the last engine call (GetLastError), or with
 * `fallback` when there is none. Returns 1: `if (out == 0) return pe_fail_with_last_error("...");`.
 */
static inline int32_t pe_fail_with_last_error(const char *fallback) {
  pe_offset e = pe_last_error();
  if (e) {
    pe_extism_error_set(e);
    return 1;
  }
  return pe_error(fallback);
}

/* ------------------------------------------------------------------------------------------ */
/* A very small JSON reader, enough for GetHooks' answer.                                       */
/* ------------------------------------------------------------------------------------------ */

/*
 * The scanner indexes with size_t (32 bits in wasm32, where no buffer can be larger): 64-bit
 * unsigned compares cost several times more on a JVM runtime such as Chicory, and this loop runs
 * once per byte of GetHooks' answer.
 */

/* Skips a JSON string starting at the quote at *i; leaves *i after the closing quote. */
static inline void pe_json_skip_string_(const char *js, size_t len, size_t *i) {
  size_t k = *i + 1;
  while (k < len && js[k] != '"') k += (js[k] == '\\') ? 2 : 1;
  *i = k < len ? k + 1 : len;
}

static inline bool pe_json_space_(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/*
 * In a JSON array of objects (GetHooks' answer), finds the next member named key of an element
 * object (members of nested values such as metadata are ignored) whose value is a string,
 * starting at *pos (0 for the first, then the value the previous call left). Copies the string's
 * raw bytes (escapes other than \" and \\ are kept as written) into out (cap bytes,
 * NUL-terminated) and advances *pos past it.
 * Returns the string's length, or -1 when there is no further match or it does not fit.
 */
static inline int64_t pe_json_next_string(const char *js, uint64_t len64, uint64_t *pos,
                                          const char *key, char *out, uint64_t cap) {
  size_t len = (size_t)len64;
  size_t klen = (size_t)pe_strlen(key);
  size_t i = (size_t)*pos;
  /* A cursor this function set lies just after a member's value inside an element object
     (depth 2): so each call reads only the bytes after it, and a whole loop stays linear
     (rescanning from the start made an anchor with 10 hooks read its JSON 10 times). */
  int depth = i == 0 ? 0 : 2;
  while (i < len) {
    char c = js[i];
    if (c == '[' || c == '{') { depth++; i++; continue; }
    if (c == ']' || c == '}') { depth--; i++; continue; }
    if (c != '"') { i++; continue; }
    size_t start = i + 1;
    pe_json_skip_string_(js, len, &i);
    size_t end = i - 1; /* the closing quote */
    /* A member name at depth 2 (array -> element object) followed by ':' */
    size_t j = i;
    while (j < len && pe_json_space_(js[j])) j++;
    if (depth != 2 || j >= len || js[j] != ':') continue;
    if (end - start != klen || !pe_memeq(js + start, key, klen)) continue;
    j++;
    while (j < len && pe_json_space_(js[j])) j++;
    if (j >= len || js[j] != '"') { i = j; continue; }
    size_t v = j + 1, n = 0;
    size_t room = cap > 0xffffffffu ? 0xffffffffu : (size_t)cap;
    while (v < len && js[v] != '"') {
      char ch = js[v];
      if (ch == '\\' && v + 1 < len && (js[v + 1] == '"' || js[v + 1] == '\\')) ch = js[++v];
      else if (ch == '\\' && v + 1 < len) { if (n + 1 >= room) return -1; out[n++] = ch; ch = js[++v]; }
      if (n + 1 >= room) return -1;
      out[n++] = ch;
      v++;
    }
    out[n] = 0;
    *pos = v < len ? v + 1 : len;
    return (int64_t)n;
  }
  *pos = len;
  return -1;
}

#ifdef __cplusplus
}
#endif

#endif /* PLUGINENGINE_H */
