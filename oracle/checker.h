/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ground-truth checker: what the devices can reach, as the DMA API
 * promised it, checked against what the mock IOMMU and the memory model
 * really do.
 *
 * A test (or a fuzzer) drives the mapping API and tells the checker about
 * every mapping the API handed out: the DMA addresses, the physical bytes
 * they must reach, the direction and attributes. The checker keeps that as
 * a model, one list of live mappings per device, and never asks the
 * mapping code or the caller what to expect: what the kernel may do with a
 * range (bounce it through swiotlb or not, which cache maintenance it owes)
 * it reads from the registered device itself (its domain and granule, DMA
 * mask and bus limit, untrusted, coherent, swiotlb=force); what a device
 * reaches it finds by walking the page table with iommu_iova_to_phys() (a
 * device behind a paging domain) or dma_to_phys() (a device mapped
 * directly), and reading the bytes there.
 *
 * May the kernel bounce a range (V2)? Never memory that is not RAM (a BAR,
 * DMA_ATTR_MMIO). Behind an IOMMU: an untrusted device's range not aligned
 * to the granule at both ends (dma_map_phys and each sg entry, whole;
 * dma_iova_link only its partial head and tail granules). Mapped directly:
 * a range beyond min_not_zero(dma_mask, bus_dma_limit), or any range under
 * swiotlb=force.
 *
 * Invariants check_verify() enforces, for every registered device:
 *
 *  V1 Translation. Every byte of a live mapping reaches its physical byte:
 *     the first and last byte of the mapping, and the last and first byte
 *     on each side of every granule boundary inside it (the IOMMU granule,
 *     or PAGE_SIZE for a directly mapped device), plus the first and last
 *     byte of the partial granules at both ends, which the IOMMU maps too.
 *  V2 Bouncing. A range the kernel may bounce (above) may instead reach one
 *     contiguous run of the default swiotlb pool (dmalab_is_swiotlb_addr),
 *     the same for all of its bytes. That run holds the bytes the buffer
 *     held when the mapping was recorded (a hash is kept, not a copy; with
 *     a sampling budget, see check_set_sample_budget()),
 *     unless the device wrote into it since (check_dma_write()), in every
 *     direction: swiotlb copies the buffer in for DMA_FROM_DEVICE too, so
 *     that a partial device write does not clobber the rest. No two live
 *     ranges share a swiotlb byte.
 *  V3 Granule offsets. A range that is not bounced has the same offset in
 *     its IOMMU granule as its physical address (the IOMMU maps whole
 *     granules, so anything else is a wrong translation).
 *  V4 Nothing else is mapped. On each paging domain, the bytes the page
 *     table maps (dmalab_domain_mapped_bytes) equal the union of the live
 *     ranges' granule-aligned extents, over every device of the domain;
 *     the granule before and the granule after each run of that union
 *     translate to nothing, and so does every granule of an IOVA
 *     reservation (dma_iova_try_alloc) that no linked range covers.
 *  V5 Exclusive IOVA. No two live mappings (reservations included) share
 *     an IOVA granule.
 *  V6 Addressing limits. Every DMA byte is at most min_not_zero(dma_mask,
 *     bus_dma_limit); every range of an IOVA state lies in its reservation.
 *  V7 Segments. Each DMA segment of an sg mapping is at most
 *     dma_get_max_seg_size() long and does not cross a
 *     dma_get_seg_boundary() boundary; the sg table's CPU entries are still
 *     what they were before the mapping call (the DMA API restores them).
 *  V8 Untrusted devices reach no other RAM. On an untrusted device behind
 *     an IOMMU, the bytes of a mapped granule that belong to no live range
 *     of the mapping (the padding of a partial granule) are swiotlb bytes
 *     and read as zero (DMA_ATTR_MMIO mappings excepted: not RAM).
 *  V9 Allocated IOVA. On a domain with dma-iommu's IOVA allocator, every
 *     IOVA granule of a live range, and of a reservation, lies in one
 *     range the allocator handed out and still holds (find_iova()).
 *
 * check_teardown(), once every mapping is unmapped and every domain and
 * device destroyed: no mapping is still recorded, the swiotlb pool has as
 * many used slots as when the checker was created, no IOMMU page-table
 * page is left (NR_IOMMU_PAGES back to its baseline), and the slab holds
 * the same objects and bytes as then.
 *
 * The checker reports each broken invariant as one line (what was
 * expected, what was found, the DMA and physical addresses) through the
 * report callback, or to stdout if there is none, and returns false. It
 * allocates only with the C library (never kmalloc: it must not perturb the
 * slab counts or the failure injection), keeps no global state, and its
 * memory is O(live ranges). Not thread-safe: one checker per thread.
 */
#ifndef _DMALAB_CHECKER_H
#define _DMALAB_CHECKER_H

#include <linux/types.h>
#include <linux/dma-direction.h>

struct device;
struct sg_table;
struct checker;
struct check_map;

/* Receives one complete message (no trailing newline). */
typedef void (*check_report_fn)(void *priv, const char *msg);

/*
 * A checker for one test or fuzz run. Records the baselines check_teardown()
 * compares with: create it before the first domain and device.
 */
struct checker *check_create(check_report_fn report, void *priv);
/* Forget the model (mappings still recorded are dropped silently). */
void check_destroy(struct checker *ck);

/*
 * Register a mock device (dmalab_device_create()). Whether it is behind a
 * paging domain is read from its domain once, here. Every device of a
 * domain must be registered with the same checker, or V4 cannot hold.
 */
bool check_add_device(struct checker *ck, struct device *dev);
/* Deregister it (reports mappings it still has); before destroying it. */
bool check_remove_device(struct checker *ck, struct device *dev);

/* ---- recording mappings --------------------------------------------- */

/*
 * A new, empty mapping of dev. dir and attrs are those passed to the API
 * (DMA_ATTR_MMIO: no RAM behind it, V8 does not apply). NULL if dev is not
 * registered.
 */
struct check_map *check_map_new(struct checker *ck, struct device *dev,
				enum dma_data_direction dir, unsigned long attrs);
/*
 * Add a range: DMA bytes [dma, dma + len) reach physical [phys, phys + len),
 * or, where the device may bounce it (above), a swiotlb copy of them. The
 * buffer's bytes are hashed now for that, so record the range right after
 * the mapping call. Ranges of a mapping must not overlap.
 */
bool check_map_range(struct check_map *m, dma_addr_t dma, phys_addr_t phys, size_t len);
/*
 * Record one dma_iova_link() of [phys, phys + len) at dma: on an untrusted
 * device (and not DMA_ATTR_MMIO) its partial granules are bounced (the
 * unaligned head up to its granule's end, the unaligned tail from its
 * granule's start), the aligned middle is not.
 */
bool check_map_link(struct check_map *m, dma_addr_t dma, phys_addr_t phys, size_t len);
/* The IOVA space a dma_iova_try_alloc() reserved (state->addr, size). */
bool check_map_reserve(struct check_map *m, dma_addr_t dma, size_t len);
/* A DMA segment of an sg mapping, for V7. */
bool check_map_segment(struct check_map *m, dma_addr_t dma, size_t len);

/* A physical range, as a CPU-side sg entry describes it. */
struct check_range {
	phys_addr_t phys;
	size_t len;
};

/*
 * Read the CPU side of an sg table (orig_nents entries) into r[0..max):
 * call it before dma_map_sgtable(). Returns the number of entries, or 0 if
 * there are more than max.
 */
unsigned int check_sg_ranges(const struct sg_table *sgt, struct check_range *r,
			     unsigned int max);

/*
 * Record a mapped sg table. cpu[0..n) is its CPU side from before the
 * mapping call. The DMA segments (the first sgt->nents entries) read in
 * order are the CPU bytes read in order: that is how their ranges are
 * derived; each CPU entry is bounced whole or not at all, as the device
 * allows (above). Checks V7 and that both sides have the same length; NULL
 * (and a report) if they do not.
 */
struct check_map *check_map_sg(struct checker *ck, struct device *dev,
			       const struct sg_table *sgt,
			       const struct check_range *cpu, unsigned int n,
			       enum dma_data_direction dir, unsigned long attrs);

/*
 * The kernel unmapped [dma, dma + len) of m (dma_iova_unlink of a part):
 * forget those bytes; ranges are cut where needed. len must cover bytes
 * of m only.
 */
bool check_unmap_range(struct check_map *m, dma_addr_t dma, size_t len);
/* The kernel unmapped all of m: forget it. */
void check_unmap(struct check_map *m);

/*
 * A known kernel bug (oracle/known_bugs.h) the checker is to count instead
 * of reporting, so that fuzzers do not find it again and again. Only
 * "dma-iommu-sg-padding-mapped" has a tolerance: an sg mapping of a trusted
 * device behind an IOMMU may then map the IOVA between its segments
 * (iommu_dma_map_sg's segment-boundary padding, mapped to the pages after
 * the previous entry); V4 counts that padding as mapped instead of failing.
 * Hits go to the registry (known_bug_hit) and to this checker's count.
 * Any other id aborts: a tolerance must be written, not assumed.
 */
void check_tolerate_known_bug(struct checker *ck, const char *id);
unsigned long check_known_bug_hits(const struct checker *ck);

/*
 * V1 samples both bytes around every granule boundary of a range. With a
 * budget, a range with more boundaries than that has its first and last
 * quarter-budget boundaries sampled and the rest spread evenly over the
 * middle (its edges, where offset bugs show, always are). A mapping of
 * more than 4 ranges shares 4 budgets among them (at least 4 boundaries a
 * range: its first and last still sampled on both sides), so that an sg
 * table of a 2 MiB folio in 64 KiB segments does not cost a walk at every
 * granule. 0, the default: every boundary. Fuzzers set one to keep runs
 * fast on multi-MiB ranges.
 *
 * With a budget V2 also compares a bounce copy with the buffer once, at
 * the first check_verify() after the range was recorded, and with the
 * buffer itself instead of a hash taken when it was recorded: the caller
 * verifies right after recording, before anything writes the buffer (a
 * fuzzer's executor does). Hashing at record time and again at verify time
 * cost more than the kernel's own bounce copies.
 */
void check_set_sample_budget(struct checker *ck, unsigned int boundaries);

/*
 * Incremental verification, for fuzzers that call check_verify() after
 * every operation: each call then verifies what that operation can have
 * changed, so that its cost follows the operation and not everything
 * mapped. Off by default (tests): every call verifies everything.
 *
 * What can change, and what an incremental call verifies for it:
 *  - new or split ranges (never verified yet): V1-V3, V6, V8 in full;
 *  - the page table of a paging domain, which changes only through
 *    map_range/unmap_range calls of the IOMMU core, logged by the mock
 *    IOMMU (dmalab_domain_changes(): the IOVA each call was asked to
 *    change): every range whose granules meet a logged change widened by
 *    a granule on each side, the V4 probes before and after each run of
 *    mappings there, and the reservations there; if the log overflowed,
 *    all of them;
 *  - swiotlb copies, which maps, unmaps and syncs of anyone change without
 *    the page table: every bounced range, every call (V1, V2 slots, V8);
 *  - a mapped sg table's segments never change: V7 once per mapping.
 * Every call still does V4's count (the bytes the table maps against the
 * union of the live extents), V5, V6 of reservations and V2's overlap over
 * everything (no page-table walks), and verifies `turn` further ranges in
 * turn, so that a range nothing was logged for is verified again every
 * (live ranges / turn) calls: a table that changes outside the range it
 * was asked to change (a page-table bug, not a caller's) is still found,
 * a few calls later. A direct translation (dma_to_phys()) is a fixed
 * function of the device: its unbounced ranges need nothing more.
 */
void check_set_incremental(struct checker *ck, unsigned int turn);

/*
 * No V9 (allocated IOVA): for callers that map IOVA by hand with
 * iommu_map() on a DMA-API domain, outside any allocation (the checker's
 * own self-tests, which make the page table wrong on purpose).
 */
void check_skip_iova_allocator(struct checker *ck, bool skip);

/*
 * Is [dma, dma + len) back with dev's IOVA allocator, no granule of it
 * still allocated (find_iova())? A freed range may wait in the flush queue
 * or in a per-CPU cache of the allocator, both of which keep it allocated:
 * this first runs the deferred work (the flush queue's timer) and returns
 * every CPU's cached ranges as a CPU going offline does (the cpuhp "dead"
 * callbacks), which changes the allocator's caches. True on a device
 * without dma-iommu's allocator; false with a report otherwise.
 */
bool check_iova_released(struct checker *ck, struct device *dev, dma_addr_t dma, size_t len);

/*
 * Is no IOVA granule of [dma, dma + len) held by dev's allocator, neither
 * allocated nor reserved, so that it may hand it out? As it is now (no
 * deferred work run). True on a device without dma-iommu's allocator.
 */
bool check_iova_free(struct checker *ck, struct device *dev, dma_addr_t dma, size_t len);

/* Number of live ranges and total live bytes of m. */
unsigned int check_map_nr_ranges(const struct check_map *m);
size_t check_map_bytes(const struct check_map *m);

/* ---- checking ---------------------------------------------------------- */

/* V1-V9 over every registered device and domain. */
bool check_verify(struct checker *ck);
/* After all unmaps and destroys: see above. */
bool check_teardown(struct checker *ck);

/*
 * The arch cache maintenance of one map or unmap call: the records
 * dmalab_arch_sync(from ..) of kind for_device. On a coherent device, or a
 * mapping made with DMA_ATTR_SKIP_CPU_SYNC or DMA_ATTR_MMIO, there must be
 * none at all (of either kind). Otherwise they must have m's direction and
 * cover exactly the physical bytes the device reaches through m (the
 * buffer, or its swiotlb copy, as V1/V2 found them at the last
 * check_verify()): no byte missed, none synced twice, none outside. With
 * granule_slack, a record may extend a range to the boundaries of the IOMMU
 * granules it lies in, and no further (dma_iova_link() syncs what it maps).
 * Records of the other kind are ignored.
 */
bool check_syncs(struct checker *ck, const struct check_map *m, unsigned long from,
		 bool for_device, bool granule_slack);
/* The same for the bytes of m in DMA addresses [dma, end) only (a partial unlink). */
bool check_syncs_range(struct checker *ck, const struct check_map *m, dma_addr_t dma,
		       dma_addr_t end, unsigned long from, bool for_device,
		       bool granule_slack);

/*
 * Act as the device: write src to (read into dst from) DMA addresses
 * [dma, dma + len) through the device's translation. Every byte must be
 * mapped. A write marks the ranges it touches as written by the device
 * (V2 no longer compares their bytes with the buffer).
 */
bool check_dma_write(struct checker *ck, struct device *dev, dma_addr_t dma,
		     const void *src, size_t len);
bool check_dma_read(struct checker *ck, struct device *dev, dma_addr_t dma,
		    void *dst, size_t len);

/*
 * Fill the default swiotlb pool with byte, as stale data of earlier bounces
 * would fill it on a system that has run for a while (a fresh pool reads as
 * zero, which hides padding that is not cleared, V8). Only while no
 * mapping is live anywhere: false, and nothing written, if this checker
 * has one or the pool has a used slot.
 */
bool check_poison_swiotlb(struct checker *ck, int byte);

/* The granule V1 samples with for dev: its IOMMU granule, or PAGE_SIZE. */
unsigned long check_granule(struct checker *ck, struct device *dev);

#endif
