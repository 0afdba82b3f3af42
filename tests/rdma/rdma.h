/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rdma suite: drivers/infiniband/core/rw.c (and mr_pool.c) as compiled
 * from the tree, on a mock HCA (dmalab/rdma.h) whose DMA device is one of
 * dmalab's devices, driven as the NVMe-oF target (sg) and svcrdma (bvec)
 * drive it, checked by the R/W oracle (oracle/rdma_check.h) and the
 * ground-truth checker.
 *
 * env.c: the profiles and buffers; sg.c: rdma_rw_ctx_init(); bvec.c:
 * rdma_rw_ctx_init_bvec() and the behaviours of its IOVA path; mr.c: when
 * memory is registered and in how many MRs; qp.c: the send queue size a
 * ULP is given; fail.c: allocation failures; main.c: the table.
 */
#ifndef _DMALAB_TESTS_RDMA_H
#define _DMALAB_TESTS_RDMA_H

#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>
#include <rdma/ib_verbs.h>
#include <rdma/rw.h>
#include <dmalab/iommu.h>

#include "tests/devenv.h"
#include <dmalab/machine.h>
#include <dmalab/rdma.h>

#include "tests/ktest.h"
#include "oracle/checker.h"
#include "oracle/rdma_check.h"

/* test buffers: above the shim's allocator, from 1 GiB above the 32-bit boundary */
#define BUF_FIRST	((DMALAB_DMA32_END + SZ_1G) >> PAGE_SHIFT)
#define BUF_PFN		(DMALAB_KMEM_END_PFN > BUF_FIRST ? DMALAB_KMEM_END_PFN : BUF_FIRST)
#define BUF(rel, off)	((((phys_addr_t)BUF_PFN + (rel)) << PAGE_SHIFT) + (off))
#define P		PAGE_SIZE
#define MAX_VECS	256
#define REMOTE		0x7000000010ULL
#define RKEY		0xabcd01

struct profile {
	const char *name;
	bool iommu;
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	bool untrusted;
	u64 dma_mask;			/* 0: 64 bits */
};

extern const struct kt_params rdma_profile_params;

/* a buffer: physical ranges in order */
struct vec {
	phys_addr_t phys;
	u32 len;
};

struct env {
	const struct profile *p;
	struct test_dev td;		/* the device, its domain, the checker */
	struct ib_qp *qp;
};

/* The HCA on profile p with QP cfg (its dma_device is filled in). */
bool env_init(struct env *e, const struct profile *p, struct dmalab_rdma_cfg *cfg);
bool env_fini(struct env *e);
/* an InfiniBand HCA: 4 SGEs a request, no MRs */
void cfg_ib(struct dmalab_rdma_cfg *cfg);
/* an iWARP HCA: RDMA READs through MRs of 8 pages, 8 contexts */
void cfg_iwarp(struct dmalab_rdma_cfg *cfg);

/* drive v[0..n) as an sg list (from offset) or as bvecs; KT_FAIL with the oracle's line */
bool drive_sg(struct env *e, const struct vec *v, unsigned int n, u32 offset,
	      enum dma_data_direction dir, struct rdma_check_result *r);
bool drive_bvec(struct env *e, const struct vec *v, unsigned int n,
		enum dma_data_direction dir, struct rdma_check_result *r);

/* sg.c, bvec.c, fail.c */
bool test_sg_one_entry(const void *param, const void *arg);
bool test_sg_scattered(const void *param, const void *arg);
bool test_sg_offset(const void *param, const void *arg);
bool test_sg_iwarp_read(const void *param, const void *arg);
bool test_sg_mr_pool_exhausted(void);
bool test_sg_iwarp_merged_entry(void);
bool test_bvec_one(const void *param, const void *arg);
bool test_bvec_pages(const void *param, const void *arg);
bool test_bvec_many_requests(const void *param, const void *arg);
bool test_bvec_iwarp_read(const void *param, const void *arg);
bool test_bvec_iova_path_taken(void);
bool test_bvec_iova_unaligned_joint(void);
bool test_bvec_iova_sub_granule(void);
bool test_p2p_sg(void);
bool test_p2p_bvec_bus_addr(void);
bool test_p2p_bvec_host_bridge(void);
bool test_p2p_bvec_not_supported(void);
bool test_sg_read_sge_limit(void);
bool test_bvec_one_byte(const void *param, const void *arg);
bool test_bvec_iwarp_nr_bvec_short(void);
bool test_bvec_read_sge_limit(void);
bool test_bvec_iova_space_short(void);
bool test_bvec_iova_destroy_sg_api(void);
bool test_mr_sgl_rd(void);
bool test_mr_sgl_rd_pool_short(void);
bool test_mr_iwarp_pool_short(void);
bool test_mr_page_list_cap(void);
bool test_qp_send_queue_size(void);
bool test_fail_nth_sg(const void *param, const void *arg);
bool test_fail_nth_bvec(const void *param, const void *arg);

#endif
