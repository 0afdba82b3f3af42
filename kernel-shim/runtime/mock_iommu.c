// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mock IOMMU: domains whose page table is one of the kernel's
 * generic_pt formats (compiled from drivers/iommu/generic_pt), set up the
 * way the AMD driver and the iommufd selftest set them up, with DMA cookies
 * from dma-iommu.c; and mock PCI devices attached to them.
 *
 * The IOTLB is not modelled as a cache: the mock counts the invalidations
 * the kernel asks for (ranged syncs and whole-domain flushes) and frees the
 * page-table pages gathered for freeing once they are invalidated, as a
 * real driver must. Map and unmap are counted behind the domain's own ops:
 * the mock puts counting wrappers around the page table's pt_iommu_ops, so
 * the IOMMU core (iommu_core.c) drives it as it drives any domain.
 */
#include <stdlib.h>

#include <linux/iommu.h>
#include <linux/iommu-dma.h>
#include <linux/generic_pt/iommu.h>
#include <linux/dma-mapping.h>
#include <linux/dma-map-ops.h>
#include <linux/swiotlb.h>
#include <linux/pci.h>
#include <dmalab/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <dmalab/iommu.h>
#include "iommu_core.h"
#include "internal.h"

/* the tree's private headers (kernel-headers.txt) */
#include <drivers/iommu/dma-iommu.h>
#include <drivers/iommu/iommu-pages.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

struct dmalab_domain {
	union {
		struct pt_iommu pt;
		struct pt_iommu_x86_64 x86_64;
		struct pt_iommu_amdv1 amdv1;
		struct iommu_domain identity;
	};
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	struct iommu_group group;
	/* the table's own ops, and the counting copy the domain uses */
	const struct pt_iommu_ops *table_ops;
	struct pt_iommu_ops counted_ops;
	spinlock_t top_lock;
	/*
	 * The statistics, per thread (dmalab_thread_slot()) so that a map
	 * takes no lock of ours, summed when read; host memory (calloc), as
	 * the harness's, so the domain's size class stays what a driver's is.
	 */
	struct domain_counters *cnt;
	unsigned int devices;
	/*
	 * The last DMALAB_DOMAIN_CHANGES map/unmap ranges, change_seq the
	 * number of the last, kept (under changes_lock) once a checker has
	 * asked for them: host memory too.
	 */
	spinlock_t changes_lock;
	bool log_changes;
	struct dmalab_iova_range *changes;
	u64 change_seq;
	int last_prot;		/* of the last map_range call, -1: none yet */
};

struct domain_counters {
	u64 map_calls, unmap_calls, bytes_mapped, bytes_unmapped;
	u64 iotlb_syncs, iotlb_flush_all, bytes_invalidated;
	s64 mapped_now;
} __attribute__((aligned(64)));

static struct domain_counters *my_counters(struct dmalab_domain *d)
{
	return &d->cnt[dmalab_thread_slot()];
}

static_assert(offsetof(struct dmalab_domain, pt.domain) == 0);
static_assert(offsetof(struct dmalab_domain, x86_64.iommu.domain) == 0);
static_assert(offsetof(struct dmalab_domain, amdv1.iommu.domain) == 0);

static struct dmalab_domain *to_dmalab(struct iommu_domain *domain)
{
	return container_of(domain, struct dmalab_domain, pt.domain);
}

struct iommu_domain *dmalab_domain_iommu(struct dmalab_domain *d)
{
	return &d->pt.domain;
}

static const char *const format_names[DMALAB_PT_NR_FORMATS] = {
	[DMALAB_PT_X86_64] = "x86_64",
	[DMALAB_PT_AMDV1] = "amdv1",
	[DMALAB_PT_AMDV1_MOCK] = "amdv1_mock",
};

const char *dmalab_pt_format_name(enum dmalab_pt_format f)
{
	return f < DMALAB_PT_NR_FORMATS ? format_names[f] : "?";
}

enum dmalab_pt_format dmalab_pt_format_from_name(const char *name)
{
	enum dmalab_pt_format f;

	for (f = 0; f < DMALAB_PT_NR_FORMATS; f++)
		if (!strcmp(name, format_names[f]))
			break;
	return f;
}

/* ---- statistics: the page table's map_range/unmap_range, counted ---- */

/*
 * The IOMMU core calls map_range once per iommu_map_nosync() and
 * unmap_range once per unmap that reaches the table, so these count what
 * struct dmalab_iommu_stats promises.
 */
/* the table is about to be asked to change [iova, iova + len) */
static void log_change(struct dmalab_domain *d, dma_addr_t iova, dma_addr_t len)
{
	if (!len || !READ_ONCE(d->log_changes))
		return;
	spin_lock(&d->changes_lock);
	d->changes[d->change_seq++ % DMALAB_DOMAIN_CHANGES] =
		(struct dmalab_iova_range){ iova, iova + len - 1 };
	spin_unlock(&d->changes_lock);
}

void dmalab_domain_count_map(struct dmalab_domain *d, size_t bytes)
{
	struct domain_counters *c = my_counters(d);

	dmalab_counter_add(&c->map_calls, 1);
	dmalab_counter_add(&c->bytes_mapped, bytes);
	dmalab_counter_add(&c->mapped_now, bytes);
}

static int mock_map_range(struct pt_iommu *pt, dma_addr_t iova, phys_addr_t paddr,
			  dma_addr_t len, unsigned int prot, gfp_t gfp, size_t *mapped)
{
	struct dmalab_domain *d = container_of(pt, struct dmalab_domain, pt);
	size_t before = *mapped;
	int ret;

	log_change(d, iova, len);
	WRITE_ONCE(d->last_prot, prot);
	ret = d->table_ops->map_range(pt, iova, paddr, len, prot, gfp, mapped);
	dmalab_domain_count_map(d, *mapped - before);
	return ret;
}

static size_t mock_unmap_range(struct pt_iommu *pt, dma_addr_t iova, dma_addr_t len,
			       struct iommu_iotlb_gather *gather)
{
	struct dmalab_domain *d = container_of(pt, struct dmalab_domain, pt);
	struct domain_counters *c = my_counters(d);
	size_t unmapped;

	log_change(d, iova, len);
	unmapped = d->table_ops->unmap_range(pt, iova, len, gather);
	dmalab_counter_add(&c->unmap_calls, 1);
	dmalab_counter_add(&c->bytes_unmapped, unmapped);
	dmalab_counter_add(&c->mapped_now, -(s64)unmapped);
	return unmapped;
}

/* after the table's init: the domain uses a counting copy of its ops */
static void count_table_ops(struct dmalab_domain *d)
{
	d->table_ops = d->pt.ops;
	d->counted_ops = *d->pt.ops;
	d->counted_ops.map_range = mock_map_range;
	d->counted_ops.unmap_range = mock_unmap_range;
	d->pt.ops = &d->counted_ops;
}

int dmalab_domain_last_prot(struct dmalab_domain *d)
{
	return READ_ONCE(d->last_prot);
}

void dmalab_domain_stats(struct dmalab_domain *d, struct dmalab_iommu_stats *st)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; d->cnt && i < DMALAB_THREAD_SLOTS; i++) {
		struct domain_counters *c = &d->cnt[i];

		st->map_calls += dmalab_counter_read(&c->map_calls);
		st->unmap_calls += dmalab_counter_read(&c->unmap_calls);
		st->bytes_mapped += dmalab_counter_read(&c->bytes_mapped);
		st->bytes_unmapped += dmalab_counter_read(&c->bytes_unmapped);
		st->iotlb_syncs += dmalab_counter_read(&c->iotlb_syncs);
		st->iotlb_flush_all += dmalab_counter_read(&c->iotlb_flush_all);
		st->bytes_invalidated += dmalab_counter_read(&c->bytes_invalidated);
	}
	st->table_pages = dmalab_node_stat(NR_IOMMU_PAGES);
}

u64 dmalab_domain_mapped_bytes(struct dmalab_domain *d)
{
	s64 n = 0;
	unsigned int i;

	for (i = 0; d->cnt && i < DMALAB_THREAD_SLOTS; i++)
		n += dmalab_counter_read(&d->cnt[i].mapped_now);
	return n;
}

u64 dmalab_domain_change_seq(struct dmalab_domain *d)
{
	u64 seq;

	spin_lock(&d->changes_lock);
	WRITE_ONCE(d->log_changes, d->changes != NULL);
	seq = d->change_seq;
	spin_unlock(&d->changes_lock);
	return seq;
}

int dmalab_domain_changes(struct dmalab_domain *d, u64 *since, struct dmalab_iova_range *out,
			  unsigned int max)
{
	u64 n, i;

	if (!d->changes)
		return -1;
	spin_lock(&d->changes_lock);
	n = d->change_seq - *since;
	/* until a checker first asks, nothing is kept: anything may have changed */
	if (!d->log_changes || *since > d->change_seq || n > DMALAB_DOMAIN_CHANGES || n > max) {
		WRITE_ONCE(d->log_changes, true);
		*since = d->change_seq;
		spin_unlock(&d->changes_lock);
		return -1;
	}
	for (i = 0; i < n; i++)
		out[i] = d->changes[(*since + i) % DMALAB_DOMAIN_CHANGES];
	*since = d->change_seq;
	spin_unlock(&d->changes_lock);
	return n;
}

/* ---- the domain ops a driver provides around the generic page table ---- */

static void mock_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather)
{
	struct dmalab_domain *d = to_dmalab(domain);

	struct domain_counters *c = my_counters(d);

	dmalab_counter_add(&c->iotlb_syncs, 1);
	if (gather->end >= gather->start)
		dmalab_counter_add(&c->bytes_invalidated, gather->end - gather->start + 1);
	/* the tables unhooked by unmap may go once the IOTLB forgot them */
	iommu_put_pages_list(&gather->freelist);
}

static void mock_flush_iotlb_all(struct iommu_domain *domain)
{
	struct dmalab_domain *d = to_dmalab(domain);

	dmalab_counter_add(&my_counters(d)->iotlb_flush_all, 1);
}

static const struct iommu_domain_ops x86_64_ops = {
	IOMMU_PT_DOMAIN_OPS(x86_64),
	.iotlb_sync = mock_iotlb_sync,
	.flush_iotlb_all = mock_flush_iotlb_all,
};

static const struct iommu_domain_ops amdv1_ops = {
	IOMMU_PT_DOMAIN_OPS(amdv1),
	.iotlb_sync = mock_iotlb_sync,
	.flush_iotlb_all = mock_flush_iotlb_all,
};

static const struct iommu_domain_ops amdv1_mock_ops = {
	IOMMU_PT_DOMAIN_OPS(amdv1_mock),
	.iotlb_sync = mock_iotlb_sync,
	.flush_iotlb_all = mock_flush_iotlb_all,
};

/* a driver's identity domain has ops too, with nothing that maps */
static const struct iommu_domain_ops identity_ops = {};

static void mock_change_top(struct pt_iommu *iommu_table, phys_addr_t top_paddr,
			    unsigned int top_level)
{
	/* a real driver rewrites its device table entries; ours has none */
}

static spinlock_t *mock_get_top_lock(struct pt_iommu *iommu_table)
{
	return &container_of(iommu_table, struct dmalab_domain, pt)->top_lock;
}

static const struct pt_iommu_driver_ops mock_driver_ops = {
	.change_top = mock_change_top,
	.get_top_lock = mock_get_top_lock,
};

static int init_page_table(struct dmalab_domain *d, const struct dmalab_domain_cfg *cfg)
{
	d->pt.nid = NUMA_NO_NODE;
	d->pt.driver_ops = &mock_driver_ops;

	switch (cfg->format) {
	case DMALAB_PT_X86_64: {
		/* as the AMD driver's v2 table: 4 levels, 47-bit */
		struct pt_iommu_x86_64_cfg c = {};

		c.common.features = BIT(PT_FEAT_FLUSH_RANGE);
		c.common.hw_max_vasz_lg2 = cfg->va_bits ? cfg->va_bits : 47;
		c.common.hw_max_oasz_lg2 = 52;
		c.top_level = c.common.hw_max_vasz_lg2 > 47 ? 4 : 3;
		d->pt.domain.ops = &x86_64_ops;
		return pt_iommu_x86_64_init(&d->x86_64, &c, GFP_KERNEL);
	}
	case DMALAB_PT_AMDV1: {
		/* as the AMD driver's v1 table: growing top, 3 levels to start */
		struct pt_iommu_amdv1_cfg c = {};

		/* the features the format forces on, as the AMD driver sets them */
		c.common.features = BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE) |
				    BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES) |
				    BIT(PT_FEAT_AMDV1_FORCE_COHERENCE);
		c.common.hw_max_vasz_lg2 = cfg->va_bits ? cfg->va_bits : 48;
		c.common.hw_max_oasz_lg2 = 52;
		c.starting_level = 2;
		d->pt.domain.ops = &amdv1_ops;
		return pt_iommu_amdv1_init(&d->amdv1, &c, GFP_KERNEL);
	}
	case DMALAB_PT_AMDV1_MOCK: {
		/* as the iommufd selftest's mock domain: 2 KiB granule */
		struct pt_iommu_amdv1_cfg c = {};

		c.common.hw_max_vasz_lg2 = cfg->va_bits ? cfg->va_bits : 56;
		c.common.hw_max_oasz_lg2 = 51;
		c.starting_level = 2;
		d->pt.domain.ops = &amdv1_mock_ops;
		return pt_iommu_amdv1_mock_init(&d->amdv1, &c, GFP_KERNEL);
	}
	default:
		return -EINVAL;
	}
}

struct dmalab_domain *dmalab_domain_create(const struct dmalab_domain_cfg *cfg, int *err)
{
	struct dmalab_domain *d;
	int ret;

	d = kzalloc_obj(*d);
	if (!d) {
		ret = -ENOMEM;
		goto fail;
	}
	spin_lock_init(&d->top_lock);
	spin_lock_init(&d->changes_lock);
	d->format = cfg->format;
	d->last_prot = -1;
	d->kind = cfg->kind;
	if (cfg->kind != DMALAB_DOMAIN_IDENTITY) {
		d->changes = calloc(DMALAB_DOMAIN_CHANGES, sizeof(*d->changes));
		d->cnt = aligned_alloc(64, DMALAB_THREAD_SLOTS * sizeof(*d->cnt));
		if (!d->changes || !d->cnt)
			abort();
		memset(d->cnt, 0, DMALAB_THREAD_SLOTS * sizeof(*d->cnt));
	}
	d->group.domain = &d->pt.domain;
	d->group.default_domain = &d->pt.domain;

	if (cfg->kind == DMALAB_DOMAIN_IDENTITY) {
		d->identity.type = IOMMU_DOMAIN_IDENTITY;
		d->identity.ops = &identity_ops;
		return d;
	}

	ret = init_page_table(d, cfg);
	if (ret)
		goto fail_free;
	count_table_ops(d);
	if (cfg->pgsize_bitmap) {
		d->pt.domain.pgsize_bitmap &= cfg->pgsize_bitmap;
		if (!d->pt.domain.pgsize_bitmap) {
			ret = -EINVAL;
			goto fail_deinit;
		}
	}
	/* the core's default-domain set-up: type, then the DMA cookie */
	d->pt.domain.type = cfg->kind == DMALAB_DOMAIN_DMA_FQ ?
			    IOMMU_DOMAIN_DMA_FQ : IOMMU_DOMAIN_DMA;
	ret = iommu_get_dma_cookie(&d->pt.domain);
	if (ret)
		goto fail_deinit;
	return d;

fail_deinit:
	pt_iommu_deinit(&d->pt);
fail_free:
	free(d->changes);
	free(d->cnt);
	kfree(d);
fail:
	if (err)
		*err = ret;
	return NULL;
}

void dmalab_domain_destroy(struct dmalab_domain *d)
{
	if (!d)
		return;
	WARN(d->devices, "dmalab: domain destroyed with %u devices attached", d->devices);
	if (d->kind != DMALAB_DOMAIN_IDENTITY) {
		iommu_put_dma_cookie(&d->pt.domain);
		pt_iommu_deinit(&d->pt);
	}
	free(d->changes);
	free(d->cnt);
	kfree(d);
}

/* ---- devices ---- */

struct dmalab_dev {
	struct pci_dev pdev;
	struct device_dma_parameters parms;
	struct dev_iommu iommu;
	u64 dma_mask;
	struct dmalab_domain *domain;
	bool deferred_flush;
};

static struct dmalab_dev *to_dd(struct device *dev)
{
	return container_of(to_pci_dev(dev), struct dmalab_dev, pdev);
}

/* the driver's iommu_ops: what the core asks of it about a device */
static bool mock_capable(struct device *dev, enum iommu_cap cap)
{
	switch (cap) {
	case IOMMU_CAP_CACHE_COHERENCY:
		return true;
	case IOMMU_CAP_DEFERRED_FLUSH:
		return to_dd(dev)->deferred_flush;
	default:
		return false;
	}
}

static const struct iommu_ops mock_iommu_ops = {
	.capable = mock_capable,
};

static struct iommu_device mock_iommu_device = {
	.ops = &mock_iommu_ops,
};

struct dmalab_domain *dmalab_device_domain(struct device *dev)
{
	return to_dd(dev)->domain;
}

struct device *dmalab_device_create(const struct dmalab_device_cfg *cfg,
				    struct dmalab_domain *d, int *err)
{
	struct dmalab_dev *dd;
	struct device *dev;
	u64 mask = cfg->dma_mask ? cfg->dma_mask : DMA_BIT_MASK(64);
	int ret;

	dd = kzalloc_obj(*dd);
	if (!dd) {
		ret = -ENOMEM;
		goto fail;
	}
	dev = &dd->pdev.dev;
	dev->init_name = cfg->name;
	if (cfg->pci)
		dmalab_pci_dev_init(&dd->pdev, cfg->pci->bus, cfg->pci->devfn,
				    cfg->pci->vendor, cfg->pci->device, cfg->pci->pcie_type);
	else
		dmalab_pci_dev_init(&dd->pdev, &dmalab_root_bus, 0, PCI_VENDOR_ID_REDHAT_QUMRANET,
				    0x1000, PCI_EXP_TYPE_ENDPOINT);
	dd->pdev.untrusted = cfg->untrusted;
	dd->deferred_flush = !cfg->no_deferred_flush;
	dev->numa_node = NUMA_NO_NODE;

	/* what the PCI core sets up before a driver binds */
	dd->dma_mask = DMA_BIT_MASK(32);
	dev->dma_mask = &dd->dma_mask;
	dev->coherent_dma_mask = DMA_BIT_MASK(32);
	dev->bus_dma_limit = cfg->bus_dma_limit;
	dev->dma_range_map = cfg->dma_range_map;
	dev->dma_parms = &dd->parms;
	dma_set_max_seg_size(dev, cfg->max_segment_size ? cfg->max_segment_size : SZ_64K);
	dma_set_seg_boundary(dev, cfg->segment_boundary ? cfg->segment_boundary :
			     DMA_BIT_MASK(32));
	dma_set_min_align_mask(dev, cfg->min_align_mask);
	dev_assign_dma_coherent(dev, cfg->coherent);
	swiotlb_dev_init(dev);

	/* iommu_probe_device() and the default domain's attach */
	if (d) {
		/*
		 * The core gives an untrusted device a strict domain, never a
		 * flush queue (iommu_get_default_domain_type()): downgrade the
		 * domain if this device comes first, refuse it otherwise.
		 */
		if (cfg->untrusted && d->pt.domain.type == IOMMU_DOMAIN_DMA_FQ) {
			if (d->devices) {
				ret = -EINVAL;
				kfree(dd);
				goto fail;
			}
			d->pt.domain.type = IOMMU_DOMAIN_DMA;
			d->kind = DMALAB_DOMAIN_DMA;
		}
		dd->domain = d;
		dd->iommu.iommu_dev = &mock_iommu_device;
		dd->iommu.shadow_on_flush = cfg->shadow_on_flush;
		dev->iommu = &dd->iommu;
		dev->iommu_group = &d->group;
		d->devices++;
		iommu_setup_dma_ops(dev, &d->pt.domain);
	}

	/* and what the driver does first */
	ret = dma_set_mask_and_coherent(dev, mask);
	if (ret) {
		dmalab_device_destroy(dev);
		goto fail;
	}
	return dev;

fail:
	if (err)
		*err = ret;
	return NULL;
}

void dmalab_device_destroy(struct device *dev)
{
	struct dmalab_dev *dd;

	if (!dev)
		return;
	dd = to_dd(dev);
	dmalab_pci_dev_remove(&dd->pdev);
	if (dd->domain)
		dd->domain->devices--;
	kfree(dd);
}

DMALAB_NOCOV_END
