/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mock IOMMU and mock devices (kernel-shim/runtime/mock_iommu.c).
 *
 * A domain is a real page table of one of the kernel's generic_pt formats,
 * compiled from the tree, driven through our IOMMU core (iommu_core.c) as
 * the kernel's iommu.c drives it. A device is a PCI function on a mock host
 * bridge, with the DMA properties dma-iommu and dma-direct read, attached
 * to a domain (or to none: then the kernel maps it directly).
 */
#ifndef _DMALAB_IOMMU_H
#define _DMALAB_IOMMU_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/iommu.h>

enum dmalab_pt_format {
	DMALAB_PT_X86_64,	/* x86-64 / AMD v2 4-level: 4K 2M 1G */
	DMALAB_PT_AMDV1,	/* AMD v1: every power of two from 4K */
	DMALAB_PT_AMDV1_MOCK,	/* iommufd selftest's AMD v1 variant: 2K granule */
	DMALAB_PT_NR_FORMATS,
};

enum dmalab_domain_kind {
	DMALAB_DOMAIN_DMA,	/* strict: unmap invalidates the IOTLB at once */
	DMALAB_DOMAIN_DMA_FQ,	/* lazy: unmaps go through the flush queue */
	DMALAB_DOMAIN_IDENTITY,	/* passthrough: dma-direct maps the device */
};

struct dmalab_domain_cfg {
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	unsigned int va_bits;		/* input address width, 0: format default */
	u64 pgsize_bitmap;		/* restrict page sizes, 0: all the format has */
};

/* What the IOMMU did, as a user would count it. */
struct dmalab_iommu_stats {
	u64 map_calls;		/* iommu_map_nosync() */
	u64 unmap_calls;	/* iommu_unmap_fast()/iommu_unmap() */
	u64 bytes_mapped;	/* total mapped by map calls */
	u64 bytes_unmapped;
	u64 table_pages;	/* page-table pages allocated now (all domains) */
	u64 iotlb_syncs;	/* ranged invalidations (iotlb_sync) */
	u64 iotlb_flush_all;	/* whole-domain invalidations (flush queue) */
	u64 bytes_invalidated;	/* sum of ranged invalidation lengths */
};

struct dmalab_domain;

/* NULL with -errno in *err if the configuration cannot be built. */
struct dmalab_domain *dmalab_domain_create(const struct dmalab_domain_cfg *cfg, int *err);
void dmalab_domain_destroy(struct dmalab_domain *d);
struct iommu_domain *dmalab_domain_iommu(struct dmalab_domain *d);
const char *dmalab_pt_format_name(enum dmalab_pt_format f);
/* The format of that name, or DMALAB_PT_NR_FORMATS if there is none. */
enum dmalab_pt_format dmalab_pt_format_from_name(const char *name);
void dmalab_domain_stats(struct dmalab_domain *d, struct dmalab_iommu_stats *st);
/*
 * The IOMMU_* permissions (IOMMU_READ: the device may read, IOMMU_WRITE:
 * it may write, IOMMU_CACHE, IOMMU_MMIO, IOMMU_PRIV) of the last map the
 * domain's page table was asked to make: what its entries are written
 * with. -1 before the first.
 */
int dmalab_domain_last_prot(struct dmalab_domain *d);
/*
 * What the domain's map_range wrapper adds to each call: its statistics
 * (exported so the shim benchmarks can price it; nothing else calls it).
 */
void dmalab_domain_count_map(struct dmalab_domain *d, size_t bytes);
/* Bytes the page table translates now (counted from map/unmap results). */
u64 dmalab_domain_mapped_bytes(struct dmalab_domain *d);

/*
 * Where the page table may have changed: the IOVA range of every
 * map_range and unmap_range call the IOMMU core made on the domain's table
 * (as it asked, whatever the table did), numbered from 1 in order, from
 * the first call of either function below on (until then a map pays
 * nothing for the log: benchmarks never ask). The last
 * DMALAB_DOMAIN_CHANGES are kept. dmalab_domain_change_seq() is the number
 * of the last one (0: none yet). dmalab_domain_changes() copies those
 * after number *since into out[0..max), sets *since to the last and
 * returns how many; -1 if some of them are no longer kept, were never
 * logged or do not fit in max: then anything may have changed. For
 * checkers that verify only what can have changed since they last looked
 * (oracle/checker.h).
 */
#define DMALAB_DOMAIN_CHANGES	256
struct dmalab_iova_range {
	u64 start, last;	/* inclusive */
};
u64 dmalab_domain_change_seq(struct dmalab_domain *d);
int dmalab_domain_changes(struct dmalab_domain *d, u64 *since, struct dmalab_iova_range *out,
			  unsigned int max);

/*
 * A census of every IOMMU page-table page (those iommu-pages.c accounts as
 * NR_SECONDARY_PAGETABLE): how many there are and how many of their 8-byte
 * entries are non-zero. The difference of two censuses around an operation
 * is the number of entries it wrote (made present) or cleared: the "PTE
 * writes" of that operation, table entries included. It reads every table
 * page, so it is for reports, not for hot loops.
 */
struct dmalab_pt_census {
	u64 table_pages;
	u64 entries_present;
};
void dmalab_pt_census(struct dmalab_pt_census *c);

struct dmalab_device_cfg {
	const char *name;
	u64 dma_mask;			/* 0: 64 bits */
	u64 bus_dma_limit;		/* 0: none */
	bool coherent;
	bool untrusted;			/* external-facing: dma-iommu bounces */
	unsigned int max_segment_size;	/* 0: the kernel default (64K) */
	unsigned long segment_boundary;	/* 0: the kernel default (4G - 1) */
	unsigned int min_align_mask;
	bool no_deferred_flush;		/* IOMMU_CAP_DEFERRED_FLUSH false */
	/*
	 * Its IOMMU shadows the IOTLB flushes (Intel caching mode,
	 * virtio-iommu: dev->iommu->shadow_on_flush): dma-iommu gives a
	 * flush-queue domain one large queue instead of one per CPU.
	 */
	bool shadow_on_flush;
	/* dev->dma_range_map (devicetree or ACPI _DMA), terminated by a 0 size */
	const struct bus_dma_region *dma_range_map;
	/*
	 * Where it sits in a mock PCI tree (dmalab/pci.h); NULL: on the
	 * default root bus at 00.0, outside any topology. Its name is then
	 * its BDF unless name is set.
	 */
	const struct dmalab_pci_place *pci;
};

struct dmalab_pci_place {
	struct pci_bus *bus;
	unsigned int devfn;
	u16 vendor, device;
	int pcie_type;			/* PCI_EXP_TYPE_ENDPOINT or _RC_END */
};

/* A device attached to d (or, with d NULL, behind no IOMMU). Destroying it
 * removes it from its PCI bus and releases what drivers set up on it. */
struct device *dmalab_device_create(const struct dmalab_device_cfg *cfg,
				    struct dmalab_domain *d, int *err);
void dmalab_device_destroy(struct device *dev);
struct dmalab_domain *dmalab_device_domain(struct device *dev);

/* The arch cache-maintenance calls the kernel made (non-coherent devices). */
struct dmalab_sync_record {
	phys_addr_t paddr;
	size_t size;
	int dir;
	bool for_device;	/* arch_sync_dma_for_device, else _for_cpu */
};
unsigned long dmalab_arch_syncs(void);
const struct dmalab_sync_record *dmalab_arch_sync(unsigned long i);
void dmalab_arch_syncs_clear(void);

/* swiotlb: the default pool the kernel bounces through */
bool dmalab_is_swiotlb_addr(phys_addr_t paddr);
unsigned long dmalab_swiotlb_used_slots(void);
/*
 * The default pool's slot bookkeeping checked against swiotlb.c's rules
 * (free runs, free slots clear, allocation sizes, area counts): NULL when
 * it holds, else the rule's name and a line in why[].
 */
const char *dmalab_swiotlb_check_slots(char *why, size_t n);
/*
 * The original address swiotlb recorded for the slot (IO_TLB_SIZE bytes)
 * holding paddr, as swiotlb_tbl_map_single() saves it for the sync and
 * unmap: the buffer's address of the slot's first byte (less the
 * allocation's offset within its first slot); INVALID_PHYS_ADDR if the
 * slot is free or paddr is not in the pool.
 */
phys_addr_t dmalab_swiotlb_slot_orig(phys_addr_t paddr);

#endif
