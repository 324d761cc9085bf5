/* fuzz.h: the libFuzzer entry point every fuzz target defines and replay.c calls. */
#ifndef FANGYI_FUZZ_H
#define FANGYI_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Runs one input; returns 0.  A broken invariant aborts, which is the finding. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
