/*
 * Probe anchor for profiling the per-CallHook path (docs/PERFORMANCE.md, issue 20, section 4): the
 * benchmark anchor itself, plus exports that do parts of a CallHook's work:
 *   abi              the guest's Extism work for each hook's ref and payload, without the call;
 *   noop             the same plus one host call that does nothing (GetLastError);
 *   k_store, k_allocfree, k_lasterr, k_callhook   N of one thing, N from the input (decimal)
 * (run_refs_shared, the payload in one block for every hook, is the benchmark anchor's own).
 * Not part of the build: clang it with the flags of scripts/build-guests (see README.md).
 */
#include "bench-anchor.c"

/* Probes: the guest's own ABI work of a CallHook without the call, and with a no-op host call. */
static uint64_t probe_refs(void) {
  pe_offset list = pe_get_hook_refs(ANCHOR);
  return pe_block_read(list, hooks, sizeof hooks);
}

/* For each hook: its ref and the payload into blocks, freed again; with call_host, one host call that does nothing. */
static int32_t blocks_only(bool call_host) {
  uint64_t n = pe_input_read(payload, sizeof payload);
  uint64_t len = probe_refs();
  uint64_t pos = 0; const char *line; int64_t rlen;
  while ((rlen = pe_next_line(hooks, len, &pos, &line)) >= 0) {
    pe_offset r = pe_alloc_bytes(line, (uint64_t)rlen);
    pe_offset p = pe_alloc_bytes(payload, n);
    if (call_host) pe_last_error();
    pe_free(p); pe_free(r);
  }
  return 0;
}

int32_t PE_EXPORT("abi") abi(void) { return blocks_only(false); }

int32_t PE_EXPORT("noop") noop(void) { return blocks_only(true); }

static uint64_t count_in(void) {
  char d[24]; uint64_t n = pe_input_read(d, sizeof d); bool ok; uint64_t c = pe_parse_u64(d, n, &ok); return ok ? c : 0;
}
int32_t PE_EXPORT("k_allocfree") k_allocfree(void) {
  uint64_t c = count_in();
  for (uint64_t i = 0; i < c; i++) { pe_offset b = pe_extism_alloc(64); pe_extism_free(b); }
  return 0;
}
int32_t PE_EXPORT("k_store") k_store(void) {
  uint64_t c = count_in(); pe_offset b = pe_extism_alloc(8);
  for (uint64_t i = 0; i < c; i++) pe_extism_store_u64(b, i);
  pe_extism_free(b); return 0;
}
int32_t PE_EXPORT("k_lasterr") k_lasterr(void) {
  uint64_t c = count_in();
  for (uint64_t i = 0; i < c; i++) pe_last_error();
  return 0;
}
int32_t PE_EXPORT("k_callhook") k_callhook(void) {
  uint64_t c = count_in();
  uint64_t len = probe_refs();
  uint64_t pos = 0; const char *line; int64_t rlen = pe_next_line(hooks, len, &pos, &line);
  pe_offset r = pe_alloc_bytes(line, (uint64_t)rlen);
  pe_offset p = pe_alloc_bytes(payload, 64);
  for (uint64_t i = 0; i < c; i++) { pe_offset o = pe_host_call_hook(r, p); pe_free(o); }
  return 0;
}
