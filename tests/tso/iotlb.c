// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tso suite: the IOTLB sync of the IOVA path. An IOMMU that caches
 * not-present entries (Intel caching mode, AMD NpCache, virtio-iommu)
 * has an iotlb_sync_map() op: dma_iova_sync() after the links is what
 * makes the new translations visible to the device. No modelled page
 * table has one, so this test gives the domain a copy of its ops with a
 * recording iotlb_sync_map().
 */
#include "tests/tso/tso.h"

#include <linux/iommu.h>

#define MAX_SYNCS	8

static struct {
	unsigned int n;
	unsigned long iova[MAX_SYNCS];
	size_t size[MAX_SYNCS];
} syncs;

static int record_sync_map(struct iommu_domain *domain, unsigned long iova, size_t size)
{
	if (syncs.n < MAX_SYNCS) {
		syncs.iova[syncs.n] = iova;
		syncs.size[syncs.n] = size;
	}
	syncs.n++;
	return 0;
}

/*
 * A test of the range tso_dma_map_init() syncs on the IOVA path: frags of
 * whole pages, page-aligned (3 pages of payload, headers alone in the
 * linear part), so the linked range ends on a granule. Kernel-doc: "one
 * contiguous mapping, one IOTLB sync" of the payload, dma_iova_sync(dev,
 * state, 0, total_len). Expect the IOVA path and one iotlb_sync_map() of
 * exactly the granules the state's [addr, addr + payload) covers: a
 * range short of it leaves the device stale translations, one past it
 * syncs IOVA nobody linked (an off-by-one in the offset or the length).
 */
bool test_iova_sync_range(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct tso_skb_desc h = {
		.linear = BUF(100, 0x40), .linear_len = HDR_LEN, .nr_frags = 2,
		.frags = { { BUF(0, 0), P }, { BUF(7, 0), 2 * P } },
	};
	const u64 payload = 3 * P;
	struct iommu_domain_ops ops;
	const struct iommu_domain_ops *saved;
	struct iommu_domain *domain;
	struct tso_check_result r;
	unsigned long granule;
	dma_addr_t first, end;
	struct env e;
	bool ok;

	if (!p->iommu)
		KT_SKIP("no IOMMU: no IOTLB");
	if (!env_init(&e, p))
		return env_fini(&e) && false;
	domain = dmalab_domain_iommu(e.td.d);
	saved = domain->ops;
	ops = *saved;
	ops.iotlb_sync_map = record_sync_map;
	domain->ops = &ops;
	memset(&syncs, 0, sizeof(syncs));
	ok = drive(&e, &h, MSS, NULL, 0, &r);
	domain->ops = saved;
	if (ok && (r.ret || !r.iova))
		kt_report(__FILE__, __LINE__, "init %d on the %s path: expected the IOVA path",
			  r.ret, r.iova ? "IOVA" : "fallback"), ok = false;
	/* the IOVA allocator's granule: the smallest page size of the domain */
	granule = 1UL << __ffs(domain->pgsize_bitmap);
	first = ALIGN_DOWN(r.iova_addr, granule);
	end = ALIGN(r.iova_addr + payload, granule);
	if (ok && (syncs.n != 1 || syncs.iova[0] != first || syncs.size[0] != end - first))
		kt_report(__FILE__, __LINE__, "%u iotlb_sync_map() calls, the first %#lx+%#zx: "
			  "expected one, %#llx+%#llx", syncs.n, syncs.iova[0], syncs.size[0],
			  (unsigned long long)first, (unsigned long long)(end - first)), ok = false;
	return env_fini(&e) && ok;
}
