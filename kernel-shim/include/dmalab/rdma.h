/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The harness side of the RDMA core around drivers/infiniband/core/rw.c
 * and mr_pool.c (runtime/rdma.c): a mock HCA (struct ib_device) whose DMA
 * device is one of dmalab's devices, a protection domain and a queue pair
 * set up as ib_create_qp() sets them up for the R/W API, and the fast
 * registration MRs that the MR pool hands out, modelled as a HCA's page
 * list.
 */
#ifndef _DMALAB_RDMA_H
#define _DMALAB_RDMA_H

#include <linux/types.h>

struct device;
struct ib_qp;
struct ib_mr;

struct dmalab_rdma_cfg {
	struct device *dma_device;	/* the HCA's PCI function */
	bool iwarp;			/* port 1 speaks iWARP (else InfiniBand) */
	u32 max_sge_rd;			/* device attributes */
	u32 max_sgl_rd;			/* non-zero: MRs for large RDMA READs */
	u32 max_fast_reg_page_list_len;
	u32 max_qp_wr;
	u32 max_send_sge;		/* the QP's capability */
	u32 max_rdma_ctxs;		/* R/W contexts: sizes the MR pool */
	bool integrity;			/* IB_QP_CREATE_INTEGRITY_EN */
};

/*
 * The HCA, its PD and one RC QP on port 1, as ib_create_qp_kernel() makes
 * them for a ULP of the R/W API (verbs.c): rdma_rw_init_qp() sizes the send
 * queue, the QP's max_write_sge is max_send_sge and max_read_sge
 * min(max_send_sge, max_sge_rd), then rdma_rw_init_mrs() fills the MR pool
 * (rw.c and mr_pool.c, compiled). NULL and *err on failure (-ENOMEM, or
 * what rdma_rw_init_mrs() returned).
 */
struct ib_qp *dmalab_rdma_create(const struct dmalab_rdma_cfg *cfg, int *err);
/* ib_destroy_qp(): rdma_rw_cleanup_mrs(), then the QP, PD and HCA. */
void dmalab_rdma_destroy(struct ib_qp *qp);
/* MRs of the QP's pool handed out now (qp->mrs_used) and allocated in all */
int dmalab_rdma_mrs_used(const struct ib_qp *qp);
unsigned int dmalab_rdma_mrs_live(void);

/*
 * One DMA range of a registered MR: the MR's addresses [iova, iova +
 * length) are the ranges in order. Returns how many the MR has (up to max
 * copied), 0 if it maps nothing.
 */
struct dmalab_rdma_range {
	u64 dma;
	u32 len;
};
unsigned int dmalab_rdma_mr_ranges(const struct ib_mr *mr, struct dmalab_rdma_range *r,
				   unsigned int max);

/*
 * Execute the MR operations of a chain of work requests (as rdma_rw_ctx_wrs()
 * gives it) as the HCA would, in order, updating the MRs' states: REG_MR
 * needs a free MR and makes it valid under its key; LOCAL_INV of a key
 * frees the MR of that key index, valid or not; an RDMA request's SGE with an
 * MR's lkey needs that MR valid under it, and RDMA_READ_WITH_INV frees it.
 * 0, or -EINVAL with one line in why at the first request the HCA would
 * fail. No data moves.
 */
int dmalab_rdma_execute(struct ib_qp *qp, const struct ib_send_wr *first, char *why,
			size_t len);

#endif
