// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker's negatives for bouncing: V2 (a bounced range reaches one
 * contiguous swiotlb run holding the buffer's bytes, no two ranges share
 * one), the bounce rule read from the device, and V8 (what an untrusted
 * device reaches beyond its ranges is zeroed swiotlb).
 */
#include <string.h>

#include <linux/mm.h>
#include <linux/iommu.h>

#include "tests/oracle/oracle_test.h"

/*
 * A test that maps an unaligned range DMA_TO_DEVICE on a device that
 * bounces it (untrusted behind an IOMMU, a 32-bit mask directly), then
 * changes one byte of the swiotlb copy; then the buffer's byte the same
 * way (the copy now follows the buffer, not what it held when mapped);
 * then puts the copy's byte back (the buffer alone changed after the
 * mapping: the copy is the snapshot); then, on a BIDIRECTIONAL mapping,
 * lets the device write into the copy. Expect V2 for the first two
 * ("differs from the buffer", "not what the buffer held"), and the
 * changed buffer and the device's write accepted.
 */
bool test_v2_copy_changed(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x123);
	const size_t len = 0x456;
	const unsigned char byte = 0x5a;
	struct dmalab_device_cfg cfg;
	unsigned char *c, *b, old;
	phys_addr_t copy;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	fill(phys, len, 1);
	dev = env_dev(&e, &cfg);
	if (!dev || !(m = map_bounced(&e, dev, phys, len, DMA_TO_DEVICE, &dma, &copy)))
		return env_abort(&e);
	c = phys_to_virt(copy);
	b = phys_to_virt(phys);
	ok &= ACCEPT(&e, check_verify(e.ck));
	old = c[0x10];
	c[0x10] = ~old;
	ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, "differs from the buffer");
	b[0x10] = ~old;
	ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, "not what the buffer held");
	c[0x10] = old;
	ok &= ACCEPT(&e, check_verify(e.ck));
	b[0x10] = old;
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);

	m = map_bounced(&e, dev, phys, len, DMA_BIDIRECTIONAL, &dma, &copy);
	if (m) {
		ok &= ACCEPT(&e, check_verify(e.ck));
		ok &= ACCEPT(&e, check_dma_write(e.ck, dev, dma + 0x10, &byte, 1));
		ok &= ACCEPT(&e, check_verify(e.ck));
		dma_unmap_phys(dev, dma, len, DMA_BIDIRECTIONAL, 0);
		check_unmap(m);
		KT_EXPECT_EQ(b[0x10], byte);
	}
	return env_fini(&e) && ok;
}

/*
 * A test on an untrusted device whose unaligned range over three granules
 * is bounced (to offset 0 of a slot: no min_align_mask), then its last
 * granule pointed at another swiotlb run, then the whole range moved to
 * straddle the end of the pool (contiguous, but its last two granules are
 * not swiotlb), each time by iommu_unmap + iommu_map, and back. Expect V2
 * for both ("not contiguous", "leaves the swiotlb pool"), and the
 * restored table accepted.
 */
bool test_v2_split_bounce(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x123);
	struct dmalab_device_cfg cfg;
	phys_addr_t copy, spare, end;
	struct check_map *m;
	struct device *dev;
	dma_addr_t dma, at;
	struct env e;
	bool ok = true;
	size_t len;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	len = 2 * e.g + 0x100;
	fill(phys, len, 2);
	dev = env_dev(&e, &cfg);
	if (!dev || !(m = map_bounced(&e, dev, phys, len, DMA_TO_DEVICE, &dma, &copy)))
		return env_abort(&e);
	ok &= ACCEPT(&e, check_verify(e.ck));
	KT_EXPECT_EQ(dma % e.g, 0);
	KT_EXPECT_EQ(copy % e.g, 0);
	at = dma + 2 * e.g;
	spare = spare_swiotlb(copy, e.g);
	end = swiotlb_end(copy);
	KT_EXPECT_NE(spare, 0);
	if (remap(&e, at, e.g, spare)) {
		ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, "not contiguous");
		ok &= remap(&e, at, e.g, copy + 2 * e.g);
		ok &= ACCEPT(&e, check_verify(e.ck));
	} else {
		ok = false;
	}
	if (remap(&e, dma, 3 * e.g, end - e.g)) {
		ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, "leaves the swiotlb pool");
		ok &= remap(&e, dma, 3 * e.g, copy);
		ok &= ACCEPT(&e, check_verify(e.ck));
	} else {
		ok = false;
	}
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test that bounces two small ranges (DMA_FROM_DEVICE: no promise about
 * the copies' bytes) and makes the second reach the first one's swiotlb
 * bytes: behind an IOMMU its granule is pointed at the first one's slot;
 * directly (the DMA address is the slot) it is recorded at the first one's
 * DMA address. Expect V2 ("share swiotlb bytes"), and the real second
 * mapping accepted.
 */
bool test_v2_shared_slot(const void *param, const void *arg)
{
	const phys_addr_t phys[2] = { buf(0, 0x10), buf(4, 0x10) };
	const enum dma_data_direction dir = DMA_FROM_DEVICE;
	const size_t len = 0x20;
	struct dmalab_device_cfg cfg;
	struct check_map *m[2] = {};
	phys_addr_t copy[2];
	struct device *dev;
	dma_addr_t dma[2];
	struct env e;
	unsigned int i;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	dev = env_dev(&e, &cfg);
	for (i = 0; dev && i < 2; i++)
		m[i] = map_bounced(&e, dev, phys[i], len, dir, &dma[i], &copy[i]);
	if (!m[0] || !m[1])
		return env_abort(&e);
	ok &= ACCEPT(&e, check_verify(e.ck));
	if (e.d) {
		/* both copies start at the same offset of their granule */
		KT_EXPECT_EQ(dma[0] % e.g, dma[1] % e.g);
		ok &= remap(&e, ALIGN_DOWN(dma[1], e.g), e.g, ALIGN_DOWN(copy[0], e.g));
		/* either V2 report: the slots are the other buffer's, and shared */
		ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, NULL);
		ok &= remap(&e, ALIGN_DOWN(dma[1], e.g), e.g, ALIGN_DOWN(copy[1], e.g));
	} else {
		check_unmap(m[1]);
		m[1] = record(&e, dev, dir, 0, dma[0], phys[1], len);
		ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, NULL);
		check_unmap(m[1]);
		m[1] = record(&e, dev, dir, 0, dma[1], phys[1], len);
	}
	ok &= ACCEPT(&e, check_verify(e.ck));
	for (i = 0; i < 2; i++) {
		dma_unmap_phys(dev, dma[i], len, dir, 0);
		check_unmap(m[i]);
	}
	return env_fini(&e) && ok;
}

/*
 * A test that the bounce rule is read from the device: a range bounced by
 * one device (untrusted behind an IOMMU; a 32-bit mask directly) is
 * recorded as that device's mapping, then as the mapping of a device that
 * may not bounce it (trusted on the same domain; a 64-bit mask directly),
 * which finds its bytes in a swiotlb slot. Expect the first accepted, the
 * second reported (V1, or V2), the page table and the slot being the same.
 */
bool test_bounce_rule(const void *param, const void *arg)
{
	const struct dmalab_device_cfg plain = { .name = "plain", .coherent = true };
	const phys_addr_t phys = buf(0, 0x123);
	const size_t len = 0x456;
	struct dmalab_device_cfg cfg;
	struct device *bdev, *pdev;
	struct check_map *m;
	phys_addr_t copy;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	fill(phys, len, 3);
	bdev = env_dev(&e, &cfg);
	pdev = env_dev(&e, &plain);
	if (!bdev || !pdev || !(m = map_bounced(&e, bdev, phys, len, DMA_TO_DEVICE, &dma, &copy)))
		return env_abort(&e);
	ok &= ACCEPT(&e, check_verify(e.ck));
	check_unmap(m);
	m = record(&e, pdev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= REJECT(&e, check_verify(e.ck), INV(V1) | INV(V2), 0, NULL);
	check_unmap(m);
	dma_unmap_phys(bdev, dma, len, DMA_TO_DEVICE, 0);
	return env_fini(&e) && ok;
}

/*
 * A test that a bounce copy belongs to the buffer swiotlb made it for: two
 * granules starting 0x123 into a page are bounced (to offset 0 of a slot),
 * and the copy is recorded as reaching another buffer with the same bytes
 * that starts 0x800 into a page (off a 4 KiB granule, so the device may
 * bounce it; aligned to a 2 KiB one, where it may not). Expect V2 on every
 * granule (swiotlb's slots record the first buffer, not this one; V1 where
 * no bounce is allowed at all); the true record accepted everywhere.
 */
bool test_bounce_granule(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x123), same = buf(8, 0x800);
	struct dmalab_device_cfg cfg;
	struct check_map *m;
	struct device *dev;
	phys_addr_t copy;
	struct env e;
	dma_addr_t dma;
	bool ok = true;
	size_t len;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	len = 2 * e.g;
	fill(phys, len, 5);
	memcpy(phys_to_virt(same), phys_to_virt(phys), len);
	dev = env_dev(&e, &cfg);
	if (!dev || !(m = map_bounced(&e, dev, phys, len, DMA_TO_DEVICE, &dma, &copy)))
		return env_abort(&e);
	KT_EXPECT_EQ(dma % e.g, 0);
	ok &= ACCEPT(&e, check_verify(e.ck));
	check_unmap(m);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, same, len);
	ok &= REJECT(&e, check_verify(e.ck), INV(V1) | INV(V2), 0, NULL);
	check_unmap(m);
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	return env_fini(&e) && ok;
}

/*
 * A test with a poisoned swiotlb pool (stale bytes everywhere): an
 * untrusted device with a min_align_mask of its granule (the offset is
 * kept, so both ends have padding) bounces a range that is off its granule
 * at both ends; then one byte of the head padding, then one of the tail
 * padding, is made non-zero. Which bytes are padding depends on the
 * granule (0x923 bytes of head in a 4 KiB granule, 0x123 in a 2 KiB one).
 * Expect V8 ("padding of a bounced granule") for each, and the padding the
 * kernel zeroed accepted.
 */
bool test_v8_padding(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x923);
	const size_t len = 0x456;
	struct dmalab_device_cfg cfg = { .name = "untrusted", .coherent = true, .untrusted = true };
	phys_addr_t copy, pad[2];
	unsigned char *v, old;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	unsigned int i;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	cfg.min_align_mask = e.g - 1;
	fill(phys, len, 4);
	dev = env_dev(&e, &cfg);
	if (!dev || !ACCEPT(&e, check_poison_swiotlb(e.ck, 0xa5)) ||
	    !(m = map_bounced(&e, dev, phys, len, DMA_TO_DEVICE, &dma, &copy)))
		return env_abort(&e);
	KT_EXPECT_EQ(dma & (e.g - 1), phys & (e.g - 1));
	ok &= ACCEPT(&e, check_verify(e.ck));
	pad[0] = reach(&e, dev, ALIGN_DOWN(dma, e.g));		/* the head's first byte */
	pad[1] = reach(&e, dev, ALIGN(dma + len, e.g) - 1);	/* the tail's last */
	for (i = 0; i < 2; i++) {
		KT_EXPECT(dmalab_is_swiotlb_addr(pad[i]));
		v = phys_to_virt(pad[i]);
		old = *v;
		KT_EXPECT_EQ(old, 0);
		*v = 0xa5;
		ok &= REJECT(&e, check_verify(e.ck), INV(V8), 0, "padding of a bounced granule");
		*v = old;
		ok &= ACCEPT(&e, check_verify(e.ck));
	}
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test with a trusted and an untrusted device on one domain: the trusted
 * one maps a range off its granule at both ends (no bounce: the partial
 * granules map the RAM around it), and the mapping is recorded as the
 * untrusted device's, then as its own. Expect V8 ("untrusted device
 * reaches" RAM outside its ranges), and the trusted device's accepted.
 */
bool test_v8_ram_reached(const void *param, const void *arg)
{
	const struct dmalab_device_cfg tcfg = { .name = "trusted", .coherent = true };
	const struct dmalab_device_cfg ucfg = {
		.name = "untrusted", .coherent = true, .untrusted = true,
	};
	const phys_addr_t phys = buf(0, 0x123);
	const size_t len = 0x456;
	struct device *tdev, *udev;
	struct check_map *m;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	tdev = env_dev(&e, &tcfg);
	udev = env_dev(&e, &ucfg);
	if (!tdev || !udev || !map_phys(tdev, phys, len, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	KT_EXPECT_EQ(reach(&e, tdev, dma), phys);
	m = record(&e, udev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= REJECT(&e, check_verify(e.ck), INV(V8), 0, "untrusted device reaches");
	check_unmap(m);
	m = record(&e, tdev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(tdev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test that bounces an unaligned range DMA_FROM_DEVICE (untrusted behind
 * an IOMMU, a 32-bit mask directly) and changes one byte of the swiotlb
 * copy. swiotlb_tbl_map_single() copies the buffer into the slot whatever
 * the direction, "to preserve the original's data if the device does a
 * partial write" (the unmap copies the whole slot back; stale pool bytes
 * would clobber the buffer, and the device would read them). Expect V2 for
 * the changed copy (V8 would do for an untrusted device), the copy as the
 * kernel made it accepted. (A gap of the checker until V2 compared copies
 * in every direction.)
 */
bool test_v2_from_device_copy(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x123);
	const size_t len = 0x456;
	struct dmalab_device_cfg cfg;
	struct check_map *m;
	struct device *dev;
	unsigned char *c;
	phys_addr_t copy;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	fill(phys, len, 6);
	dev = env_dev(&e, &cfg);
	if (!dev || !(m = map_bounced(&e, dev, phys, len, DMA_FROM_DEVICE, &dma, &copy)))
		return env_abort(&e);
	c = phys_to_virt(copy);
	KT_EXPECT(!memcmp(c, phys_to_virt(phys), len));
	ok &= ACCEPT(&e, check_verify(e.ck));
	c[0x10] = ~c[0x10];
	ok &= REJECT(&e, check_verify(e.ck), INV(V2) | INV(V8), 0, NULL);
	c[0x10] = ~c[0x10];
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_FROM_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test that bounces a range within one granule and makes the device
 * reach an exact copy of the slot (data and zeroed padding) in a run of
 * the pool that swiotlb has not allocated: behind an IOMMU by pointing the
 * granule there, directly by recording that run as the DMA address. The
 * run is free, swiotlb may hand it to anyone at any time. Expect V2 (the
 * checker reads swiotlb's own record of which buffer a slot holds), and
 * the allocated slot accepted. (A gap of the checker until it did.)
 */
bool test_v2_unallocated_slot(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x123);
	const size_t len = 0x456;
	struct dmalab_device_cfg cfg;
	phys_addr_t copy, spare;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	fill(phys, len, 7);
	dev = env_dev(&e, &cfg);
	if (!dev || !(m = map_bounced(&e, dev, phys, len, DMA_TO_DEVICE, &dma, &copy)))
		return env_abort(&e);
	ok &= ACCEPT(&e, check_verify(e.ck));
	spare = spare_swiotlb(copy, e.g);
	KT_EXPECT_NE(spare, 0);
	memcpy(phys_to_virt(spare), phys_to_virt(ALIGN_DOWN(copy, e.g)), e.g);
	if (e.d) {
		if (remap(&e, ALIGN_DOWN(dma, e.g), e.g, spare)) {
			ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, NULL);
			ok &= remap(&e, ALIGN_DOWN(dma, e.g), e.g, ALIGN_DOWN(copy, e.g));
		}
	} else {
		check_unmap(m);
		m = record(&e, dev, DMA_TO_DEVICE, 0, spare + copy % e.g, phys, len);
		ok &= REJECT(&e, check_verify(e.ck), INV(V2), 0, NULL);
		check_unmap(m);
		m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	}
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}
