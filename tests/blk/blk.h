/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The blk suite: block/blk-mq-dma.c as compiled from the tree, driven as
 * NVMe drives it, on requests the block layer model builds
 * (oracle/blk_model.h), checked by the block mapping oracle
 * (oracle/blk_check.h) and the ground-truth checker.
 *
 * env.c: the device profiles and map_payload() (blk_check_drive());
 * data.c: data payloads; integrity.c: integrity payloads; fail.c:
 * allocation failures; p2p.c: P2P memory on the example topologies;
 * main.c: the table.
 */
#ifndef _DMALAB_TESTS_BLK_H
#define _DMALAB_TESTS_BLK_H

#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/blk-integrity.h>
#include <linux/blk-mq-dma.h>
#include <dmalab/iommu.h>

#include "tests/devenv.h"
#include <dmalab/machine.h>

#include "tests/ktest.h"
#include "oracle/checker.h"
#include "oracle/blk_model.h"
#include "oracle/blk_check.h"

/* test buffers: above the shim's allocator, from 1 GiB above the 32-bit boundary */
#define BUF_FIRST	((DMALAB_DMA32_END + SZ_1G) >> PAGE_SHIFT)
#define BUF_PFN		(DMALAB_KMEM_END_PFN > BUF_FIRST ? DMALAB_KMEM_END_PFN : BUF_FIRST)
#define BUF(rel, off)	((((phys_addr_t)BUF_PFN + (rel)) << PAGE_SHIFT) + (off))
#define P		PAGE_SIZE
#define MAX_SEGS	4096

struct profile {
	const char *name;
	bool iommu;
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	bool untrusted;
	u64 dma_mask;			/* 0: 64 bits */
};

extern const struct kt_params blk_profile_params;

struct env {
	const struct profile *p;
	struct test_dev td;		/* the device, its domain, the checker */
	struct request_queue q;
};

/* What one map of a payload gave. */
struct mapped {
	bool ok;			/* mapped and checked */
	blk_status_t status;		/* when the iterator stopped early */
	bool iova;			/* coalesced into one IOVA range */
	unsigned int nr_segs;
	enum pci_p2pdma_map_type map;
};

bool env_init(struct env *e, const struct profile *p, const struct queue_limits *lim);
bool env_fini(struct env *e);
/*
 * Map one payload of rq as NVMe does (start, next until false), check it
 * with the oracle and the checker, unmap it (blk_rq_dma_unmap(), then the
 * segments one by one if it says so) and check that nothing is left.
 * An iterator that stops with an error has its mapped segments unmapped
 * the same way; res->ok is then false and res->status says why.
 */
bool map_payload(struct env *e, struct request *rq, bool integrity, struct mapped *res);
/* both payloads (integrity if the request has one), each must map */
bool map_request(struct env *e, struct request *rq, struct mapped *data,
		 struct mapped *meta);

/* data.c, integrity.c, fail.c */
bool test_one_page(const void *param, const void *arg);
bool test_scattered_pages(const void *param, const void *arg);
bool test_contiguous_pages(const void *param, const void *arg);
bool test_unaligned_sectors(const void *param, const void *arg);
bool test_large_folio(const void *param, const void *arg);
bool test_merged_bios(const void *param, const void *arg);
bool test_merged_bios_contiguous(const void *param, const void *arg);
bool test_segment_limits(const void *param, const void *arg);
bool test_virt_boundary_prp(const void *param, const void *arg);
bool test_dword_alignment(const void *param, const void *arg);
bool test_random_requests(const void *param, const void *arg);
bool test_model_refuses(void);
bool test_integrity_one_buffer(const void *param, const void *arg);
bool test_integrity_aligned_vecs(const void *param, const void *arg);
bool test_integrity_split_by_limits(const void *param, const void *arg);
bool test_integrity_gaps_unlike_data(void);
bool test_iova_split_off_granule(void);
bool test_integrity_count_vs_split(void);
bool test_p2p_examples(void);
bool test_p2p_bus_addr_state_uninitialised(void);
bool test_integrity_sg_count_bug(void);
bool test_integrity_vec_over_segment_size(const void *param, const void *arg);
bool test_fail_nth_data(const void *param, const void *arg);
bool test_fail_nth_integrity(const void *param, const void *arg);

#endif
