/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The RDMA R/W oracle: what a ULP got from drivers/infiniband/core/rw.c
 * for one buffer, against the buffer, the QP and the kernel-doc of
 * rdma_rw_ctx_init(), rdma_rw_ctx_init_bvec() and rdma_rw_ctx_wrs():
 *  - init returns the number of WQEs the chain rdma_rw_ctx_wrs() gives:
 *    exactly that many work requests, the last one signalled with the
 *    caller's cqe (or followed by the caller's chain_wr), and ctx->nr_ops
 *    is the number of RDMA READ/WRITE requests among them (rw.h);
 *  - the mock HCA can execute the chain's MR operations
 *    (dmalab_rdma_execute()): every REG_MR is of a free MR (one used
 *    before was invalidated, by a LOCAL_INV or a READ_WITH_INV), every
 *    SGE with an MR's lkey names a valid registration;
 *  - the RDMA READs (DMA_FROM_DEVICE) or WRITEs (DMA_TO_DEVICE) carry the
 *    rkey; each one's remote_addr is the caller's remote_addr plus the
 *    bytes the requests before it covered; no more SGEs than the QP's
 *    max_read_sge/max_write_sge; their SGEs read in order cover exactly
 *    the buffer (the sg list from sg_offset, or the bvecs under the iter),
 *    byte for byte, with the PD's local_dma_lkey, or the lkey of an MR a
 *    REG_MR request of the chain registered just before (then the SGE is
 *    the MR's whole [iova, iova + length), and the MR's DMA ranges are the
 *    ones covered; a LOCAL_INV before it invalidates that MR's key);
 *  - every covered byte reaches its buffer byte: the mapping is recorded
 *    with the checker as the path made it (the sg table as
 *    dma_map_sgtable() mapped it, whose DMA segments from sg_offset must be
 *    the SGEs' bytes; each bvec as one dma_map_phys() range; on the IOVA
 *    path, one SGE at the state's address covering everything, the
 *    reservation and each bvec linked at its offset) and check_verify()
 *    walks the device's page table;
 *  - destroy undoes exactly that: after rdma_rw_ctx_destroy{,_bvec}() the
 *    checker's model has no mapping and its V4 finds nothing left in the
 *    page table, and the QP has as many MRs in use as before.
 * Messages name the work request and the SGE.
 */
#ifndef _DMALAB_RDMA_CHECK_H
#define _DMALAB_RDMA_CHECK_H

#include <linux/types.h>
#include <linux/dma-direction.h>

#include "oracle/checker.h"

struct ib_qp;
struct sg_table;
struct bio_vec;
struct bvec_iter;

enum rdma_check_path {
	RDMA_CHECK_NONE,	/* init failed */
	RDMA_CHECK_SINGLE,	/* one request, one SGE, no MR */
	RDMA_CHECK_MULTI,	/* direct SGEs over one or more requests */
	RDMA_CHECK_MR,		/* fast registration MRs */
	RDMA_CHECK_IOVA,	/* bvecs linked into one IOVA range, one SGE */
};

const char *rdma_check_path_name(enum rdma_check_path p);

struct rdma_check_result {
	int ret;			/* what init returned */
	enum rdma_check_path path;
	unsigned int nr_rdma_wrs;	/* RDMA READ/WRITE requests */
	unsigned int nr_wrs;		/* all requests, REG_MR and LOCAL_INV too */
	unsigned int nr_sges;		/* SGEs of the RDMA requests */
};

/*
 * Drive one sg context as the NVMe-oF target does (nvmet_rdma_rw_ctx_init:
 * rdma_rw_ctx_init(sgt->sgl, sgt->orig_nents, offset), then
 * rdma_rw_ctx_wrs() with a cqe when posting, rdma_rw_ctx_destroy() on
 * completion), checking everything above after init and after destroy.
 * An init that fails is no failure here (res->ret < 0, and the checker
 * must find nothing mapped): the caller knows whether it may. False with
 * one line in msg when a check failed.
 */
bool rdma_check_drive_sg(struct checker *ck, struct ib_qp *qp, struct sg_table *sgt,
			 u32 offset, u64 remote_addr, u32 rkey, enum dma_data_direction dir,
			 struct rdma_check_result *res, char *msg, size_t len);

/*
 * A buffer of P2P memory (one provider's BAR pages): the map type the
 * reference model gives it for the HCA's DMA device (PCI_P2PDMA_MAP_*) and
 * the provider's bus addresses. BUS_ADDR: every covered byte must be the
 * bus address of its buffer byte, nothing mapped; THRU_HOST_BRIDGE: mapped
 * as MMIO (DMA_ATTR_MMIO: never bounced, no cache maintenance);
 * NOT_SUPPORTED: init must fail.
 */
struct rdma_check_p2p {
	int map;
	bool (*bus)(void *priv, phys_addr_t phys, u64 *bus);
	void *priv;
};

/* rdma_check_drive_sg() of a buffer of P2P memory */
bool rdma_check_drive_sg_p2p(struct checker *ck, struct ib_qp *qp, struct sg_table *sgt,
			     u32 offset, u64 remote_addr, u32 rkey,
			     enum dma_data_direction dir, const struct rdma_check_p2p *p2p,
			     struct rdma_check_result *res, char *msg, size_t len);

/*
 * The same for bvecs, as svcrdma does (rdma_rw_ctx_init_bvec(bvecs,
 * nr_bvec, iter), rdma_rw_ctx_wrs(), rdma_rw_ctx_destroy_bvec()).
 */
bool rdma_check_drive_bvec(struct checker *ck, struct ib_qp *qp, const struct bio_vec *bvecs,
			   u32 nr_bvec, struct bvec_iter iter, u64 remote_addr, u32 rkey,
			   enum dma_data_direction dir, struct rdma_check_result *res,
			   char *msg, size_t len);
/* rdma_check_drive_bvec() of a buffer of P2P memory */
bool rdma_check_drive_bvec_p2p(struct checker *ck, struct ib_qp *qp,
			       const struct bio_vec *bvecs, u32 nr_bvec, struct bvec_iter iter,
			       u64 remote_addr, u32 rkey, enum dma_data_direction dir,
			       const struct rdma_check_p2p *p2p, struct rdma_check_result *res,
			       char *msg, size_t len);

#endif
