// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RDMA core around drivers/infiniband/core/rw.c and mr_pool.c, emulated
 * (dmalab/rdma.h): drivers/infiniband/core/verbs.c and device.c are the
 * whole verbs layer (uverbs objects, restrack, cgroups, netlink), so what
 * rw.c relies on is written here with verbs.c's semantics (7.3):
 *  - ib_alloc_mr: integrity MRs refused with a WARN and -EINVAL, as
 *    verbs.c; otherwise a fast registration MR of max_num_sg pages from
 *    the mock HCA (the MR and its page list kmalloc'd: failure injection
 *    reaches them), with a fresh key;
 *  - ib_dereg_mr_user: frees it;
 *  - ib_map_mr_sg: verbs.c sets mr->page_size and calls the driver's
 *    map_mr_sg, which drivers build on ib_sg_to_pages(). The mock HCA's is
 *    a model of that contract, not a copy of it: the MR's addresses start
 *    at the first entry's DMA address plus *sg_offset and run through the
 *    entries in order; an entry after the first must continue the previous
 *    one or both must meet at a page_size boundary (the MR is a list of
 *    pages), and the pages must fit in the MR's page list; mapping stops
 *    at the first entry that breaks either rule, and the count of entries
 *    mapped is returned (-EINVAL if the offset is past the first entry,
 *    -ENOMEM if not even the first fits). Unlike ib_sg_to_pages(), an
 *    entry is never mapped in part.
 *  - the MRs' states as the HCA keeps them (dmalab_rdma_execute()): a fast
 *    registration MR is free until a REG_MR makes it valid under the
 *    request's key, and free again after a LOCAL_INV of its key (of
 *    any key byte, valid or not: siw_invalidate_stag()) or an RDMA READ
 *    with invalidate through it; a REG_MR of a valid MR is an error
 *    (siw_fastreg_mr(): "STag already valid"), and so is a request whose
 *    SGE names the key of no valid MR.
 * Loud stubs (abort): ib_alloc_mr_integrity, ib_map_mr_sg_pi (signature
 * offload: the SIG_MR path is not driven), the HCA's post_send.
 */
#include <stdarg.h>
#include <stdio.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/errno.h>
#include <rdma/ib_verbs.h>
#include <rdma/rw.h>
#include <dmalab/rdma.h>
#include <dmalab/runtime.h>

/* the mock HCA's MR: the core's ib_mr and the driver's page list */
struct dmalab_mr {
	struct ib_mr mr;
	u32 max_pages;
	unsigned int nr;			/* ranges in use */
	struct dmalab_rdma_range *ranges;	/* max_pages of them */
	bool valid;				/* registered, not invalidated */
	u32 valid_key;				/* the key of that registration */
	struct list_head node;			/* dmalab_mrs */
};

static u32 dmalab_next_key = 0x100;
static unsigned int dmalab_mrs_live;
/* every MR allocated, for the HCA's lookups by key */
static LIST_HEAD(dmalab_mrs);
static DEFINE_SPINLOCK(dmalab_mrs_lock);

#define DMALAB_LOCAL_DMA_LKEY	0x5eed

static inline struct dmalab_mr *to_dmalab_mr(const struct ib_mr *mr)
{
	return container_of(mr, struct dmalab_mr, mr);
}

struct ib_mr *ib_alloc_mr(struct ib_pd *pd, enum ib_mr_type mr_type, u32 max_num_sg)
{
	struct dmalab_mr *m;
	u32 key;

	if (mr_type == IB_MR_TYPE_INTEGRITY) {
		WARN_ON_ONCE(1);
		return ERR_PTR(-EINVAL);
	}
	if (!max_num_sg)
		return ERR_PTR(-EINVAL);
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->ranges = kcalloc(max_num_sg, sizeof(*m->ranges), GFP_KERNEL);
	if (!m->ranges) {
		kfree(m);
		return ERR_PTR(-ENOMEM);
	}
	m->max_pages = max_num_sg;
	key = __atomic_fetch_add(&dmalab_next_key, 0x100, __ATOMIC_RELAXED);
	m->mr.device = pd->device;
	m->mr.pd = pd;
	m->mr.lkey = key;
	m->mr.rkey = key;
	m->mr.type = mr_type;
	m->mr.need_inval = false;
	spin_lock(&dmalab_mrs_lock);
	list_add(&m->node, &dmalab_mrs);
	spin_unlock(&dmalab_mrs_lock);
	atomic_inc(&pd->usecnt);
	__atomic_fetch_add(&dmalab_mrs_live, 1, __ATOMIC_RELAXED);
	return &m->mr;
}

struct ib_mr *ib_alloc_mr_integrity(struct ib_pd *pd, u32 max_num_data_sg,
				    u32 max_num_meta_sg)
{
	dmalab_unimplemented("ib_alloc_mr_integrity (signature MRs are not modelled)");
}

int ib_dereg_mr_user(struct ib_mr *mr, struct ib_udata *udata)
{
	struct dmalab_mr *m = to_dmalab_mr(mr);

	atomic_dec(&mr->pd->usecnt);
	spin_lock(&dmalab_mrs_lock);
	list_del(&m->node);
	spin_unlock(&dmalab_mrs_lock);
	kfree(m->ranges);
	kfree(m);
	__atomic_fetch_sub(&dmalab_mrs_live, 1, __ATOMIC_RELAXED);
	return 0;
}

/* pages of size ps that [dma, dma + len) touches, less one shared with prev_end */
static u64 pages_for(u64 dma, u64 len, u64 ps, bool shares_first)
{
	u64 first = dma & ~(ps - 1), last = (dma + len - 1) & ~(ps - 1);

	return (last - first) / ps + 1 - shares_first;
}

int ib_map_mr_sg(struct ib_mr *mr, struct scatterlist *sg, int sg_nents,
		 unsigned int *sg_offset, unsigned int page_size)
{
	struct dmalab_mr *m = to_dmalab_mr(mr);
	unsigned int off = sg_offset ? *sg_offset : 0;
	u64 ps = page_size, pages = 0, prev_end = 0;
	struct scatterlist *s;
	int i;

	mr->page_size = page_size;
	if (sg_nents <= 0 || off > sg_dma_len(sg) || !is_power_of_2(page_size))
		return -EINVAL;
	mr->iova = sg_dma_address(sg) + off;
	mr->length = 0;
	m->nr = 0;
	for_each_sg(sg, s, sg_nents, i) {
		u64 dma = sg_dma_address(s) + off, len = sg_dma_len(s) - off;
		bool contig = i && dma == prev_end;
		u64 need;

		if (i && !contig && ((dma & (ps - 1)) || (prev_end & (ps - 1))))
			break;
		if (!len)
			break;
		need = pages_for(dma, len, ps, contig && (prev_end & (ps - 1)));
		if (pages + need > m->max_pages)
			break;
		pages += need;
		if (contig)
			m->ranges[m->nr - 1].len += len;
		else
			m->ranges[m->nr++] = (struct dmalab_rdma_range){ dma, len };
		mr->length += len;
		prev_end = dma + len;
		off = 0;
	}
	if (!i)
		return -ENOMEM;
	if (sg_offset)
		*sg_offset = 0;
	return i;
}

int ib_map_mr_sg_pi(struct ib_mr *mr, struct scatterlist *data_sg, int data_sg_nents,
		    unsigned int *data_sg_offset, struct scatterlist *meta_sg,
		    int meta_sg_nents, unsigned int *meta_sg_offset, unsigned int page_size)
{
	dmalab_unimplemented("ib_map_mr_sg_pi (signature MRs are not modelled)");
}

unsigned int dmalab_rdma_mr_ranges(const struct ib_mr *mr, struct dmalab_rdma_range *r,
				   unsigned int max)
{
	const struct dmalab_mr *m = to_dmalab_mr(mr);
	unsigned int i;

	for (i = 0; i < m->nr && i < max; i++)
		r[i] = m->ranges[i];
	return m->nr;
}

/* the MR whose key index (all but the key byte) is key's, or NULL */
static struct dmalab_mr *mr_of_key(u32 key)
{
	struct dmalab_mr *m, *found = NULL;

	spin_lock(&dmalab_mrs_lock);
	list_for_each_entry(m, &dmalab_mrs, node)
		if (m->mr.lkey >> 8 == key >> 8) {
			found = m;
			break;
		}
	spin_unlock(&dmalab_mrs_lock);
	return found;
}

static int exec_fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int dmalab_rdma_execute(struct ib_qp *qp, const struct ib_send_wr *wr, char *why, size_t len)
{
	unsigned int n;
	int i;

	for (n = 0; wr; wr = wr->next, n++) {
		struct dmalab_mr *m;

		switch (wr->opcode) {
		case IB_WR_LOCAL_INV:
			/* siw_invalidate_stag(): "an STag may already be in invalid state" */
			m = mr_of_key(wr->ex.invalidate_rkey);
			if (!m)
				return exec_fail(why, len, "wr %u: LOCAL_INV of key %#x, no MR has it",
						 n, wr->ex.invalidate_rkey);
			m->valid = false;
			break;
		case IB_WR_REG_MR: {
			const struct ib_reg_wr *reg = reg_wr(wr);

			m = to_dmalab_mr(reg->mr);
			if (reg->key >> 8 != reg->mr->lkey >> 8)
				return exec_fail(why, len, "wr %u: REG_MR of key %#x for the MR of %#x",
						 n, reg->key, reg->mr->lkey);
			/* siw_fastreg_mr(): "STag already valid" */
			if (m->valid)
				return exec_fail(why, len, "wr %u: REG_MR of an MR still valid under "
						 "key %#x (not invalidated)", n, m->valid_key);
			m->valid = true;
			m->valid_key = reg->key;
			break;
		}
		case IB_WR_RDMA_WRITE:
		case IB_WR_RDMA_READ:
		case IB_WR_RDMA_READ_WITH_INV:
			for (i = 0; i < wr->num_sge; i++) {
				u32 lkey = wr->sg_list[i].lkey;

				if (lkey == qp->pd->local_dma_lkey)
					continue;
				m = mr_of_key(lkey);
				if (!m || !m->valid || m->valid_key != lkey)
					return exec_fail(why, len, "wr %u sge %d: lkey %#x, no MR valid "
							 "under it", n, i, lkey);
				/* the iWARP drivers invalidate the SGE's MR (cxgb4, irdma, siw) */
				if (wr->opcode == IB_WR_RDMA_READ_WITH_INV)
					m->valid = false;
			}
			break;
		default:
			return exec_fail(why, len, "wr %u: opcode %d not modelled", n, wr->opcode);
		}
	}
	return 0;
}

static int dmalab_post_send(struct ib_qp *qp, const struct ib_send_wr *wr,
			    const struct ib_send_wr **bad_wr)
{
	dmalab_unimplemented("post_send (the mock HCA executes no work requests)");
}

static const struct ib_device_ops dmalab_hca_ops = {
	.post_send = dmalab_post_send,
};

struct ib_qp *dmalab_rdma_create(const struct dmalab_rdma_cfg *cfg, int *err)
{
	struct ib_qp_init_attr attr = {
		.cap = {
			.max_send_wr = 16,
			.max_send_sge = cfg->max_send_sge ?: 1,
			.max_rdma_ctxs = cfg->max_rdma_ctxs,
		},
		.qp_type = IB_QPT_RC,
		.port_num = 1,
	};
	struct ib_device *ibdev;
	struct ib_pd *pd = NULL;
	struct ib_qp *qp = NULL;
	int ret = -ENOMEM;

	ibdev = kzalloc(sizeof(*ibdev), GFP_KERNEL);
	if (!ibdev)
		goto out;
	/* port numbers start at 1 (rdma_start_port()) */
	ibdev->port_data = kcalloc(2, sizeof(*ibdev->port_data), GFP_KERNEL);
	if (!ibdev->port_data)
		goto out;
	ibdev->dma_device = cfg->dma_device;
	ibdev->ops = dmalab_hca_ops;
	ibdev->phys_port_cnt = 1;
	ibdev->port_data[1].ib_dev = ibdev;
	ibdev->port_data[1].immutable.core_cap_flags =
		cfg->iwarp ? RDMA_CORE_PORT_IWARP : RDMA_CORE_PORT_IBA_IB;
	ibdev->attrs.max_sge_rd = cfg->max_sge_rd ?: attr.cap.max_send_sge;
	ibdev->attrs.max_sgl_rd = cfg->max_sgl_rd;
	ibdev->attrs.max_fast_reg_page_list_len = cfg->max_fast_reg_page_list_len ?: 256;
	ibdev->attrs.max_qp_wr = cfg->max_qp_wr ?: 16384;
	ibdev->attrs.max_send_sge = attr.cap.max_send_sge;

	pd = kzalloc(sizeof(*pd), GFP_KERNEL);
	if (!pd)
		goto out;
	pd->device = ibdev;
	pd->local_dma_lkey = DMALAB_LOCAL_DMA_LKEY;

	/* ib_create_qp_kernel(): the R/W API's share of the send queue first */
	rdma_rw_init_qp(ibdev, &attr);
	qp = kzalloc(sizeof(*qp), GFP_KERNEL);
	if (!qp)
		goto out;
	qp->device = ibdev;
	qp->pd = pd;
	qp->qp_type = attr.qp_type;
	qp->port = attr.port_num;
	spin_lock_init(&qp->mr_lock);
	INIT_LIST_HEAD(&qp->rdma_mrs);
	INIT_LIST_HEAD(&qp->sig_mrs);
	qp->max_write_sge = attr.cap.max_send_sge;
	qp->max_read_sge = min_t(u32, attr.cap.max_send_sge, ibdev->attrs.max_sge_rd);
	ret = rdma_rw_init_mrs(qp, &attr);
	if (ret)
		goto out;
	return qp;
out:
	kfree(qp);
	kfree(pd);
	if (ibdev)
		kfree(ibdev->port_data);
	kfree(ibdev);
	*err = ret;
	return NULL;
}

void dmalab_rdma_destroy(struct ib_qp *qp)
{
	struct ib_device *ibdev = qp->device;

	WARN(qp->mrs_used, "QP destroyed with %d MRs in use\n", qp->mrs_used);
	rdma_rw_cleanup_mrs(qp);
	WARN(atomic_read(&qp->pd->usecnt), "PD destroyed with %d objects\n",
	     atomic_read(&qp->pd->usecnt));
	kfree(qp->pd);
	kfree(qp);
	kfree(ibdev->port_data);
	kfree(ibdev);
}

int dmalab_rdma_mrs_used(const struct ib_qp *qp)
{
	return qp->mrs_used;
}

unsigned int dmalab_rdma_mrs_live(void)
{
	return __atomic_load_n(&dmalab_mrs_live, __ATOMIC_RELAXED);
}
