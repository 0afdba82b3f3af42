// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-iommu suite: swiotlb's slot allocator and its unmap, as the
 * bouncing profiles reach them (dma-direct's swiotlb_map() for a device
 * whose mask misses the buffers, dma-iommu's iommu_dma_map_swiotlb() for an
 * untrusted one).
 *
 * What each case expects comes from Documentation/core-api/swiotlb.rst and
 * the kernel-doc of swiotlb_tbl_map_single(), read against the pool's
 * geometry (struct io_tlb_pool, public in linux/swiotlb.h), never from the
 * slots the allocator picked:
 *  - a bounce keeps the original address's bits under the device's
 *    min_align_mask;
 *  - a streaming bounce of PAGE_SIZE or more with no other alignment asked
 *    is page aligned ("historically ... guaranteed");
 *  - a bounce is a run of whole slots inside one slot set, never shared:
 *    a pool of n slots holds n bounces of one slot, and a slot set holds
 *    as many bounces of k slots as k fits in IO_TLB_SEGSIZE;
 *  - it comes from the area of the calling CPU while that area has room
 *    (one area per CPU by default), and a request fails only when no area
 *    has room;
 *  - the unmap gives the CPU the device's bytes for FROM_DEVICE and
 *    BIDIRECTIONAL unless DMA_ATTR_SKIP_CPU_SYNC, and never for TO_DEVICE;
 *  - every unmap gives its slots back (the used count, and the checker's
 *    slot check: free runs as at boot).
 */
#include <linux/dma-direct.h>
#include <linux/swiotlb.h>

#include "tests/dma_iommu/dma_iommu.h"

/* the source buffers, clear of the other cases' pages */
#define SW_REL		0x1000

static struct io_tlb_pool *defpool(struct env *e)
{
	return &e->dev->dma_io_tlb_mem->defpool;
}

/* dma-direct with a 32-bit mask bounces every test buffer (all above 4 GiB) */
static bool direct_bounces(struct env *e)
{
	return !e->p->iommu && e->p->dma_mask;
}

/* Where the device's DMA address dma lands: the swiotlb copy of a bounce. */
static phys_addr_t dma_target(struct env *e, dma_addr_t dma)
{
	if (e->p->iommu)
		return iommu_iova_to_phys(iommu_get_domain_for_dev(e->dev), dma);
	return dma_to_phys(e->dev, dma);
}

static unsigned long slot_of(struct env *e, phys_addr_t tlb)
{
	return (tlb - defpool(e)->start) >> IO_TLB_SHIFT;
}

/* The area whose slots the calling CPU allocates first: one area per CPU. */
static unsigned int cpu_area(void)
{
	return dmalab_cpu();
}

static dma_addr_t map_to_dev(struct env *e, phys_addr_t phys, size_t len)
{
	return dma_map_phys(e->dev, phys, len, DMA_TO_DEVICE, DMA_ATTR_NO_WARN);
}

static void unmap_all(struct env *e, dma_addr_t *dma, const size_t *len, size_t one_len,
		      unsigned int n)
{
	while (n--)
		dma_unmap_phys(e->dev, dma[n], len ? len[n] : one_len, DMA_TO_DEVICE,
			       DMA_ATTR_NO_WARN);
}

/* ---- alignment ---------------------------------------------------------- */

#define PA_ROUNDS	8
#define PA_MAX		(PA_ROUNDS * 5)

/*
 * A test of the page alignment of a streaming bounce of PAGE_SIZE or more
 * for a device without min_align_mask (swiotlb_search_pool_area(): kept "in
 * case any drivers are relying on it"), on dma-direct, which asks for no
 * other alignment. Each round maps one to four one-slot bounces, which
 * leave the allocator's next slot at every offset into a page, then one
 * of exactly PAGE_SIZE. Expect every page-sized copy at a page boundary.
 */
bool case_swiotlb_page_align(struct env *e, const struct dcase *c)
{
	phys_addr_t small = buf_phys(SW_REL, 0x100), big = buf_phys(SW_REL + 1, 0);
	unsigned long used0 = dmalab_swiotlb_used_slots();
	dma_addr_t dma[PA_MAX];
	size_t len[PA_MAX];
	unsigned int n = 0, r, i;
	bool ok = true;

	if (!direct_bounces(e))
		KT_SKIP("needs dma-direct bouncing every buffer");
	for (r = 0; r < PA_ROUNDS && ok; r++) {
		for (i = 0; i <= r % 4 && ok; i++) {
			len[n] = 0x200;
			dma[n] = map_to_dev(e, small, len[n]);
			ok = !dma_mapping_error(e->dev, dma[n]);
			n += ok;
		}
		if (!ok)
			break;
		len[n] = PAGE_SIZE;
		dma[n] = map_to_dev(e, big, len[n]);
		ok = !dma_mapping_error(e->dev, dma[n]);
		if (!ok)
			break;
		/* the PAGE_SIZE alignment rule for allocations >= PAGE_SIZE lost */
		if (!PAGE_ALIGNED(dma_target(e, dma[n]))) {
			kt_report(__FILE__, __LINE__, "round %u: a PAGE_SIZE bounce at %#llx, "
				  "off a page", r, (unsigned long long)dma_target(e, dma[n]));
			ok = false;
		}
		n++;
	}
	unmap_all(e, dma, len, 0, n);
	KT_EXPECT(ok);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

struct min_align_range {
	unsigned int off;
	size_t len;
};

/*
 * Offsets into a page under a 4K - 1 min_align_mask: odd ones (no slot
 * starts there), bit 11 set (the slot's own parity decides it), sizes of
 * PAGE_SIZE and more (where the page alignment rule must give way), and
 * lengths that fit the slots only without the offset.
 */
static const struct min_align_range min_align_ranges[] = {
	{ 0x801, 0x7ff },
	{ 0x810, 0x100 },
	{ 0x820, 0x100 },		/* bit 11 again: from the slot after the last */
	{ 0x810, 0x2000 },
	{ 0x10, 0x800 },		/* one slot of data, two with the offset */
	{ 0xfff, 0x1001 },
	{ 0x7f0, 0x1000 },
	{ 0x800, 0x1000 },
	{ 0x1, 0x3000 },
	{ 0xa10, 0x10000 },
};

#define MA_N	ARRAY_SIZE(min_align_ranges)

/*
 * A test of a device's min_align_mask through dma-direct's bounces (NVMe
 * sets 4K - 1): each range maps to a copy whose low 12 bits are the
 * buffer's, holding the buffer's bytes, in the calling CPU's area (the
 * pool is all but empty). Expect after the unmaps the pool's used count
 * and slot runs back as before.
 */
bool case_swiotlb_min_align(struct env *e, const struct dcase *c)
{
	const unsigned int mask = SZ_4K - 1;
	unsigned long used0 = dmalab_swiotlb_used_slots();
	struct io_tlb_pool *pool = defpool(e);
	dma_addr_t dma[MA_N];
	size_t len[MA_N];
	unsigned int n, i, mapped = 0;
	bool ok = true;

	if (!direct_bounces(e))
		KT_SKIP("needs dma-direct bouncing every buffer");
	dma_set_min_align_mask(e->dev, mask);
	for (n = 0; n < MA_N && ok; n++) {
		const struct min_align_range *r = &min_align_ranges[n];
		phys_addr_t phys = buf_phys(SW_REL + 0x10 * n, r->off);
		phys_addr_t tlb;

		for (i = 0; i < r->len; i++)
			((unsigned char *)phys_to_virt(phys))[i] = pat(n, i);
		len[n] = r->len;
		dma[n] = map_to_dev(e, phys, r->len);
		if (dma_mapping_error(e->dev, dma[n])) {
			kt_report(__FILE__, __LINE__, "range %u (%#x + %#zx) not bounced", n,
				  r->off, r->len);
			ok = false;
			break;
		}
		mapped++;
		tlb = dma_target(e, dma[n]);
		/* min_align_mask bits lost in the bounce address */
		if ((tlb & mask) != (phys & mask)) {
			kt_report(__FILE__, __LINE__, "range %u: copy at %#llx of %#llx: "
				  "bits under %#x differ", n, (unsigned long long)tlb,
				  (unsigned long long)phys, mask);
			ok = false;
		} else if (memcmp(phys_to_virt(tlb), phys_to_virt(phys), r->len)) {
			kt_report(__FILE__, __LINE__, "range %u: the copy at %#llx differs",
				  n, (unsigned long long)tlb);
			ok = false;
		} else if (slot_of(e, tlb) / pool->area_nslabs != cpu_area()) {
			/* a search that passes over the CPU's free slots */
			kt_report(__FILE__, __LINE__, "range %u: copy in slot %lu, outside "
				  "area %u of the calling CPU", n, slot_of(e, tlb), cpu_area());
			ok = false;
		}
	}
	unmap_all(e, dma, len, 0, mapped);
	dma_set_min_align_mask(e->dev, 0);
	KT_EXPECT(ok);
	/* an unmap that frees fewer slots than the offset made the map take */
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

/* ---- areas --------------------------------------------------------------- */

/*
 * A test of the areas: "the number of areas defaults to the number of
 * CPUs", and a bounce comes from "the area associated with the calling
 * CPU" while it has room. Expect, from each CPU in turn, a one-slot bounce
 * in the slots of that CPU's area.
 */
bool case_swiotlb_cpu_area(struct env *e, const struct dcase *c)
{
	unsigned long used0 = dmalab_swiotlb_used_slots();
	struct io_tlb_pool *pool = defpool(e);
	unsigned int cpu0 = dmalab_cpu(), cpu, n = 0;
	dma_addr_t dma[CONFIG_NR_CPUS];
	bool ok = true;

	if (!direct_bounces(e))
		KT_SKIP("needs dma-direct bouncing every buffer");
	KT_EXPECT_EQ(pool->nareas, num_possible_cpus());
	for (cpu = 0; cpu < num_possible_cpus() && ok; cpu++) {
		unsigned long slot;

		dmalab_set_cpu(cpu);
		dma[n] = map_to_dev(e, buf_phys(SW_REL, 0x40), 0x200);
		ok = !dma_mapping_error(e->dev, dma[n]);
		if (!ok)
			break;
		slot = slot_of(e, dma_target(e, dma[n++]));
		/* the calling CPU's area index miscomputed */
		if (slot / pool->area_nslabs != cpu) {
			kt_report(__FILE__, __LINE__, "CPU %u bounced into slot %lu: area %lu",
				  cpu, slot, slot / pool->area_nslabs);
			ok = false;
		}
	}
	dmalab_set_cpu(cpu0);
	unmap_all(e, dma, NULL, 0x200, n);
	KT_EXPECT(ok);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

/* ---- a full pool ---------------------------------------------------------- */

/*
 * A test that fills the pool with one-slot bounces from one CPU. Every
 * slot can hold one ("a slot is never shared", no alignment asked below
 * PAGE_SIZE) and a request "does not fail unless all areas do not have
 * enough free space": expect exactly nslabs bounces, then a clean
 * DMA_MAPPING_ERROR; then the unmaps, latest first (each slot freed while
 * the one after it is already free, across slot-set ends too), to leave
 * the free runs as at boot (the checker's slot check).
 */
bool case_swiotlb_fill_slots(struct env *e, const struct dcase *c)
{
	unsigned long used0 = dmalab_swiotlb_used_slots();
	unsigned long nslabs = defpool(e)->nslabs, n;
	phys_addr_t phys = buf_phys(SW_REL, 0);
	dma_addr_t *dma, d = 0;

	if (!direct_bounces(e))
		KT_SKIP("needs dma-direct bouncing every buffer");
	KT_EXPECT_EQ(used0, 0);
	dma = kmalloc_array(nslabs + 1, sizeof(*dma), GFP_KERNEL);
	KT_EXPECT_NOT_NULL(dma);
	for (n = 0; n <= nslabs; n++) {
		d = map_to_dev(e, phys, IO_TLB_SIZE);
		if (dma_mapping_error(e->dev, d))
			break;
		dma[n] = d;
	}
	/* slots left unused: an alignment nobody asked for, areas not tried */
	unmap_all(e, dma, NULL, IO_TLB_SIZE, n);
	kfree(dma);
	KT_EXPECT_EQ(n, nslabs);
	KT_EXPECT_EQ(d, DMA_MAPPING_ERROR);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

#define SET_BYTES	(IO_TLB_SEGSIZE * IO_TLB_SIZE)

struct bounce {
	dma_addr_t dma;
	size_t len;
};

/* Map b->len bytes, which must land at slot want: the only free run for them. */
static bool map_at(struct env *e, struct bounce *b, size_t len, unsigned long want)
{
	b->len = len;
	b->dma = map_to_dev(e, buf_phys(SW_REL, 0), len);
	if (dma_mapping_error(e->dev, b->dma))
		KT_FAIL("%#zx bytes not bounced: slot %lu is free for them", len, want);
	if (slot_of(e, dma_target(e, b->dma)) != want)
		KT_FAIL("%#zx bytes bounced into slot %lu, not the free slot %lu", len,
			slot_of(e, dma_target(e, b->dma)), want);
	return true;
}

static void unmap_bounce(struct env *e, struct bounce *b)
{
	if (!dma_mapping_error(e->dev, b->dma))
		dma_unmap_phys(e->dev, b->dma, b->len, DMA_TO_DEVICE, DMA_ATTR_NO_WARN);
	b->dma = DMA_MAPPING_ERROR;
}

/*
 * A test of the search in an otherwise full pool, where a freed run is
 * the only place a bounce fits: expect each bounce to get exactly the
 * slots just freed. The pool is filled with slot-set bounces (one set
 * each, so nslabs / IO_TLB_SEGSIZE of them); then in the calling CPU's
 * area:
 *  - its first set is freed and taken again by a set-sized bounce (an
 *    area with exactly the free slots asked for);
 *  - its last set is freed, and a bounce one slot short of a set, then a
 *    one-slot bounce fill it: the latter takes the area's last slot and
 *    brings the search index round to the area's start;
 *  - that slot is freed and asked for again: the search from the start
 *    finds it as the last slot it checks;
 *  - the first set is freed once more: the search index wrapped, and the
 *    set at the area's start must be found again.
 */
bool case_swiotlb_fill_sets(struct env *e, const struct dcase *c)
{
	unsigned long used0 = dmalab_swiotlb_used_slots();
	struct io_tlb_pool *pool = defpool(e);
	unsigned long nsets = pool->nslabs / IO_TLB_SEGSIZE, n, i;
	unsigned long a0 = (unsigned long)cpu_area() * pool->area_nslabs;
	unsigned long a_last = a0 + pool->area_nslabs - IO_TLB_SEGSIZE;
	struct bounce *b, *first = NULL, *last = NULL, tail = { DMA_MAPPING_ERROR };
	bool ok = false;

	if (!direct_bounces(e))
		KT_SKIP("needs dma-direct bouncing every buffer");
	KT_EXPECT_EQ(used0, 0);
	b = kmalloc_array(nsets + 1, sizeof(*b), GFP_KERNEL);
	KT_EXPECT_NOT_NULL(b);
	for (n = 0; n <= nsets; n++) {
		unsigned long slot;

		b[n].len = SET_BYTES;
		b[n].dma = map_to_dev(e, buf_phys(SW_REL, 0), SET_BYTES);
		if (dma_mapping_error(e->dev, b[n].dma))
			break;
		slot = slot_of(e, dma_target(e, b[n].dma));
		if (slot == a0)
			first = &b[n];
		else if (slot == a_last)
			last = &b[n];
	}
	/* slot sets left unused, or areas not tried */
	if (n != nsets || !first || !last) {
		kt_report(__FILE__, __LINE__, "%lu slot-set bounces of %lu; the first set of "
			  "area %u %s, its last %s", n, nsets, cpu_area(),
			  first ? "used" : "left", last ? "used" : "left");
		goto out;
	}
	/* an area with exactly the free slots asked for is not full */
	unmap_bounce(e, first);
	if (!map_at(e, first, SET_BYTES, a0))
		goto out;
	unmap_bounce(e, last);
	if (!map_at(e, last, SET_BYTES - IO_TLB_SIZE, a_last) ||
	    !map_at(e, &tail, IO_TLB_SIZE, a_last + IO_TLB_SEGSIZE - 1))
		goto out;
	unmap_bounce(e, &tail);
	/* the search checking one slot short of the area */
	if (!map_at(e, &tail, IO_TLB_SIZE, a_last + IO_TLB_SEGSIZE - 1))
		goto out;
	unmap_bounce(e, first);
	/* the search index wrapped past the area's start: its first set lost */
	ok = map_at(e, first, SET_BYTES, a0);
out:
	unmap_bounce(e, &tail);
	for (i = n; i-- > 0;)
		unmap_bounce(e, &b[i]);
	kfree(b);
	KT_EXPECT(ok);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

/*
 * A test of the search's last slot under a min_align_mask of 4K - 1 (as
 * NVMe sets): a bounce of a buffer whose address has bit 11 set fits only
 * the odd slots, and swiotlb_search_pool_area() steps from one odd slot to
 * the next two at a time. From the area's last slot that step wraps to the
 * area's start counting two slots for the one it passed, so a search that
 * started at an even index stops one slot short of a full round: the odd
 * slot just before its start is never checked. Expect, in a pool full but
 * for that one slot, the bounce to get it ("an allocation request does
 * not fail unless all areas do not have enough free space",
 * Documentation/core-api/swiotlb.rst); the kernel fails the mapping.
 */
bool case_swiotlb_last_odd_slot(struct env *e, const struct dcase *c)
{
	unsigned long used0 = dmalab_swiotlb_used_slots();
	struct io_tlb_pool *pool = defpool(e);
	unsigned long nslabs = pool->nslabs, n, i, *at;
	/* odd, so its slot address has bit 11 set (the pool is page aligned) */
	unsigned long want = (unsigned long)cpu_area() * pool->area_nslabs + 0xff;
	struct bounce *b, odd = { DMA_MAPPING_ERROR };
	bool ok = false;

	if (!direct_bounces(e))
		KT_SKIP("needs dma-direct bouncing every buffer");
	KT_EXPECT_EQ(used0, 0);
	b = kmalloc_array(nslabs + 1, sizeof(*b), GFP_KERNEL);
	at = kmalloc_array(nslabs, sizeof(*at), GFP_KERNEL);
	if (!b || !at) {
		kfree(b);
		kfree(at);
		KT_FAIL("no memory for %lu bounces", nslabs);
	}
	for (n = 0; n < nslabs; n++) {
		b[n].len = IO_TLB_SIZE;
		b[n].dma = map_to_dev(e, buf_phys(SW_REL, 0), IO_TLB_SIZE);
		if (dma_mapping_error(e->dev, b[n].dma))
			break;
		at[slot_of(e, dma_target(e, b[n].dma))] = n;
	}
	if (n != nslabs) {
		kt_report(__FILE__, __LINE__, "%lu one-slot bounces of %lu", n, nslabs);
		goto out;
	}
	/* taking the slot again leaves the area's search index right after it */
	unmap_bounce(e, &b[at[want]]);
	if (!map_at(e, &b[at[want]], IO_TLB_SIZE, want))
		goto out;
	unmap_bounce(e, &b[at[want]]);
	dma_set_min_align_mask(e->dev, SZ_4K - 1);
	odd.len = 0x100;
	odd.dma = map_to_dev(e, buf_phys(SW_REL, 0x810), odd.len);
	if (dma_mapping_error(e->dev, odd.dma))
		kt_report(__FILE__, __LINE__, "a bounce for %#llx refused with slot %lu free",
			  (unsigned long long)buf_phys(SW_REL, 0x810), want);
	else if (slot_of(e, dma_target(e, odd.dma)) != want)
		kt_report(__FILE__, __LINE__, "bounced into slot %lu, not the free slot %lu",
			  slot_of(e, dma_target(e, odd.dma)), want);
	else
		ok = true;
out:
	unmap_bounce(e, &odd);
	dma_set_min_align_mask(e->dev, 0);
	for (i = n; i-- > 0;)
		unmap_bounce(e, &b[i]);
	kfree(b);
	kfree(at);
	KT_EXPECT(ok);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

/*
 * A test of an untrusted device whose IOMMU granule is smaller than a page
 * (amdv1_mock's 2 KiB): dma-iommu asks swiotlb for granule alignment
 * (alloc_align_mask), which is all the bounces need, so bounces of
 * PAGE_SIZE plus one granule, k slots each, pack a slot set with
 * IO_TLB_SEGSIZE / k of them. Expect the pool to hold that many per set
 * but one per area (the set the search starts in may be cut in two).
 */
bool case_swiotlb_granule_fill(struct env *e, const struct dcase *c)
{
	unsigned long used0 = dmalab_swiotlb_used_slots();
	struct io_tlb_pool *pool = defpool(e);
	size_t bytes = PAGE_SIZE + e->g, len = bytes - 0x10;
	unsigned long per_set = IO_TLB_SEGSIZE / (bytes / IO_TLB_SIZE);
	unsigned long least = pool->nslabs / IO_TLB_SEGSIZE * per_set - pool->nareas;
	unsigned long most = pool->nslabs / IO_TLB_SEGSIZE * per_set, n;
	phys_addr_t phys = buf_phys(SW_REL, 0x10);
	dma_addr_t *dma, d = 0;

	if (!e->p->untrusted || e->g >= PAGE_SIZE || !e->p->coherent)
		KT_SKIP("needs an untrusted coherent device with granules below PAGE_SIZE");
	KT_EXPECT_EQ(used0, 0);
	dma = kmalloc_array(most + 1, sizeof(*dma), GFP_KERNEL);
	KT_EXPECT_NOT_NULL(dma);
	for (n = 0; n <= most; n++) {
		d = map_to_dev(e, phys, len);
		if (dma_mapping_error(e->dev, d))
			break;
		dma[n] = d;
	}
	unmap_all(e, dma, NULL, len, n);
	kfree(dma);
	/* the page alignment rule overriding the alloc_align_mask asked for */
	KT_EXPECT_GE(n, least);
	KT_EXPECT_LE(n, most);
	KT_EXPECT_EQ(d, DMA_MAPPING_ERROR);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

/* ---- unmap ------------------------------------------------------------------ */

static void fill(phys_addr_t phys, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		((unsigned char *)phys_to_virt(phys))[i] = pat(seed, i);
}

static bool holds(phys_addr_t phys, size_t len, unsigned int seed, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char *)phys_to_virt(phys))[i] != pat(seed, i))
			KT_FAIL("%s: byte %#zx of %#llx is %#x, expected %#x", what, i,
				(unsigned long long)phys,
				((unsigned char *)phys_to_virt(phys))[i], pat(seed, i));
	return true;
}

/*
 * A test of what the unmap of a bounced buffer copies back. The CPU owns
 * the buffer after dma_sync_single_for_cpu() and writes it; then:
 *  - a DMA_TO_DEVICE unmap must leave the CPU's bytes (the device was
 *    given the buffer, never the other way round);
 *  - a DMA_FROM_DEVICE unmap with DMA_ATTR_SKIP_CPU_SYNC must leave them
 *    too (the driver did its own sync);
 *  - a DMA_FROM_DEVICE unmap without it gives the CPU what the device
 *    wrote since.
 */
bool case_swiotlb_unmap_copy(struct env *e, const struct dcase *c)
{
	phys_addr_t phys = buf_phys(SW_REL, 0x10);
	unsigned long used0 = dmalab_swiotlb_used_slots();
	const size_t len = 0x1230;
	dma_addr_t d;

	if (!direct_bounces(e) && !e->p->untrusted)
		KT_SKIP("needs a profile that bounces every unaligned buffer");

	fill(phys, len, 1);
	d = dma_map_phys(e->dev, phys, len, DMA_TO_DEVICE, 0);
	KT_EXPECT(!dma_mapping_error(e->dev, d));
	dma_sync_single_for_cpu(e->dev, d, len, DMA_TO_DEVICE);
	fill(phys, len, 2);
	dma_unmap_phys(e->dev, d, len, DMA_TO_DEVICE, 0);
	/* a TO_DEVICE unmap copying the stale bounce back over the CPU's bytes */
	KT_EXPECT(holds(phys, len, 2, "after a DMA_TO_DEVICE unmap"));

	fill(phys, len, 3);
	d = dma_map_phys(e->dev, phys, len, DMA_FROM_DEVICE, 0);
	KT_EXPECT(!dma_mapping_error(e->dev, d));
	fill(dma_target(e, d), len, 4);	/* as the device */
	dma_sync_single_for_cpu(e->dev, d, len, DMA_FROM_DEVICE);
	KT_EXPECT(holds(phys, len, 4, "after a sync for the CPU"));
	fill(phys, len, 5);
	dma_unmap_phys(e->dev, d, len, DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	/* DMA_ATTR_SKIP_CPU_SYNC ignored by the unmap's copy back */
	KT_EXPECT(holds(phys, len, 5, "after a DMA_FROM_DEVICE unmap with SKIP_CPU_SYNC"));

	d = dma_map_phys(e->dev, phys, len, DMA_FROM_DEVICE, 0);
	KT_EXPECT(!dma_mapping_error(e->dev, d));
	fill(dma_target(e, d), len, 6);	/* as the device */
	dma_unmap_phys(e->dev, d, len, DMA_FROM_DEVICE, 0);
	KT_EXPECT(holds(phys, len, 6, "after a DMA_FROM_DEVICE unmap"));
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

/*
 * A test of a bus that cannot reach the swiotlb pool (a bus_dma_limit
 * below it): dma-direct bounces a buffer above the limit, swiotlb_map()
 * finds its copy out of reach too. Expect DMA_MAPPING_ERROR, its "swiotlb
 * addr ... overflow" WARN (once a process), the slots given back.
 */
bool case_swiotlb_unreachable(struct env *e, const struct dcase *c)
{
	static bool warned;
	unsigned long used0 = dmalab_swiotlb_used_slots(), w0 = dmalab_warn_count();
	u64 limit0 = e->dev->bus_dma_limit;
	dma_addr_t d;

	if (e->p->iommu)
		KT_SKIP("needs dma-direct");
	e->dev->bus_dma_limit = defpool(e)->start - 1;
	d = map_to_dev(e, buf_phys(SW_REL, 0x10), 0x400);
	e->dev->bus_dma_limit = limit0;
	kt_expect_warns(warned ? 0 : 1);
	if (!dma_mapping_error(e->dev, d)) {
		dma_unmap_phys(e->dev, d, 0x400, DMA_TO_DEVICE, 0);
		KT_FAIL("a bounce out of the bus's reach mapped at %#llx",
			(unsigned long long)d);
	}
	/* the overflow of the device's reach not reported */
	KT_EXPECT_EQ(dmalab_warn_count() - w0, warned ? 0 : 1);
	warned = true;
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}
