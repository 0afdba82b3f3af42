/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * No fuzzing coverage for our own bookkeeping and checking code.
 *
 * The fuzz engines learn from edge counters and comparison tracing
 * (SanitizerCoverage: libFuzzer's -fsanitize=fuzzer-no-link, AFL++'s
 * PCGUARD mode). What they should learn from is the kernel code. The
 * checker's loops over every live mapping, the shim's slab and memory
 * bookkeeping and the like are not the code under test: instrumented, they
 * cost a callback per comparison on every run and feed the engines
 * features that only say how much the checker had to look at.
 *
 * A file of ours brackets its functions with DMALAB_NOCOV_BEGIN and
 * DMALAB_NOCOV_END (after its #includes, so that the kernel headers' inline
 * functions are not affected), or marks one function DMALAB_NOCOV. Nothing changes in builds without
 * SanitizerCoverage (tests, benchmarks, the coverage flavour, which
 * measures with -fprofile-instr-generate). Never use it in a header a
 * kernel translation unit includes.
 */
#ifndef _DMALAB_NOCOV_H
#define _DMALAB_NOCOV_H

#if defined(__clang__) && defined(__has_feature)
#if __has_feature(coverage_sanitizer)
#define DMALAB_NOCOV_BEGIN						\
	_Pragma("clang attribute push (__attribute__((no_sanitize(\"coverage\"))), apply_to = function)")
#define DMALAB_NOCOV_END	_Pragma("clang attribute pop")
/* one function only (a loop over buffer bytes in an instrumented file) */
#define DMALAB_NOCOV		__attribute__((no_sanitize("coverage")))
#endif
#endif

#ifndef DMALAB_NOCOV_BEGIN
#define DMALAB_NOCOV_BEGIN
#define DMALAB_NOCOV_END
#define DMALAB_NOCOV
#endif

/*
 * A function of ours that reads only our own arrays (a model's intervals,
 * the nodes a walk copied out), called after every op: in fuzzing builds
 * it runs without ASan checks too. The tests (and every other build) keep
 * them, and they are where the models' own bugs are to be found.
 */
#if defined(__clang__) && defined(__has_feature)
#if __has_feature(coverage_sanitizer)
#define DMALAB_OWN_ARRAYS	__attribute__((no_sanitize("address", "coverage")))
#endif
#endif
#ifndef DMALAB_OWN_ARRAYS
#define DMALAB_OWN_ARRAYS
#endif

/*
 * A loop of ours over the bytes of a large buffer (filling a test buffer,
 * hashing a bounce copy): ASan would check every word it touches, which
 * costs more than the loop. A function marked DMALAB_BULK is not
 * instrumented; it calls dmalab_bulk_check(p, n) on its buffer first,
 * which finds the first poisoned byte of the region, if any, and reads it
 * with an instrumented access: the same report, one check a region.
 */
#if defined(__SANITIZE_ADDRESS__)
#define DMALAB_BULK_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DMALAB_BULK_ASAN	1
#endif
#endif

#ifdef DMALAB_BULK_ASAN
#include <stddef.h>
#include <sanitizer/asan_interface.h>
#define DMALAB_BULK	__attribute__((no_sanitize("address"))) DMALAB_NOCOV
static inline void dmalab_bulk_check(const void *p, size_t n)
{
	const volatile char *bad = __asan_region_is_poisoned((void *)p, n);

	if (bad)
		(void)*bad;	/* instrumented: ASan reports it here */
}
#else
#define DMALAB_BULK	DMALAB_NOCOV
static inline void dmalab_bulk_check(const void *p, size_t n)
{
}
#endif

#endif
