// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA executor's buffer contents (fuzz/dma_exec.c): a known pattern in
 * the bytes the kernel may bounce, so that a stale bounce copy shows.
 */
#include <linux/dma-mapping.h>
#include <linux/dma-direct.h>
#include <linux/swiotlb.h>
#include <dmalab/nocov.h>

#include "fuzz/c_emit.h"
#include "fuzz/dma_exec_internal.h"

/*
 * The pattern word of the 8 bytes at physical address a (8-aligned): a
 * bijection of the address (an odd multiplier), so no two words of a seed
 * are alike, and the seed's own constant xored in, so that every word
 * differs from seed to seed (a stale bounce copy shows). Along a range it
 * grows by a constant: the fill loop is an add and an xor a word.
 */
static u64 seed_word(u64 seed)
{
	return (seed + 1) * 0xc2b2ae3d27d4eb4fULL;
}

static u64 word_at(u64 seed, phys_addr_t a)
{
	return (a * 0x9e3779b97f4a7c15ULL) ^ seed_word(seed);
}

/*
 * Each byte is a function of its physical address (ranges may overlap and
 * must agree), computed a word at a time. Our loop, not the kernel's: no
 * coverage instrumentation, one ASan check for the range (dmalab/nocov.h).
 */
static DMALAB_BULK void fill_bulk(phys_addr_t a, size_t len, u64 seed)
{
	unsigned char *p = phys_to_virt(a);
	phys_addr_t end = a + len;
	u64 *q;

	for (; a < end && (a & 7); a++)
		*p++ = word_at(seed, a & ~7ULL) >> (8 * (a & 7));
	if (a + 8 <= end) {
		u64 x = a * 0x9e3779b97f4a7c15ULL, s = seed_word(seed);

		for (q = (u64 *)p; a + 8 <= end; a += 8, x += 8 * 0x9e3779b97f4a7c15ULL)
			*q++ = x ^ s;
		p = (unsigned char *)q;
	}
	for (; a < end; a++)
		*p++ = word_at(seed, a & ~7ULL) >> (8 * (a & 7));
}

void dma_pattern_fill(phys_addr_t a, size_t len, u64 seed)
{
	C_EMIT("dma_pattern_fill(%#llx, %#zx, %llu);", (unsigned long long)a, len,
	       (unsigned long long)seed);
	dmalab_bulk_check(phys_to_virt(a), len);
	fill_bulk(a, len, seed);
}

/*
 * May the kernel bounce [phys, phys + len) through swiotlb? As the checker
 * reads it from the device (oracle/checker.h, V2): behind an IOMMU, an
 * untrusted device's range that is not granule-aligned at both ends;
 * mapped directly, a range beyond the device's DMA limit, or any range
 * when swiotlb is forced. Never one longer than swiotlb can hold in one
 * mapping (swiotlb_max_mapping_size(): such a map fails instead).
 */
static bool may_bounce(const struct run *r, phys_addr_t phys, size_t len)
{
	u64 mask = r->dev->dma_mask ? *r->dev->dma_mask : 0;
	u64 limit = min_not_zero(mask, r->dev->bus_dma_limit);

	if (len > swiotlb_max_mapping_size(r->dev))
		return false;
	if (r->iommu)
		return r->untrusted && ((phys | len) & (r->granule - 1));
	return is_swiotlb_force_bounce(r->dev) || (limit && phys + len - 1 > limit);
}

/*
 * Give the bytes of a range a known pattern, fresh for each op (seed): the
 * checker compares a bounce copy with them (a stale copy then differs), and
 * diff compares what the device reads (need). Only where it matters: a
 * range the kernel may bounce, or need. Elsewhere the contents do not
 * matter, and filling a 2 MiB folio on every op cost more than the op.
 */
void dma_exec_fill(const struct run *r, const struct fz_range *rg, u64 seed, bool need)
{
	if (rg->mmio || !(need || may_bounce(r, rg->phys, rg->len)))
		return;
	dma_pattern_fill(rg->phys, rg->len, seed);
}

/*
 * What dma_iova_link() may bounce of a range: on an untrusted device its
 * partial granules only (checker.h, check_map_link()).
 */
void dma_exec_fill_link(const struct run *r, const struct fz_range *rg, u64 seed)
{
	phys_addr_t end = rg->phys + rg->len;
	phys_addr_t head_end = min_t(phys_addr_t, end, ALIGN(rg->phys, r->granule));
	phys_addr_t tail = max_t(phys_addr_t, head_end, ALIGN_DOWN(end, r->granule));

	if (rg->mmio || !may_bounce(r, rg->phys, rg->len))
		return;
	if (head_end > rg->phys)
		dma_pattern_fill(rg->phys, head_end - rg->phys, seed);
	if (end > tail)
		dma_pattern_fill(tail, end - tail, seed);
}

