/*
 * libextism's own floor for one plugin call: the same libextism calls per call as the extism
 * runtime (runtime-extism-native) makes, from C, so that no JVM, JNA or engine code is in the
 * figure. Configurations run side by side in one process, alternating in short rounds; each
 * prints the median ns per call over the rounds, with the fastest round and the quartiles (on a
 * busy machine the fastest round is the nearest to a quiet one's figure). Build and run from the
 * repository root as docs/PERFORMANCE.md says ("The native call path"):
 *
 *   clang -O2 -o engine-benchmarks/target/extism-floor engine-benchmarks/src/main/native/extism-floor.c \
 *         -L.libextism -lextism -Wl,-rpath,$PWD/.libextism
 *
 * Instructions per call, whatever the load: run one configuration (ONLY) under
 * valgrind --tool=callgrind and divide one_call's inclusive count by 2 x CALLS_PER_ROUND (with
 * ROUNDS 1: the warm-up makes as many calls as the round).
 *
 *   extism-floor DIR [ROUNDS] [CALLS_PER_ROUND] [ONLY]
 *
 * DIR holds the manifests NativeFloorManifests writes: plain.json (the echo guest as the raw
 * Extism SDK loads it), ours.json (the echo guest as our runtime links it: rewritten, with the
 * WASI shim and the output guard), and each again with a timeout_ms (*-timeout.json).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extism-min.h"

#define PAYLOAD 64

/* Our runtime's two internal host functions: never called on a well-behaved echo. */
static void noop(ExtismCurrentPlugin *p, const ExtismVal *in, ExtismSize nin, ExtismVal *out, ExtismSize nout, void *d) {
  (void)p; (void)in; (void)nin; (void)out; (void)nout; (void)d;
}

typedef struct {
  const char *label;
  const char *manifest; /* file in DIR */
  bool wasi;
  bool host_functions;  /* link output_refused and guest_write (ours.json needs them) */
  bool host_context;    /* extism_plugin_call_with_host_context, as our runtime; else extism_plugin_call */
  bool read_output;     /* output length + data + copy, as both Java sides do */
  ExtismPlugin *plugin;
  double *per_round;
} Config;

static uint8_t *slurp(const char *dir, const char *name, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *b = malloc((size_t)n);
  if (fread(b, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(2); }
  fclose(f);
  *len = (size_t)n;
  return b;
}

static ExtismPlugin *open_plugin(const char *dir, Config *c) {
  size_t len;
  uint8_t *manifest = slurp(dir, c->manifest, &len);
  const ExtismFunction *fns[2];
  ExtismSize nfns = 0;
  if (c->host_functions) {
    ExtismValType refused_in[] = {EXTISM_I64, EXTISM_I64, EXTISM_I64};
    ExtismValType write_in[] = {EXTISM_I32, EXTISM_I64};
    ExtismFunction *a = extism_function_new("output_refused", refused_in, 3, NULL, 0, noop, NULL, NULL);
    ExtismFunction *b = extism_function_new("guest_write", write_in, 2, NULL, 0, noop, NULL, NULL);
    extism_function_set_namespace(a, "pluginengine:internal");
    extism_function_set_namespace(b, "pluginengine:internal");
    fns[0] = a;
    fns[1] = b;
    nfns = 2;
  }
  char *err = NULL;
  ExtismCompiledPlugin *compiled = extism_compiled_plugin_new(manifest, len, nfns ? fns : NULL, nfns, c->wasi, &err);
  if (!compiled) { fprintf(stderr, "%s: compile: %s\n", c->label, err); exit(1); }
  ExtismPlugin *p = extism_plugin_new_from_compiled(compiled, &err);
  if (!p) { fprintf(stderr, "%s: instantiate: %s\n", c->label, err); exit(1); }
  for (ExtismSize i = 0; i < nfns; i++) extism_function_free((ExtismFunction *)fns[i]);
  free(manifest);
  return p;
}

static uint8_t input[PAYLOAD];
static uint8_t output[PAYLOAD];
static volatile uint64_t sink;

static void one_call(Config *c) {
  int32_t rc = c->host_context
      ? extism_plugin_call_with_host_context(c->plugin, "echo", input, PAYLOAD, (void *)(uintptr_t)42)
      : extism_plugin_call(c->plugin, "echo", input, PAYLOAD);
  if (rc != 0) { fprintf(stderr, "%s: rc %d: %s\n", c->label, rc, extism_plugin_error(c->plugin)); exit(1); }
  if (c->read_output) {
    ExtismSize n = extism_plugin_output_length(c->plugin);
    if (n != PAYLOAD) { fprintf(stderr, "%s: output of %llu bytes\n", c->label, (unsigned long long)n); exit(1); }
    memcpy(output, extism_plugin_output_data(c->plugin), n);
    sink += output[0];
  }
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s DIR [ROUNDS] [CALLS_PER_ROUND]\n", argv[0]); return 2; }
  const char *dir = argv[1];
  int rounds = argc > 2 ? atoi(argv[2]) : 30;
  int calls = argc > 3 ? atoi(argv[3]) : 10000;
  for (int i = 0; i < PAYLOAD; i++) input[i] = (uint8_t)('a' + i % 26);

  Config configs[] = {
    {"plain, WASI on, extism_plugin_call, output read (= the raw Java SDK's calls)", "plain.json", true, false, false, true, NULL, NULL},
    {"plain, WASI on, call only", "plain.json", true, false, false, false, NULL, NULL},
    {"plain, WASI off, output read", "plain.json", false, false, false, true, NULL, NULL},
    {"plain, WASI on, timeout_ms set, output read", "plain-timeout.json", true, false, false, true, NULL, NULL},
    {"plain + our 2 host functions linked, output read", "plain.json", true, true, false, true, NULL, NULL},
    {"ours (rewrite, shim, guard, 2 host fns), host context, output read (= our runtime's calls)", "ours.json", true, true, true, true, NULL, NULL},
    {"ours, without host context", "ours.json", true, true, false, true, NULL, NULL},
    {"ours, timeout_ms set", "ours-timeout.json", true, true, true, true, NULL, NULL},
  };
  int n = (int)(sizeof configs / sizeof configs[0]);
  if (argc > 4) {
    int only = atoi(argv[4]);
    if (only < 0 || only >= n) { fprintf(stderr, "no configuration %d\n", only); return 2; }
    configs[0] = configs[only];
    n = 1;
  }
  printf("libextism %s, %d rounds x %d calls, %d B payload\n", extism_version(), rounds, calls, PAYLOAD);
  for (int i = 0; i < n; i++) {
    configs[i].plugin = open_plugin(dir, &configs[i]);
    configs[i].per_round = calloc((size_t)rounds, sizeof(double));
    for (int k = 0; k < calls; k++) one_call(&configs[i]); /* warm-up */
  }
  for (int r = 0; r < rounds; r++) {
    for (int j = 0; j < n; j++) {
      Config *c = &configs[(r + j) % n]; /* rotate who goes first */
      double t0 = now_ns();
      for (int k = 0; k < calls; k++) one_call(c);
      c->per_round[r] = (now_ns() - t0) / calls;
    }
  }
  for (int i = 0; i < n; i++) {
    double *v = configs[i].per_round;
    qsort(v, (size_t)rounds, sizeof(double), cmp);
    printf("%8.0f ns/call (min %.0f, quartiles %.0f..%.0f)  %s\n", v[rounds / 2], v[0], v[rounds / 4], v[3 * rounds / 4],
           configs[i].label);
    extism_plugin_free(configs[i].plugin);
  }
  return (int)(sink & 0);
}
