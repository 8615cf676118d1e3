/*
 * test.hostile.sleep: sleep asks WASI poll_oneoff for one relative clock timeout of an hour.
 * Answers "woke" if that ever returns successfully, else fails with "poll_oneoff errno N" (a
 * runtime that does not offer a blocking sleep).
 */
#include "pluginengine.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("poll_oneoff")))
extern int32_t poll_oneoff(const void *in, void *out, int32_t nsubscriptions, int32_t *nevents);

/* WASI preview 1 layouts: subscription_t is 48 bytes, event_t 32. */
struct subscription {
  uint64_t userdata;
  uint8_t tag;           /* 0: clock */
  uint8_t pad[7];
  uint32_t clock_id;     /* 1: monotonic */
  uint32_t pad2;
  uint64_t timeout_ns;
  uint64_t precision_ns;
  uint16_t flags;        /* 0: relative */
  uint8_t pad3[6];
};

static struct subscription sub;
static uint8_t event[32];
static int32_t nevents;
static char msg[64];

int32_t PE_EXPORT("sleep") sleep(void) {
  sub.tag = 0;
  sub.clock_id = 1;
  sub.timeout_ns = 3600ull * 1000 * 1000 * 1000;
  int32_t err = poll_oneoff(&sub, event, 1, &nevents);
  if (err != 0) {
    char *p = pe_memcpy(msg, "poll_oneoff errno ", 18);
    p += pe_u64_to_dec((uint64_t)err, p);
    *p = 0;
    return pe_error(msg);
  }
  pe_output_string("woke");
  return 0;
}
