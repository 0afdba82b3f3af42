/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Self-tests of the ground-truth checker (oracle/checker.h): its negatives.
 *
 * Every finding of the project rests on the checker reporting a wrong
 * state, so each test here builds one on purpose and requires the report,
 * naming the right invariant, and builds the matching right state, which
 * the checker must accept: each test can fail both ways. The states come
 * from what the real DMA API hands out; then the test tampers with the
 * checker's model (what it records) or with the page table (iommu_map()
 * and iommu_unmap() on the domain) or with swiotlb bytes, never with the
 * kernel code.
 *
 * The checker's messages do not say which invariant failed: each is
 * classified here by its distinctive words (classes[] in common.c). If a
 * message one day carries a tag "V1".."V8", the tag is used and must agree
 * with the words.
 *
 * Wrong states the checker accepts today (its gaps) are in gaps.c: they
 * skip, saying "checker gap: ...", until the checker reports them.
 */
#ifndef _DMALAB_ORACLE_TEST_H
#define _DMALAB_ORACLE_TEST_H

#include <linux/types.h>
#include <linux/dma-mapping.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>

#include "tests/ktest.h"
#include "oracle/checker.h"

/* what a checker message is about */
enum inv {
	INV_V1 = 1, INV_V2, INV_V3, INV_V4, INV_V5, INV_V6, INV_V7, INV_V8, INV_V9,
	INV_SYNCS,		/* check_syncs() */
	INV_TEARDOWN,		/* check_teardown() */
	INV_MORE,		/* "... and N more problems" */
	INV_OTHER,		/* usage errors, and what no rule knows */
	INV_NR,
};

#define INV(x)		(1U << INV_##x)

/* test buffers: RAM nobody else uses, above 4 GiB (as the dma-iommu suite) */
#define BUF_PFN		max_t(unsigned long, DMALAB_KMEM_END_PFN, PHYS_PFN(DMALAB_DMA32_END + SZ_1G))
#define P		PAGE_SIZE
#define PROT_RW		(IOMMU_READ | IOMMU_WRITE)

/* A device kind a test runs on: behind an IOMMU of a format, or direct. */
struct target {
	const char *name;
	bool iommu;
	enum dmalab_pt_format format;
};

extern const struct kt_params iommu_params;	/* x86_64, amdv1, amdv1_mock */
extern const struct kt_params all_params;	/* the same and "direct" */
extern const struct kt_params mock_params;	/* amdv1_mock only */

#define MAX_MSGS	32

/* The checker of one test, its reports captured, and what it runs on. */
struct env {
	struct checker *ck;
	char *msg[MAX_MSGS];
	unsigned int nr_msgs, lost_msgs;
	const struct target *t;
	struct dmalab_domain *d;	/* NULL: devices are mapped directly */
	struct device *dev[4];
	unsigned int nr_devs;
	unsigned long g;		/* the domain's granule, or PAGE_SIZE */
};

/* A checker and, for an IOMMU target, a strict domain (pgsize 0: all). */
bool env_init(struct env *e, const struct target *t, u64 pgsize_bitmap);
/* A device on the target (cfg's name, mask, flags), registered. */
struct device *env_dev(struct env *e, const struct dmalab_device_cfg *cfg);
/* Deregister and destroy the devices, the domain; check_teardown() too. */
bool env_fini(struct env *e);
/* A test that cannot go on: env_fini(), and fail. */
static inline bool env_abort(struct env *e)
{
	env_fini(e);
	return false;
}
struct iommu_domain *env_iommu(struct env *e);
/* What dev reaches at DMA address a (its page table, or dma_to_phys()). */
phys_addr_t reach(struct env *e, struct device *dev, dma_addr_t a);
/* The report callback env_init() gives the checker (priv: the env). */
void env_capture(void *priv, const char *msg);

/*
 * The outcome of a checker call ret, and the messages it reported since
 * the last check: with need 0, ret must be true and there must be none;
 * else ret false, at least one message of a class in need (containing word,
 * if not NULL), and none of a class outside need | may. The messages are
 * consumed either way.
 */
bool ot_check(struct env *e, bool ret, unsigned int need, unsigned int may,
	      const char *word, const char *file, int line);

#define ACCEPT(e, ret)	ot_check((e), (ret), 0, 0, NULL, __FILE__, __LINE__)
#define REJECT(e, ret, need, may, word)					\
	ot_check((e), (ret), (need), (may), (word), __FILE__, __LINE__)

/*
 * A wrong state the checker is known to accept (a gap, see gaps.c): 1 if it
 * is now reported as ot_check() wants it (the gap is closed), 0 if it is
 * accepted without a word (the gap is open: the caller skips, naming it),
 * -1 (and a failed test) if it is reported otherwise.
 */
int ot_gap(struct env *e, bool ret, unsigned int need, const char *word,
	   const char *file, int line);
#define GAP(e, ret, need, word)	ot_gap((e), (ret), (need), (word), __FILE__, __LINE__)
/* any report but of check_syncs() and check_teardown() */
#define INV_ANY		(INV(V1) | INV(V2) | INV(V3) | INV(V4) | INV(V5) | INV(V6) | \
			 INV(V7) | INV(V8) | INV(V9) | INV(OTHER))

/* The class of one message (exposed for the classifier's own test). */
enum inv ot_classify(const char *msg);

/* dma_map_phys(), reported if it fails. */
bool map_phys(struct device *dev, phys_addr_t phys, size_t len,
	      enum dma_data_direction dir, unsigned long attrs, dma_addr_t *dma);
/* A new mapping of dev with one range (a report, and a failed test, if not). */
struct check_map *record(struct env *e, struct device *dev, enum dma_data_direction dir,
			 unsigned long attrs, dma_addr_t dma, phys_addr_t phys, size_t len);

/* A device that bounces: untrusted behind an IOMMU, a 32-bit mask directly. */
struct dmalab_device_cfg bouncing(const struct env *e);
/* Map and record [phys, phys + len) on dev, which must bounce it. */
struct check_map *map_bounced(struct env *e, struct device *dev, phys_addr_t phys, size_t len,
			      enum dma_data_direction dir, dma_addr_t *dma, phys_addr_t *copy);

/* Fill [phys, phys + len) with bytes of seed. */
void fill(phys_addr_t phys, size_t len, unsigned int seed);
static inline phys_addr_t buf(unsigned long rel, unsigned long off)
{
	return PFN_PHYS(BUF_PFN + rel) + off;
}

/*
 * Point IOVA [iova, iova + len) (granule-aligned) at [phys, phys + len)
 * instead: unmap it and map it again. False (and a report) if the page
 * table does not unmap exactly that (an entry reaches beyond its ends).
 */
bool remap(struct env *e, dma_addr_t iova, size_t len, phys_addr_t phys);

/* A free swiotlb run of len bytes, some way from the slot at used. */
phys_addr_t spare_swiotlb(phys_addr_t used, size_t len);
/* The end of the swiotlb pool that holds in. */
phys_addr_t swiotlb_end(phys_addr_t in);

/* the tests, one file per group of invariants */
bool test_classifier(void);
bool test_v1_wrong_phys(const void *param, const void *arg);
bool test_v1_remapped_granule(const void *param, const void *arg);
bool test_v1_unmapped_behind(const void *param, const void *arg);
bool test_v3_wrong_offset(const void *param, const void *arg);
bool test_v3_sub_granule_pte(const void *param, const void *arg);
bool test_v5_shared_iova(const void *param, const void *arg);
bool test_v6_dma_limit(const void *param, const void *arg);
bool test_v6_reservation(const void *param, const void *arg);
bool test_v9_allocated_iova(const void *param, const void *arg);
bool test_v2_copy_changed(const void *param, const void *arg);
bool test_v2_split_bounce(const void *param, const void *arg);
bool test_v2_shared_slot(const void *param, const void *arg);
bool test_bounce_rule(const void *param, const void *arg);
bool test_bounce_granule(const void *param, const void *arg);
bool test_v8_padding(const void *param, const void *arg);
bool test_v8_ram_reached(const void *param, const void *arg);
bool test_v4_extra_granule(const void *param, const void *arg);
bool test_reserved_dma_range_gap(const void *param, const void *arg);
bool test_v4_reservation(const void *param, const void *arg);
bool test_v7_max_seg(const void *param, const void *arg);
bool test_v7_seg_boundary(const void *param, const void *arg);
bool test_v7_cpu_entry_changed(const void *param, const void *arg);
bool test_syncs_missing(const void *param, const void *arg);
bool test_syncs_extra(const void *param, const void *arg);
bool test_syncs_direction(const void *param, const void *arg);
bool test_syncs_coherent(const void *param, const void *arg);
bool test_v2_from_device_copy(const void *param, const void *arg);
/* models.c */
bool test_sg_model_catches_wrong_table(void);
bool test_sg_model_catches_broken_chain(void);
bool test_iova_model_catches_wrong_tree(void);
bool test_p2p_oracle_catches_wrong_decision(void);
bool test_v2_unallocated_slot(const void *param, const void *arg);
bool test_gap_writable_to_device(const void *param, const void *arg);
bool test_teardown_mapping(void);
bool test_teardown_slab(void);
bool test_teardown_swiotlb(void);
bool test_teardown_pages(void);

#endif
