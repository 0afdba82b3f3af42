// SPDX-License-Identifier: GPL-2.0-only
/*
 * The architecture and platform around the DMA code: cache maintenance
 * hooks for non-coherent devices (recorded), boot memory for swiotlb, the
 * RAM map. (The mock PCI buses are in pci.c.)
 */
#include <stdlib.h>

#include <linux/dma-map-ops.h>
#include <linux/swiotlb.h>
#include <linux/memblock.h>
#include <linux/pci.h>
#include <linux/ioport.h>
#include <linux/slab.h>

#include <dmalab/iommu.h>
#include "internal.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* ---- arch_sync_dma_*: recorded, not performed (memory is coherent) ---- */

static struct dmalab_sync_record *syncs;
static unsigned long nr_syncs, cap_syncs;
static spinlock_t syncs_lock;

static void record_sync(phys_addr_t paddr, size_t size, enum dma_data_direction dir,
			bool for_device)
{
	spin_lock(&syncs_lock);
	if (nr_syncs == cap_syncs) {
		cap_syncs = cap_syncs ? 2 * cap_syncs : 256;
		syncs = realloc(syncs, cap_syncs * sizeof(*syncs));
		if (!syncs)
			abort();
	}
	syncs[nr_syncs++] = (struct dmalab_sync_record){ paddr, size, dir, for_device };
	spin_unlock(&syncs_lock);
}

void arch_sync_dma_for_device(phys_addr_t paddr, size_t size, enum dma_data_direction dir)
{
	record_sync(paddr, size, dir, true);
}

void arch_sync_dma_for_cpu(phys_addr_t paddr, size_t size, enum dma_data_direction dir)
{
	record_sync(paddr, size, dir, false);
}

unsigned long dmalab_arch_syncs(void)
{
	return nr_syncs;
}

const struct dmalab_sync_record *dmalab_arch_sync(unsigned long i)
{
	return i < nr_syncs ? &syncs[i] : NULL;
}

void dmalab_arch_syncs_clear(void)
{
	nr_syncs = 0;
}

/* ---- boot memory and the RAM map ---- */

unsigned long min_low_pfn = DMALAB_KMEM_FIRST_PFN;

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return dmalab_memblock_alloc(size, align);
}

void memblock_free(void *ptr, size_t size)
{
	/* boot memory is not given back in the model: it stays reserved */
}

void memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
}

/* All modelled RAM above pfn 0 is one System RAM range (MMIO follows it). */
int walk_system_ram_range(unsigned long start_pfn, unsigned long nr_pages, void *arg,
			  int (*func)(unsigned long, unsigned long, void *))
{
	unsigned long first = max(start_pfn, 1UL);
	unsigned long end = min(start_pfn + nr_pages, dmalab_ram_end_pfn);

	if (first >= end)
		return -EINVAL;
	return func(first, end - first, arg);
}

/* swiotlb.c keeps its default pool static: a device initialised for it
 * tells us where it is. */
static struct io_tlb_mem *default_mem;

/* The kernel sets up swiotlb from mem_init(); so do we, before any test. */
static int dmalab_swiotlb_boot(void)
{
	struct device probe = {};

	swiotlb_init(true, 0);
	swiotlb_dev_init(&probe);
	default_mem = probe.dma_io_tlb_mem;
	return 0;
}
arch_initcall(dmalab_swiotlb_boot);

bool dmalab_is_swiotlb_addr(phys_addr_t paddr)
{
	struct io_tlb_pool *pool = &default_mem->defpool;

	return paddr >= pool->start && paddr < pool->end;
}

/*
 * DUPLICATED from kernel/dma/swiotlb.c, where it is private: a pool's
 * per-slot bookkeeping, read (never written) to tell whose bytes a slot
 * holds. scripts/check-duplicated.sh compares it with the tree.
 */
struct io_tlb_slot {
	phys_addr_t orig_addr;
	size_t alloc_size;
	unsigned short list;
	unsigned short pad_slots;
};

/* DUPLICATED from kernel/dma/swiotlb.c likewise: an area's bookkeeping */
struct io_tlb_area {
	unsigned long used;
	unsigned int index;
	spinlock_t lock;
};

phys_addr_t dmalab_swiotlb_slot_orig(phys_addr_t paddr)
{
	struct io_tlb_pool *pool = &default_mem->defpool;

	if (paddr < pool->start || paddr >= pool->end)
		return INVALID_PHYS_ADDR;
	return pool->slots[(paddr - pool->start) >> IO_TLB_SHIFT].orig_addr;
}

/*
 * The default pool's slot bookkeeping against what swiotlb.c says of it:
 * a slot's list is "the number of free entries available from each
 * index" (0: in use), counted to the end of its free run inside its
 * IO_TLB_SEGSIZE segment; a free slot has no original address, no
 * allocation size and no padding slots (as swiotlb_init_io_tlb_pool()
 * leaves every slot); a used slot's alloc_size counts the bytes of its
 * allocation from that slot on, so a slot with more than one slot's worth
 * is followed by one of its allocation holding IO_TLB_SIZE less; each
 * area's used count is its slots in use, and their sum the pool's
 * total_used. NULL when it holds, else the rule and why[].
 */
const char *dmalab_swiotlb_check_slots(char *why, size_t n)
{
	struct io_tlb_pool *pool = &default_mem->defpool;
	unsigned long i, a, used, total = 0;

	for (i = pool->nslabs; i-- > 0;) {
		struct io_tlb_slot *s = &pool->slots[i];
		bool last = (i & (IO_TLB_SEGSIZE - 1)) == IO_TLB_SEGSIZE - 1 || i + 1 == pool->nslabs;
		unsigned int want = last || !pool->slots[i + 1].list ? 1 : pool->slots[i + 1].list + 1;

		if (s->list && s->list != want) {
			snprintf(why, n, "slot %lu: list %u, but %u free slots run from it to the "
				 "end of its segment", i, s->list, want);
			return "swiotlb-free-list";
		}
		/* pad_slots too: swiotlb_release_slots() takes it from the first slot */
		if (s->list && (s->orig_addr != INVALID_PHYS_ADDR || s->alloc_size ||
				s->pad_slots)) {
			snprintf(why, n, "free slot %lu keeps orig_addr %#llx alloc_size %#zx "
				 "pad_slots %u", i, (unsigned long long)s->orig_addr, s->alloc_size,
				 s->pad_slots);
			return "swiotlb-free-slot";
		}
		/*
		 * alloc_size - (offset + k * IO_TLB_SIZE) for the k-th slot: it
		 * goes below zero (wraps) in a last slot the alignment offset
		 * pushed the allocation into, as swiotlb_bounce()'s "tlb_offset
		 * may be negative" arithmetic expects; read it signed
		 */
		if (!s->list && (long)s->alloc_size > IO_TLB_SIZE &&
		    (i + 1 == pool->nslabs || pool->slots[i + 1].list ||
		     pool->slots[i + 1].alloc_size != s->alloc_size - IO_TLB_SIZE)) {
			snprintf(why, n, "slot %lu: alloc_size %#zx, but the next slot is %s with "
				 "alloc_size %#zx", i, s->alloc_size,
				 i + 1 < pool->nslabs && !pool->slots[i + 1].list ? "used" : "free",
				 i + 1 < pool->nslabs ? pool->slots[i + 1].alloc_size : 0);
			return "swiotlb-alloc-size";
		}
	}
	for (a = 0; a < pool->nareas; a++) {
		for (used = 0, i = a * pool->area_nslabs; i < (a + 1) * pool->area_nslabs; i++)
			used += !pool->slots[i].list;
		if (used != pool->areas[a].used) {
			snprintf(why, n, "area %lu: %lu slots in use, its count says %lu", a, used,
				 pool->areas[a].used);
			return "swiotlb-area-used";
		}
		total += used;
	}
	if (total != (unsigned long)atomic_long_read(&default_mem->total_used)) {
		snprintf(why, n, "%lu slots in use, total_used says %ld", total,
			 atomic_long_read(&default_mem->total_used));
		return "swiotlb-total-used";
	}
	return NULL;
}

/* exact: the command line turns on swiotlb's track_hiwater accounting */
unsigned long dmalab_swiotlb_used_slots(void)
{
	return atomic_long_read(&default_mem->total_used);
}

DMALAB_NOCOV_END
