// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma suite: what rw.c tells a ULP to size its queue pair with.
 * rdma_rw_init_qp() (ib_create_qp_kernel() calls it for a QP with
 * max_rdma_ctxs) adds each R/W context's share to max_send_wr: one
 * request, plus REG_MR and LOCAL_INV where the device registers memory
 * (iWARP, max_sgl_rd, force_mr) or the QP has integrity enabled, that is
 * exactly rdma_rw_max_send_wr() ("the total number of Send Queue entries
 * needed for max_rdma_ctxs"), and caps the sum at the device's max_qp_wr
 * ("we'll have to live with what we get").
 */
#include "tests/rdma/rdma.h"

struct qp_case {
	const char *name;
	bool iwarp;
	u32 max_sgl_rd;
	u32 create_flags;
	u32 max_qp_wr;
	u32 factor;		/* send queue entries per context */
};

static const struct qp_case qp_cases[] = {
	{ "ib", .factor = 1 },
	{ "iwarp", .iwarp = true, .factor = 3 },
	{ "ib_max_sgl_rd", .max_sgl_rd = 4, .factor = 3 },
	{ "ib_integrity", .create_flags = IB_QP_CREATE_INTEGRITY_EN, .factor = 3 },
	/* a device whose send queue is shorter than the ULP asks for */
	{ "ib_short_sq", .max_qp_wr = 20, .factor = 1 },
	{ "iwarp_short_sq", .iwarp = true, .max_qp_wr = 30, .factor = 3 },
};

/*
 * A test of rdma_rw_init_qp() on the mock HCA of each kind, for a ULP
 * asking for 16 send requests of its own and 8 R/W contexts. Expect
 * max_send_wr = min(16 + factor * 8, max_qp_wr), the added share equal
 * to rdma_rw_max_send_wr(), and the QP's other capabilities untouched.
 */
bool test_qp_send_queue_size(void)
{
	static const struct profile p = { "direct" };
	unsigned int i;
	bool ok = true;

	for (i = 0; i < ARRAY_SIZE(qp_cases) && ok; i++) {
		const struct qp_case *c = &qp_cases[i];
		struct dmalab_rdma_cfg cfg;
		struct ib_qp_init_attr attr = {
			.cap = { .max_send_wr = 16, .max_recv_wr = 5, .max_send_sge = 4,
				 .max_rdma_ctxs = 8 },
			.qp_type = IB_QPT_RC,
			.port_num = 1,
			.create_flags = c->create_flags,
		};
		u32 max_qp_wr, want, share;
		struct env e;

		cfg_ib(&cfg);
		cfg.iwarp = c->iwarp;
		cfg.max_sgl_rd = c->max_sgl_rd;
		cfg.max_qp_wr = c->max_qp_wr;
		if (!env_init(&e, &p, &cfg))
			return env_fini(&e) && false;
		max_qp_wr = e.qp->device->attrs.max_qp_wr;
		share = rdma_rw_max_send_wr(e.qp->device, 1, 8, c->create_flags);
		want = min(16 + c->factor * 8, max_qp_wr);
		rdma_rw_init_qp(e.qp->device, &attr);
		if (share != c->factor * 8)
			kt_report(__FILE__, __LINE__, "%s: rdma_rw_max_send_wr(8 contexts) = %u, "
				  "expected %u", c->name, share, c->factor * 8), ok = false;
		else if (attr.cap.max_send_wr != want)
			kt_report(__FILE__, __LINE__, "%s: max_send_wr %u after rdma_rw_init_qp(), "
				  "expected min(16 + %u, max_qp_wr %u) = %u", c->name,
				  attr.cap.max_send_wr, share, max_qp_wr, want), ok = false;
		else if (attr.cap.max_recv_wr != 5 || attr.cap.max_send_sge != 4 ||
			 attr.cap.max_rdma_ctxs != 8)
			kt_report(__FILE__, __LINE__, "%s: rdma_rw_init_qp() changed other "
				  "capabilities", c->name), ok = false;
		ok = env_fini(&e) && ok;
	}
	return ok;
}
