/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the runtime's files; not for the kernel code or harness. */
#ifndef _DMALAB_RUNTIME_INTERNAL_H
#define _DMALAB_RUNTIME_INTERNAL_H

#include <stdarg.h>

#include <linux/types.h>
#include <linux/mm.h>
#include <linux/spinlock.h>

#if defined(__SANITIZE_ADDRESS__)
#define DMALAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DMALAB_ASAN 1
#endif
#endif

#ifdef DMALAB_ASAN
#include <sanitizer/asan_interface.h>
#define dmalab_poison(p, n)	ASAN_POISON_MEMORY_REGION(p, n)
#define dmalab_unpoison(p, n)	ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define dmalab_poison(p, n)	do { (void)(p); (void)(n); } while (0)
#define dmalab_unpoison(p, n)	do { (void)(p); (void)(n); } while (0)
#endif

/*
 * thread_slot.c: the calling thread's index in [0, DMALAB_THREAD_SLOTS),
 * for per-thread counters summed when read (see there).
 */
#define DMALAB_THREAD_SLOTS	64
extern __thread int dmalab_thread_slot_id;
unsigned int dmalab_thread_slot_slow(void);
static inline unsigned int dmalab_thread_slot(void)
{
	int slot = dmalab_thread_slot_id;

	return likely(slot >= 0) ? (unsigned int)slot : dmalab_thread_slot_slow();
}

/* Add to a counter only its slot's thread writes; readers may sum it at any time. */
#define dmalab_counter_add(p, v) \
	__atomic_store_n((p), __atomic_load_n((p), __ATOMIC_RELAXED) + (v), __ATOMIC_RELAXED)
#define dmalab_counter_read(p)	__atomic_load_n((p), __ATOMIC_RELAXED)

/* vsprintf.c: libc's vsnprintf plus the kernel's %pa, %pap, %pad */
int dmalab_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* slab.c: failure injection and accounting shared with the page allocator */
bool dmalab_should_fail(gfp_t gfp);
void dmalab_account(long objects, long bytes, long requested);

/* mm.c: the pfn range the page allocator serves kernel allocations from */
#define DMALAB_KMEM_FIRST_PFN	0x100UL		/* 1 MiB */
#include <dmalab/machine.h>	/* DMALAB_KMEM_END_PFN: where the shim allocates */
struct page *dmalab_alloc_pages(gfp_t gfp, unsigned int order, const char *site,
				 bool account);
void dmalab_free_pages(struct page *page, unsigned int order);
unsigned long dmalab_report_page_leaks(void);
void dmalab_forget_pages(void);
void *dmalab_memblock_alloc(phys_addr_t size, phys_addr_t align);

/* page->flags bits private to the runtime */
#define PG_dmalab_slab		(1UL << 20)	/* page->private: struct slab_meta */
#define PG_dmalab_large		(1UL << 21)	/* page->private: kmalloc size */
#define PG_dmalab_alloc		(1UL << 22)	/* allocated by the page allocator */

#endif
