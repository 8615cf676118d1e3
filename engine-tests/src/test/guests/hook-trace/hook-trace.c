/*
 * test.trace: trace answers GetTraceContext's block, or "none" when the engine returns 0 with no
 * error, and fails with GetLastError's message otherwise; its input is ignored, so an anchor that threads
 * its text through this hook ends with what the hook saw at its depth.
 */
#include "pluginengine.h"

int32_t PE_EXPORT("trace") trace(void) {
  pe_offset t = pe_trace_context();
  if (t != 0) {
    pe_output_block(t);
    return 0;
  }
  if (pe_last_error() != 0) return pe_fail_with_last_error("GetTraceContext failed");
  pe_output_string("none");
  return 0;
}
