// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker's negatives for cache maintenance (check_syncs) and for the
 * end of a run (check_teardown).
 *
 * The arch sync records come only from the kernel: a test maps with or
 * without DMA_ATTR_SKIP_CPU_SYNC and tells the checker other attributes or
 * another direction than it used, or calls check_syncs() with a window
 * (`from`) that holds other mappings' records.
 */
#include <linux/mm.h>
#include <linux/iommu.h>
#include <linux/slab.h>

#include "tests/oracle/oracle_test.h"

static const struct dmalab_device_cfg noncoh = { .name = "noncoh" };

/*
 * A test on a non-coherent device: a mapping made with
 * DMA_ATTR_SKIP_CPU_SYNC recorded as made without it; a mapping made
 * without it, unmapped with it, recorded as unmapped without. Expect
 * check_syncs() to report the missing arch_sync_dma_for_device() and
 * arch_sync_dma_for_cpu() ("missed"), and the true attributes accepted.
 */
bool test_syncs_missing(const void *param, const void *arg)
{
	const unsigned long skip = DMA_ATTR_SKIP_CPU_SYNC;
	const phys_addr_t phys = buf(0, 0x40);
	const size_t len = 0x2100;
	struct check_map *m;
	struct device *dev;
	unsigned long from;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &noncoh);
	from = dmalab_arch_syncs();
	if (!dev || !map_phys(dev, phys, len, DMA_TO_DEVICE, skip, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	ok &= REJECT(&e, check_syncs(e.ck, m, from, true, false), INV(SYNCS), 0,
		     "arch_sync_dma_for_device missed");
	check_unmap(m);
	m = record(&e, dev, DMA_TO_DEVICE, skip, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	ok &= ACCEPT(&e, check_syncs(e.ck, m, from, true, false));
	from = dmalab_arch_syncs();
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, skip);
	ok &= ACCEPT(&e, check_syncs(e.ck, m, from, false, false));
	check_unmap(m);

	from = dmalab_arch_syncs();
	if (!map_phys(dev, phys, len, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	ok &= ACCEPT(&e, check_syncs(e.ck, m, from, true, false));
	from = dmalab_arch_syncs();
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, skip);
	ok &= REJECT(&e, check_syncs(e.ck, m, from, false, false), INV(SYNCS), 0,
		     "arch_sync_dma_for_cpu missed");
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test on a non-coherent device that maps a buffer twice, then another
 * buffer, and checks the first mapping's syncs from before both (its
 * bytes synced twice) and the second's from before the third (a byte it
 * does not reach synced). Expect check_syncs() to report "more often than
 * the mapping names it" and "does not reach", and each mapping's own
 * window accepted.
 */
bool test_syncs_extra(const void *param, const void *arg)
{
	const phys_addr_t phys[] = { buf(0, 0x40), buf(0, 0x40), buf(8, 0) };
	const size_t len = 0x2100;
	struct check_map *m[3] = {};
	unsigned long from[3];
	struct device *dev;
	dma_addr_t dma[3];
	struct env e;
	unsigned int i;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &noncoh);
	for (i = 0; dev && i < 3; i++) {
		from[i] = dmalab_arch_syncs();
		if (!map_phys(dev, phys[i], len, DMA_TO_DEVICE, 0, &dma[i]))
			break;
		m[i] = record(&e, dev, DMA_TO_DEVICE, 0, dma[i], phys[i], len);
		ok &= ACCEPT(&e, check_verify(e.ck));
		ok &= ACCEPT(&e, check_syncs(e.ck, m[i], from[i], true, false));
	}
	if (i < 3)
		return env_abort(&e);
	ok &= REJECT(&e, check_syncs(e.ck, m[0], from[0], true, false), INV(SYNCS), 0,
		     "more often than the mapping names it");
	ok &= REJECT(&e, check_syncs(e.ck, m[1], from[1], true, false), INV(SYNCS), 0,
		     "which the device does not reach");
	for (i = 0; i < 3; i++) {
		dma_unmap_phys(dev, dma[i], len, DMA_TO_DEVICE, 0);
		check_unmap(m[i]);
	}
	return env_fini(&e) && ok;
}

/*
 * A test on a non-coherent device that maps DMA_TO_DEVICE and records the
 * mapping as DMA_FROM_DEVICE, then as what it is. Expect check_syncs() to
 * report the direction ("with direction TO_DEVICE, mapped FROM_DEVICE"),
 * and the true direction accepted.
 */
bool test_syncs_direction(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0);
	const size_t len = 2 * P;
	struct check_map *m;
	struct device *dev;
	unsigned long from;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &noncoh);
	from = dmalab_arch_syncs();
	if (!dev || !map_phys(dev, phys, len, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_FROM_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	ok &= REJECT(&e, check_syncs(e.ck, m, from, true, false), INV(SYNCS), 0,
		     "with direction TO_DEVICE, mapped FROM_DEVICE");
	check_unmap(m);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	ok &= ACCEPT(&e, check_syncs(e.ck, m, from, true, false));
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test with a non-coherent and a coherent device on the target, each
 * mapping a buffer, and the coherent device's mapping checked from before
 * the non-coherent device's map (whose syncs fall in the window), then
 * from after it. Expect "expected none" for the first window, and the
 * coherent mapping's own window (map and unmap) accepted.
 */
bool test_syncs_coherent(const void *param, const void *arg)
{
	const struct dmalab_device_cfg coh = { .name = "coh", .coherent = true };
	const phys_addr_t phys[2] = { buf(0, 0), buf(8, 0) };
	const size_t len = 2 * P;
	struct device *dev[2];
	struct check_map *m[2] = {};
	unsigned long from[3];
	dma_addr_t dma[2];
	struct env e;
	unsigned int i;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev[0] = env_dev(&e, &noncoh);
	dev[1] = env_dev(&e, &coh);
	for (i = 0; dev[0] && dev[1] && i < 2; i++) {
		from[i] = dmalab_arch_syncs();
		if (!map_phys(dev[i], phys[i], len, DMA_TO_DEVICE, 0, &dma[i]))
			break;
		m[i] = record(&e, dev[i], DMA_TO_DEVICE, 0, dma[i], phys[i], len);
	}
	if (!m[1])
		return env_abort(&e);
	ok &= ACCEPT(&e, check_verify(e.ck));
	KT_EXPECT_GT(from[1], from[0]);
	ok &= ACCEPT(&e, check_syncs(e.ck, m[0], from[0], true, false));
	ok &= REJECT(&e, check_syncs(e.ck, m[1], from[0], true, false), INV(SYNCS), 0,
		     "coherent device's mapping, expected none");
	ok &= ACCEPT(&e, check_syncs(e.ck, m[1], from[1], true, false));
	from[2] = dmalab_arch_syncs();
	dma_unmap_phys(dev[1], dma[1], len, DMA_TO_DEVICE, 0);
	ok &= ACCEPT(&e, check_syncs(e.ck, m[1], from[2], false, false));
	for (i = 0; i < 2; i++) {
		if (i == 0)
			dma_unmap_phys(dev[0], dma[0], len, DMA_TO_DEVICE, 0);
		check_unmap(m[i]);
	}
	return env_fini(&e) && ok;
}

/* ==== check_teardown ====================================================== */

/* A checker made after the state it is to compare with (the env captures). */
static void teardown_env(struct env *e)
{
	memset(e, 0, sizeof(*e));
	e->ck = check_create(env_capture, e);
}

static bool teardown_fini(struct env *e)
{
	bool ok = ACCEPT(e, check_teardown(e->ck));

	check_destroy(e->ck);
	return ok;
}

/*
 * A test that records a mapping of a directly mapped device (made before
 * the checker), unmaps it in the kernel only, and asks for the teardown.
 * Expect "still has 1 recorded mappings", and after check_unmap() no
 * report.
 */
bool test_teardown_mapping(void)
{
	const struct dmalab_device_cfg cfg = { .name = "direct", .coherent = true };
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	dev = dmalab_device_create(&cfg, NULL, NULL);
	KT_EXPECT_NOT_NULL(dev);
	teardown_env(&e);
	ok &= ACCEPT(&e, check_add_device(e.ck, dev));
	if (map_phys(dev, buf(0, 0), P, DMA_TO_DEVICE, 0, &dma)) {
		m = record(&e, dev, DMA_TO_DEVICE, 0, dma, buf(0, 0), P);
		dma_unmap_phys(dev, dma, P, DMA_TO_DEVICE, 0);
		ok &= REJECT(&e, check_teardown(e.ck), INV(TEARDOWN), 0, "recorded mappings");
		check_unmap(m);
	}
	ok &= teardown_fini(&e);
	dmalab_device_destroy(dev);
	return ok;
}

/*
 * A test that allocates a slab object after the checker was made. Expect
 * check_teardown() to report the slab ("slab has"), and after kfree() no
 * report.
 */
bool test_teardown_slab(void)
{
	struct env e;
	bool ok;
	void *p;

	teardown_env(&e);
	p = kmalloc(100, GFP_KERNEL);
	KT_EXPECT_NOT_NULL(p);
	ok = REJECT(&e, check_teardown(e.ck), INV(TEARDOWN), 0, "slab has");
	kfree(p);
	return teardown_fini(&e) && ok;
}

/*
 * A test with a directly mapped device with a 32-bit mask (made before the
 * checker) that maps a buffer above 4 GiB, bounced, and leaves the slot
 * used. Expect check_teardown() to report the slot ("swiotlb has"), and
 * after the unmap no report.
 */
bool test_teardown_swiotlb(void)
{
	const struct dmalab_device_cfg cfg = {
		.name = "direct32", .coherent = true, .dma_mask = DMA_BIT_MASK(32),
	};
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	dev = dmalab_device_create(&cfg, NULL, NULL);
	KT_EXPECT_NOT_NULL(dev);
	teardown_env(&e);
	if (map_phys(dev, buf(0, 0x10), 0x100, DMA_TO_DEVICE, 0, &dma)) {
		KT_EXPECT(dmalab_is_swiotlb_addr(dma));
		ok &= REJECT(&e, check_teardown(e.ck), INV(TEARDOWN), 0, "swiotlb has");
		dma_unmap_phys(dev, dma, 0x100, DMA_TO_DEVICE, 0);
	}
	ok &= teardown_fini(&e);
	dmalab_device_destroy(dev);
	return ok;
}

/*
 * A test on an x86_64 domain limited to 4 KiB pages (made before the
 * checker, with a page mapped so that the upper tables exist) that maps
 * the next 2 MiB with iommu_map(), which takes one more page-table page,
 * then unmaps those 2 MiB, which frees it. Expect check_teardown() to
 * report the page ("page-table pages"; the slab count, which includes
 * pages, may say so too), and after the unmap no report.
 */
bool test_teardown_pages(void)
{
	const struct dmalab_domain_cfg dc = {
		.format = DMALAB_PT_X86_64, .kind = DMALAB_DOMAIN_DMA, .pgsize_bitmap = SZ_4K,
	};
	const dma_addr_t x = SZ_1G;
	struct iommu_domain *dom;
	struct dmalab_domain *d;
	struct env e;
	bool ok = true;

	d = dmalab_domain_create(&dc, NULL);
	KT_EXPECT_NOT_NULL(d);
	dom = dmalab_domain_iommu(d);
	KT_EXPECT_EQ(iommu_map(dom, x, buf(0, 0), SZ_4K, PROT_RW, GFP_KERNEL), 0);
	teardown_env(&e);
	KT_EXPECT_EQ(iommu_map(dom, x + SZ_2M, buf(0x200, 0), SZ_2M, PROT_RW, GFP_KERNEL), 0);
	ok &= REJECT(&e, check_teardown(e.ck), INV(TEARDOWN), 0, "page-table pages");
	KT_EXPECT_EQ(iommu_unmap(dom, x + SZ_2M, SZ_2M), SZ_2M);
	ok &= teardown_fini(&e);
	KT_EXPECT_EQ(iommu_unmap(dom, x, SZ_4K), SZ_4K);
	dmalab_domain_destroy(d);
	return ok;
}
