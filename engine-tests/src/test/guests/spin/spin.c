/*
 * test.spin: spin busy-waits for the number of iterations given as decimal input and answers
 * "done"; start and stop report to the host function test:host/lifecycle (+1 and -1), so a test
 * can count the instances that exist. Used to keep calls in flight while a plugin is unloaded.
 */
#include "pluginengine.h"

__attribute__((import_module("test:host"), import_name("lifecycle"))) extern uint64_t lifecycle(uint64_t delta);

int32_t PE_EXPORT("start") start(void) {
  lifecycle(1);
  return 0;
}

int32_t PE_EXPORT("stop") stop(void) {
  lifecycle((uint64_t)-1);
  return 0;
}

int32_t PE_EXPORT("spin") spin(void) {
  char digits[32];
  uint64_t n = pe_input_read(digits, sizeof digits);
  bool ok;
  uint64_t iterations = pe_parse_u64(digits, n, &ok);
  volatile uint64_t counter = 0;
  for (uint64_t i = 0; i < iterations; i++) counter++;
  pe_output_string("done");
  return 0;
}
