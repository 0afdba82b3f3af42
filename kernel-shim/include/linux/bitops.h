/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: tools/include's bitops, with real atomic set_bit/clear_bit
 * (tools/include aliases them to test_and_* functions it never defines).
 */
#ifndef _DMALAB_LINUX_BITOPS_H
#define _DMALAB_LINUX_BITOPS_H

#include_next <linux/bitops.h>

#undef set_bit

static inline unsigned int __ffs64(u64 word)
{
	return __builtin_ctzll(word);
}
#undef clear_bit

static inline bool test_and_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG);

	return __atomic_fetch_or(&addr[nr / BITS_PER_LONG], mask, __ATOMIC_SEQ_CST) & mask;
}

static inline bool test_and_clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG);

	return __atomic_fetch_and(&addr[nr / BITS_PER_LONG], ~mask, __ATOMIC_SEQ_CST) & mask;
}

static inline void set_bit(unsigned long nr, volatile unsigned long *addr)
{
	test_and_set_bit(nr, addr);
}

static inline void clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	test_and_clear_bit(nr, addr);
}

#endif
