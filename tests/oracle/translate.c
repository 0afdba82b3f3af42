// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker's negatives for translation and IOVA space: V1 (every byte
 * reaches its physical byte), V3 (granule offsets), V5 (exclusive IOVA)
 * and V6 (addressing limits).
 */
#include <linux/mm.h>
#include <linux/iommu.h>

#include "tests/oracle/oracle_test.h"

static const struct dmalab_device_cfg dev0 = { .name = "dev0", .coherent = true };

/*
 * A test that maps three pages with dma_map_phys() and records the range
 * with a physical address one page off, then one byte off (inside a
 * granule), then right. Expect V1 ("expected phys") for both wrong
 * records, on every target, and the right one accepted.
 */
bool test_v1_wrong_phys(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0), wrong[] = { phys + P, phys + 1 };
	const size_t len = 3 * P;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	unsigned int i;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &dev0);
	if (!dev || !map_phys(dev, phys, len, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	for (i = 0; i < ARRAY_SIZE(wrong); i++) {
		m = record(&e, dev, DMA_TO_DEVICE, 0, dma, wrong[i], len);
		ok &= REJECT(&e, check_verify(e.ck), INV(V1), 0, "expected phys");
		check_unmap(m);
	}
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	ok &= ACCEPT(&e, check_verify(e.ck));
	return env_fini(&e) && ok;
}

/*
 * A test that maps three granules, then points the last granule's page
 * table entry at another page (iommu_unmap + iommu_map), then back. Expect
 * V1 and nothing else while it points elsewhere (the table maps as many
 * bytes as before), and the restored table accepted.
 */
bool test_v1_remapped_granule(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0);
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	size_t len;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	len = 3 * e.g;
	dev = env_dev(&e, &dev0);
	if (!dev || !map_phys(dev, phys, len, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	if (remap(&e, dma + 2 * e.g, e.g, phys + 16 * P)) {
		ok &= REJECT(&e, check_verify(e.ck), INV(V1), 0, "expected phys");
		ok &= remap(&e, dma + 2 * e.g, e.g, phys + 2 * e.g);
		ok &= ACCEPT(&e, check_verify(e.ck));
	} else {
		ok = false;
	}
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	ok &= ACCEPT(&e, check_verify(e.ck));
	return env_fini(&e) && ok;
}

/*
 * A test that unmaps a recorded mapping behind the checker's back (the
 * kernel unmaps it, the model still has it). Expect V1 ("not mapped"; V4
 * may add that the page table maps fewer bytes than the live mappings),
 * and once the model forgets the mapping, no report.
 */
bool test_v1_unmapped_behind(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x100);
	const size_t len = 0x2345;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &dev0);
	if (!dev || !map_phys(dev, phys, len, DMA_BIDIRECTIONAL, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_BIDIRECTIONAL, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_BIDIRECTIONAL, 0);
	ok &= REJECT(&e, check_verify(e.ck), INV(V1), INV(V4), "not mapped");
	check_unmap(m);
	ok &= ACCEPT(&e, check_verify(e.ck));
	return env_fini(&e) && ok;
}

/*
 * A test that records a mapping of a range that starts 0x10 into a granule
 * as starting one byte later in its granule, at the same DMA address. The
 * state breaks V3 (the offsets in the granule differ) and so V1: V1's
 * first sample compares exactly that offset and reports first. Expect V1
 * or V3, and the right offset accepted.
 */
bool test_v3_wrong_offset(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x10);
	const size_t len = 0x100;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &dev0);
	if (!dev || !map_phys(dev, phys, len, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys + 1, len);
	ok &= REJECT(&e, check_verify(e.ck), INV(V1) | INV(V3), 0, NULL);
	check_unmap(m);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test on an amdv1_mock domain whose page sizes are restricted to 4 KiB
 * and up (the checker's granule is 4 KiB), whose page table nevertheless
 * holds two 2 KiB entries for the 4 KiB granule at IOVA X (mapped with the
 * 2 KiB size let through for that moment): a page table that maps finer
 * than its granule, the only way to reach V3 and V1's partial-granule
 * rule, as every sampled byte of the recorded half reaches its byte.
 *  - the halves swapped in memory, the second recorded: X + 2K reaches
 *    offset 0 of a 4 KiB granule. Expect V3.
 *  - the second half in order, the first elsewhere, the second recorded:
 *    expect V1 ("first byte of the granule").
 *  - the first half in order, the second elsewhere, the first recorded:
 *    expect V1 ("last byte of the granule").
 *  - both in order, either half recorded: expect no report.
 */
bool test_v3_sub_granule_pte(const void *param, const void *arg)
{
	const dma_addr_t x = SZ_256M;
	const phys_addr_t b = buf(0x10, 0), c = buf(0x40, 0);
	const struct {
		phys_addr_t lo, hi;	/* what X and X + 2K reach */
		bool rec_hi;		/* the second half recorded, else the first */
		unsigned int need;
		const char *word;
	} st[] = {
		{ b - SZ_2K, b, true, INV(V3), "granule" },
		{ c, b + SZ_2K, true, INV(V1), "first byte of the granule" },
		{ b, c + SZ_2K, false, INV(V1), "last byte of the granule" },
		{ b, b + SZ_2K, true },
		{ b, b + SZ_2K, false },
	};
	struct iommu_domain *dom;
	struct check_map *m;
	struct env e;
	unsigned int i;
	bool ok = true;
	int r1, r2;

	if (!env_init(&e, param, ~(u64)(SZ_4K - 1)))
		return false;
	dom = env_iommu(&e);
	if (!env_dev(&e, &dev0) || e.g != SZ_4K || !(dom->pgsize_bitmap & SZ_4K))
		return env_abort(&e);
	for (i = 0; i < ARRAY_SIZE(st); i++) {
		dom->pgsize_bitmap |= SZ_2K;
		r1 = iommu_map(dom, x, st[i].lo, SZ_2K, PROT_RW, GFP_KERNEL);
		r2 = iommu_map(dom, x + SZ_2K, st[i].hi, SZ_2K, PROT_RW, GFP_KERNEL);
		dom->pgsize_bitmap &= ~(unsigned long)SZ_2K;
		KT_EXPECT_EQ(r1, 0);
		KT_EXPECT_EQ(r2, 0);
		if (st[i].rec_hi)
			m = record(&e, e.dev[0], DMA_TO_DEVICE, 0, x + SZ_2K, st[i].hi, SZ_2K);
		else
			m = record(&e, e.dev[0], DMA_TO_DEVICE, 0, x, st[i].lo, SZ_2K);
		if (st[i].need)
			ok &= REJECT(&e, check_verify(e.ck), st[i].need, 0, st[i].word);
		else
			ok &= ACCEPT(&e, check_verify(e.ck));
		check_unmap(m);
		KT_EXPECT_EQ(iommu_unmap(dom, x, SZ_4K), SZ_4K);
	}
	return env_fini(&e) && ok;
}

/*
 * A test that records one dma_map_phys() of a page twice: on the same
 * device, then on a second device of the domain; then as two mappings of
 * half a page each. Expect V5 for both doubles, and for the halves V5 when
 * they share a granule (4 KiB granules) but none with 2 KiB granules
 * (amdv1_mock), where each half is a granule of its own.
 */
bool test_v5_shared_iova(const void *param, const void *arg)
{
	const struct dmalab_device_cfg dev1 = { .name = "dev1", .coherent = true };
	const phys_addr_t phys = buf(0, 0);
	struct check_map *m1, *m2;
	struct device *dev[2];
	struct env e;
	dma_addr_t dma;
	unsigned int i;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev[0] = env_dev(&e, &dev0);
	dev[1] = env_dev(&e, &dev1);
	if (!dev[0] || !dev[1] || !map_phys(dev[0], phys, P, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m1 = record(&e, dev[0], DMA_TO_DEVICE, 0, dma, phys, P);
	ok &= ACCEPT(&e, check_verify(e.ck));
	for (i = 0; i < 2; i++) {
		m2 = record(&e, dev[i], DMA_TO_DEVICE, 0, dma, phys, P);
		ok &= REJECT(&e, check_verify(e.ck), INV(V5), 0, "share IOVA");
		check_unmap(m2);
	}
	check_unmap(m1);
	m1 = record(&e, dev[0], DMA_TO_DEVICE, 0, dma, phys, P / 2);
	m2 = record(&e, dev[0], DMA_TO_DEVICE, 0, dma + P / 2, phys + P / 2, P / 2);
	if (e.g > P / 2)
		ok &= REJECT(&e, check_verify(e.ck), INV(V5), 0, "share IOVA");
	else
		ok &= ACCEPT(&e, check_verify(e.ck));
	check_unmap(m2);
	check_unmap(m1);
	m1 = record(&e, dev[0], DMA_TO_DEVICE, 0, dma, phys, P);
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev[0], dma, P, DMA_TO_DEVICE, 0);
	check_unmap(m1);
	return env_fini(&e) && ok;
}

/*
 * A test with three devices: a 64-bit mask, a 32-bit mask, and a 64-bit
 * mask behind a 32-bit bus limit. One DMA range above 4 GiB reaches its
 * page: behind an IOMMU, IOVA 4 GiB mapped on the domain with iommu_map();
 * directly, the 64-bit device's dma_map_phys() of a buffer above 4 GiB. It
 * is recorded as each device's. Expect V6 ("above the device's limit") for
 * the 32-bit mask and for the bus limit, and the 64-bit device accepted.
 */
bool test_v6_dma_limit(const void *param, const void *arg)
{
	const struct dmalab_device_cfg cfg[] = {
		{ .name = "dev64", .coherent = true },
		{ .name = "dev32", .coherent = true, .dma_mask = DMA_BIT_MASK(32) },
		{ .name = "devbus", .coherent = true, .bus_dma_limit = DMA_BIT_MASK(32) },
	};
	const phys_addr_t phys = buf(0, 0);
	struct device *dev[ARRAY_SIZE(cfg)];
	struct check_map *m;
	struct env e;
	dma_addr_t dma = SZ_4G;
	unsigned int i;
	bool ok = true;
	size_t len;

	if (!env_init(&e, param, 0))
		return false;
	len = e.g;
	for (i = 0; i < ARRAY_SIZE(cfg); i++)
		if (!(dev[i] = env_dev(&e, &cfg[i])))
			return env_abort(&e);
	if (e.d) {
		KT_EXPECT_EQ(iommu_map(env_iommu(&e), dma, phys, len, PROT_RW, GFP_KERNEL), 0);
	} else if (!map_phys(dev[0], phys, len, DMA_TO_DEVICE, 0, &dma)) {
		return env_abort(&e);
	}
	KT_EXPECT_GT(dma, DMA_BIT_MASK(32));
	for (i = 0; i < ARRAY_SIZE(cfg); i++) {
		m = record(&e, dev[i], DMA_TO_DEVICE, 0, dma, phys, len);
		if (i == 0)
			ok &= ACCEPT(&e, check_verify(e.ck));
		else
			ok &= REJECT(&e, check_verify(e.ck), INV(V6), 0,
				     "above the device's limit");
		check_unmap(m);
	}
	if (e.d)
		KT_EXPECT_EQ(iommu_unmap(env_iommu(&e), dma, len), len);
	else
		dma_unmap_phys(dev[0], dma, len, DMA_TO_DEVICE, 0);
	return env_fini(&e) && ok;
}

/*
 * A test of IOVA reservations: two pages reserved and linked, recorded
 * with a reservation of one page (the linked range leaves it), then with
 * the real one; and a 32-bit device's reservation recorded 4 GiB higher
 * than dma_iova_try_alloc() put it, then where it is. Expect V6 for the
 * link outside its reservation and for the reservation above the mask,
 * and both real states accepted.
 */
bool test_v6_reservation(const void *param, const void *arg)
{
	const struct dmalab_device_cfg cfg32 = {
		.name = "dev32", .coherent = true, .dma_mask = DMA_BIT_MASK(32),
	};
	const phys_addr_t phys = buf(0, 0), phys2 = buf(8, 0);
	struct dma_iova_state st, st32;
	struct check_map *m, *m32;
	struct device *dev, *dev32;
	struct env e;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &dev0);
	dev32 = env_dev(&e, &cfg32);
	if (!dev || !dev32)
		return env_abort(&e);
	KT_EXPECT(dma_iova_try_alloc(dev, &st, phys, 2 * P));
	KT_EXPECT_EQ(dma_iova_link(dev, &st, phys, 0, 2 * P, DMA_TO_DEVICE, 0), 0);
	KT_EXPECT_EQ(dma_iova_sync(dev, &st, 0, 2 * P), 0);
	m = check_map_new(e.ck, dev, DMA_TO_DEVICE, 0);
	ok &= ACCEPT(&e, check_map_reserve(m, st.addr, P));
	ok &= ACCEPT(&e, check_map_link(m, st.addr, phys, 2 * P));
	ok &= REJECT(&e, check_verify(e.ck), INV(V6), 0, "outside its IOVA reservation");
	ok &= ACCEPT(&e, check_map_reserve(m, st.addr, 2 * P));
	ok &= ACCEPT(&e, check_verify(e.ck));

	KT_EXPECT(dma_iova_try_alloc(dev32, &st32, phys2, P));
	m32 = check_map_new(e.ck, dev32, DMA_TO_DEVICE, 0);
	ok &= ACCEPT(&e, check_map_reserve(m32, st32.addr + SZ_4G, P));
	ok &= REJECT(&e, check_verify(e.ck), INV(V6), 0, "reservation");
	ok &= ACCEPT(&e, check_map_reserve(m32, st32.addr, P));
	ok &= ACCEPT(&e, check_verify(e.ck));

	dma_iova_free(dev32, &st32);
	check_unmap(m32);
	dma_iova_destroy(dev, &st, 2 * P, DMA_TO_DEVICE, 0);
	check_unmap(m);
	ok &= ACCEPT(&e, check_verify(e.ck));
	return env_fini(&e) && ok;
}
