// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "dmabuf": dma-buf export of PCI BAR ranges
 * (drivers/dma-buf/dma-buf-mapping.c) by the VFIO PCI exporter
 * (drivers/vfio/pci/vfio_pci_dmabuf.c) and by a plain exporter, imported
 * by the endpoints of a PCI topology.
 *
 * Input: a topology program (fuzz/target.h, topo_prog_codec), built as the
 * p2p target builds it (topology/topo_build.c) with the program's
 * page-table format. Ops:
 *   dmabuf_range off_pages len_pages skew   a range for the next export:
 *       [off_pages pages + skew, + len_pages pages + skew) of the BAR
 *   dmabuf_export provider bar via          the ranges so far as a buffer
 *       (at most 4 live): via vfio, the VFIO_DEVICE_FEATURE_DMA_BUF ioctl
 *       of the provider's function (any endpoint: vfio-pci makes every
 *       memory BAR a provider), its answer against dmabuf_vfio_expect();
 *       via exporter, an exporter whose map_dma_buf is
 *       dma_buf_phys_vec_to_sgt() over the ranges reduced into a P2P BAR
 *       (page aligned, inside it)
 *   dmabuf_attach buf client kind           an endpoint attaches (at most 8
 *       attachments): revocable P2P, pinned P2P or no P2P importer; the
 *       VFIO exporter's refusals (-EOPNOTSUPP, -ENODEV when revoked)
 *   dmabuf_map att dir, dmabuf_unmap att    through the dma-buf core; every
 *       map checked by the dma-buf oracle (oracle/dmabuf_check.h: route,
 *       table shape, every byte reaching its BAR byte through the checker,
 *       nothing else mapped), every unmap leaving nothing
 *   dmabuf_revoke buf enable                the exporting function's memory
 *       decoding off (every importer invalidated: revocable importers
 *       unmap in their callback) or on again
 *   dmabuf_close buf                        importers detach, the buffer is
 *       closed (released with its last reference)
 *   fail_nth, cpu, drain                    as everywhere
 * The teardown closes everything, closes each VFIO device
 * (vfio_pci_dma_buf_cleanup) and requires nothing mapped or allocated.
 *
 * Findings: a disagreement with the oracle, a kernel WARN (but dma-direct's
 * when a range is beyond the importer's mask and the oracle says refused),
 * leaks, sanitizer reports. Under an injected allocation failure a refusal
 * with -ENOMEM is no finding (anything mapped or left mapped still is).
 * Known kernel bugs are left out and counted: maps of several ranges on
 * the IOVA path (dmabuf-iova-offset-zero), the scatterlist array every
 * unmap leaves (dmabuf-free-sgt-leak, freed by the oracle), importers that
 * are their own provider with ACS redirect (p2p-own-acs).
 *
 * Not generated: ioctl inputs that wrap 64-bit offsets or lengths (the
 * suite covers them), the device's power state, concurrency.
 *
 * C reproducer (make repro-c, fuzz/c_emit.h): fuzz/dmabuf_emit.c writes
 * beside each call the same call and each check as an assert; what the
 * run tolerates (the array each unmap leaves) or leaves out (maps of
 * several ranges on the IOVA path) fails there. Refused: maps left out
 * for p2p-own-acs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/vfio_pci_core.h>
#include <drivers/vfio/pci/vfio_pci_priv.h>
#include <dmalab/iommu.h>
#include <dmalab/runtime.h>
#include <dmalab/vfio.h>

#include "fuzz/c_emit.h"
#include "fuzz/dmabuf_emit.h"
#include "fuzz/target.h"
#include "oracle/checker.h"
#include "oracle/dmabuf_check.h"
#include "oracle/known_bugs.h"
#include "topology/topo_build.h"

#define DZ_BUFS		4
#define DZ_ATTS		8
#define DZ_RANGES	16

enum dz_via { DZ_VIA_VFIO, DZ_VIA_EXPORTER };
enum dz_kind { DZ_REVOCABLE, DZ_PINNED, DZ_NO_P2P };

struct dz_buf {
	bool live, vfio;
	int provider, bar, fd;
	struct dma_buf *dmabuf;		/* our reference */
	struct p2pdma_provider *mem;	/* the plain exporter's provider */
	struct phys_vec ranges[DZ_RANGES];
	struct dmabuf_export x;
};

struct dz_att {
	bool live;
	int buf, client;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	struct check_map *m;
	enum dma_data_direction dir;
};

static struct {
	struct fuzz_run *r;
	struct topo_system s;
	bool built;
	struct checker *ck;
	char ck_msg[512];
	struct vfio_pci_core_device vdev[TOPO_MAX_NODES];
	bool vdev_up[TOPO_MAX_NODES], mem_off[TOPO_MAX_NODES];
	struct vfio_region_dma_range pending[DZ_RANGES];
	unsigned int npending;
	struct dz_buf buf[DZ_BUFS];
	struct dz_att att[DZ_ATTS];
	bool revoking;			/* in a revoke: invalidations are its */
} dz;

static void ck_report(void *priv, const char *msg)
{
	if (!dz.ck_msg[0])
		snprintf(dz.ck_msg, sizeof(dz.ck_msg), "%s", msg);
}

static unsigned long failed_allocs(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.failed;
}

static void finding(const char *where, const char *msg)
{
	run_finding(dz.r, "checker", where, "%s%s%s", msg, dz.ck_msg[0] ? "; checker: " : "",
		    dz.ck_msg);
}

/* ---- the plain exporter ---- */

static struct sg_table *dz_map_dma_buf(struct dma_buf_attachment *attach,
				       enum dma_data_direction dir)
{
	struct dz_buf *b = attach->dmabuf->priv;

	return dma_buf_phys_vec_to_sgt(attach, b->mem, b->ranges, b->x.nr_ranges,
				       dmabuf_size(&b->x), dir);
}

static void dz_unmap_dma_buf(struct dma_buf_attachment *attach, struct sg_table *sgt,
			     enum dma_data_direction dir)
{
	dma_buf_free_sgt(attach, sgt, dir);
}

static void dz_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops dz_ops = {
	.map_dma_buf = dz_map_dma_buf,
	.unmap_dma_buf = dz_unmap_dma_buf,
	.release = dz_release,
};

/* ---- importers ---- */

static void dz_unmap_locked(struct dz_att *a)
{
	struct scatterlist *sgl = a->sgt->sgl;
	unsigned int nents = a->sgt->nents;
	unsigned long leaks = 0;
	char msg[640];

	dma_buf_unmap_attachment(a->attach, a->sgt, a->dir);
	a->sgt = NULL;
	if (!dmabuf_check_unmap(dz.ck, a->m, msg, sizeof(msg)))
		finding("dmabuf_check_unmap", msg);
	a->m = NULL;
	if (c_emit_on)
		leaks = known_bug_hits("dmabuf-free-sgt-leak");
	if (!dmabuf_check_freed(sgl, nents, true, msg, sizeof(msg)))
		finding("dmabuf_check_freed", msg);
	if (!c_emit_on)
		return;
	/* written after the run's calls: the C needs to know the array was left */
	leaks = known_bug_hits("dmabuf-free-sgt-leak") != leaks;
	if (dz.revoking)
		dmabuf_emit_invalidated(a - dz.att, leaks);
	else
		dmabuf_emit_unmap(a - dz.att, a->buf, a->dir, leaks);
}

static void dz_invalidate(struct dma_buf_attachment *attach)
{
	struct dz_att *a = attach->importer_priv;

	if (c_emit_on && !dz.revoking)
		c_emit_unsupported("an invalidation outside a revoke");
	if (a->sgt)
		dz_unmap_locked(a);
}

static const struct dma_buf_attach_ops dz_importers[] = {
	[DZ_REVOCABLE] = { .allow_peer2peer = true, .invalidate_mappings = dz_invalidate },
	[DZ_PINNED] = { .allow_peer2peer = true },
	[DZ_NO_P2P] = { .invalidate_mappings = dz_invalidate },
};

/* ---- setup ---- */

static bool dz_setup(struct fuzz_run *r)
{
	char err[256];
	int ret, cpus_ret, n;

	memset(&dz, 0, sizeof(dz));
	dz.r = r;
	if (!r->in->topo)
		return false;
	/*
	 * the CPUs first: the build allocates per-cpu data (IOVA caches, flush
	 * queues), after which their number can no longer change (-EBUSY)
	 */
	cpus_ret = dmalab_set_nr_cpus(r->p->cfg[CFG_CPUS]);
	dz.ck = check_create(ck_report, NULL);
	check_set_sample_budget(dz.ck, 8);
	ret = topo_build_format(r->in->topo, &dz.s, r->p->cfg[CFG_FORMAT], err, sizeof(err));
	if (ret) {
		check_destroy(dz.ck);
		dz.ck = NULL;
		if (ret != -EIO)
			run_finding(r, "build", "topo_build", "a valid topology cannot be set up: %s",
				    err);
		return false;
	}
	dz.built = true;
	if (c_emit_on) {
		dmabuf_emit_cpus(r->p->cfg[CFG_CPUS], cpus_ret);
		dmabuf_emit_setup(r->in->topo, r->p->cfg[CFG_FORMAT], 8);
	}
	for (n = 0; n < (int)dz.s.t->nr_nodes; n++)
		if (dz.s.dev[n] && !check_add_device(dz.ck, dz.s.dev[n]))
			finding("check_add_device", "cannot register an endpoint");
	return true;
}

/* the n-th (modulo) endpoint, or -1 */
static int nth_endpoint(unsigned int n)
{
	int i, count = 0;

	for (i = 0; i < (int)dz.s.t->nr_nodes; i++)
		count += !!dz.s.dev[i];
	if (!count)
		return -1;
	n %= count;
	for (i = 0; i < (int)dz.s.t->nr_nodes; i++)
		if (dz.s.dev[i] && !n--)
			return i;
	return -1;
}

static struct dz_buf *free_buf(void)
{
	unsigned int i;

	for (i = 0; i < DZ_BUFS; i++)
		if (!dz.buf[i].live)
			return &dz.buf[i];
	return NULL;
}

/* ---- ops ---- */

static void op_range(const uint64_t *a)
{
	struct vfio_region_dma_range *r;

	if (dz.npending == DZ_RANGES)
		return;
	r = &dz.pending[dz.npending++];
	r->offset = a[0] * PAGE_SIZE + a[2];
	r->length = a[1] * PAGE_SIZE + a[2];
}

static void export_vfio(struct dz_buf *b, int p, unsigned int bar, unsigned long failed0)
{
	union {
		struct vfio_device_feature_dma_buf hdr;
		u8 bytes[sizeof(struct vfio_device_feature_dma_buf) +
			 DZ_RANGES * sizeof(struct vfio_region_dma_range)];
	} req = { .hdr = { .region_index = bar, .nr_ranges = dz.npending } };
	size_t argsz = sizeof(req.hdr) + dz.npending * sizeof(req.hdr.dma_ranges[0]);
	char msg[256];
	int want, got;

	if (!dz.vdev_up[p]) {
		got = dmalab_vfio_pci_init(&dz.vdev[p], dz.s.pdev[p]);
		if (c_emit_on)
			dmabuf_emit_vfio_init(p, got);
		if (got)
			return;		/* under an injected failure: no device */
		dz.vdev_up[p] = true;
	}
	memcpy(req.hdr.dma_ranges, dz.pending, dz.npending * sizeof(dz.pending[0]));
	want = dmabuf_vfio_expect(&dz.s, p, VFIO_DEVICE_FEATURE_GET, argsz, &req.hdr,
				  dz.pending, true);
	got = vfio_pci_core_feature_dma_buf(&dz.vdev[p], VFIO_DEVICE_FEATURE_GET,
					    (void __user *)&req, argsz);
	if (got < 0 && got == -ENOMEM && failed_allocs() != failed0) {
		if (c_emit_on)
			dmabuf_emit_vfio_export(b - dz.buf, p, bar, dz.pending, dz.npending, want,
						got, true);
		run_say(dz.r, "refused under an injected allocation failure");
		return;
	}
	if (c_emit_on)
		dmabuf_emit_vfio_export(b - dz.buf, p, bar, dz.pending, dz.npending, want, got,
					false);
	if (got < 0 || want != 1) {
		if (got != want) {
			snprintf(msg, sizeof(msg), "VFIO_DEVICE_FEATURE_DMA_BUF of %u ranges of "
				 "BAR %u gave %d, expected %d (1: a descriptor)", dz.npending, bar,
				 got, want);
			finding("dmabuf_vfio_expect", msg);
		}
		if (got >= 0)
			dmalab_dma_buf_close(got);
		return;
	}
	b->dmabuf = dma_buf_get(got);
	if (IS_ERR(b->dmabuf)) {
		finding("dma_buf_get", "the new descriptor names no dma-buf");
		return;
	}
	b->live = true;
	b->vfio = true;
	b->fd = got;
	b->provider = p;
	b->bar = bar;
	dmabuf_vfio_export(&dz.s, p, bar, dz.pending, dz.npending, b->ranges, &b->x);
}

static void export_plain(struct dz_buf *b, int p, unsigned int bar)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	const struct topo_bar *tb = &dz.s.t->nodes[p].bars[bar];
	u64 pages = tb->size / PAGE_SIZE;
	unsigned int i;

	if (!dz.s.provider[p][bar] || !dz.npending || !pages) {
		if (c_emit_on)
			dmabuf_emit_plain_skipped(p, bar);
		return;
	}
	for (i = 0; i < dz.npending; i++) {
		u64 off = dz.pending[i].offset / PAGE_SIZE % pages;
		u64 len = dz.pending[i].length / PAGE_SIZE;

		len = clamp_t(u64, len, 1, pages - off);
		b->ranges[i].paddr = tb->cpu_start + off * PAGE_SIZE;
		b->ranges[i].len = len * PAGE_SIZE;
	}
	b->x = (struct dmabuf_export){ .s = &dz.s, .provider = p, .bar = bar,
				       .ranges = b->ranges, .nr_ranges = dz.npending };
	b->mem = dz.s.provider[p][bar];
	exp_info.ops = &dz_ops;
	exp_info.size = dmabuf_size(&b->x);
	exp_info.priv = b;
	b->dmabuf = dma_buf_export(&exp_info);
	if (c_emit_on)
		dmabuf_emit_plain_export(b - dz.buf, p, bar, b->ranges, dz.npending,
					 PTR_ERR_OR_ZERO(b->dmabuf));
	if (IS_ERR(b->dmabuf))
		return;		/* -ENOMEM under injection: its only failure */
	b->live = true;
	b->vfio = false;
	b->provider = p;
	b->bar = bar;
}

static void op_export(const uint64_t *a)
{
	unsigned long failed0 = failed_allocs();
	struct dz_buf *b = free_buf();
	int p = nth_endpoint(a[0]);

	if (!b || p < 0)
		goto out;
	memset(b, 0, sizeof(*b));
	if (a[2] == DZ_VIA_VFIO)
		export_vfio(b, p, a[1], failed0);
	else
		export_plain(b, p, a[1]);
out:
	dz.npending = 0;
}

static void op_attach(const uint64_t *a)
{
	unsigned long failed0 = failed_allocs();
	struct dz_buf *b = &dz.buf[a[0] % DZ_BUFS];
	int c = nth_endpoint(a[1]);
	enum dz_kind kind = a[2];
	struct dz_att *at = NULL;
	char msg[256];
	int i, want = 0, got = 0;

	if (!b->live || c < 0)
		return;
	for (i = 0; i < DZ_ATTS && !at; i++)
		if (!dz.att[i].live)
			at = &dz.att[i];
	if (!at)
		return;
	memset(at, 0, sizeof(*at));
	/* vfio_pci_dma_buf_attach(): P2P importers that can be revoked, not revoked */
	if (b->vfio)
		want = kind != DZ_REVOCABLE ? -EOPNOTSUPP : dz.mem_off[b->provider] ? -ENODEV : 0;
	at->attach = dma_buf_dynamic_attach(b->dmabuf, dz.s.dev[c], &dz_importers[kind], at);
	if (IS_ERR(at->attach))
		got = PTR_ERR(at->attach);
	if (got == -ENOMEM && failed_allocs() != failed0) {
		if (c_emit_on)
			dmabuf_emit_attach(at - dz.att, b - dz.buf, c, kind, b->vfio, want, got,
					   true);
		return;
	}
	/*
	 * A pinned P2P importer of a revoked buffer is refused on both
	 * counts; which error comes first is the exporter's choice (7.3.4
	 * checks the revocation before the importer's kind: -ENODEV).
	 */
	if (b->vfio && kind == DZ_PINNED && dz.mem_off[b->provider] && got == -ENODEV)
		want = got;
	if (c_emit_on)
		dmabuf_emit_attach(at - dz.att, b - dz.buf, c, kind, b->vfio, want, got, false);
	if (got != want) {
		snprintf(msg, sizeof(msg), "attach of %s (%s importer) gave %d, expected %d",
			 dz.s.t->nodes[c].name, kind == DZ_REVOCABLE ? "revocable" :
			 kind == DZ_PINNED ? "pinned" : "non-P2P", got, want);
		finding("dmabuf attach", msg);
	}
	if (!got) {
		at->live = true;
		at->buf = b - dz.buf;
		at->client = c;
	}
}

/* the map as C: which check the run makes of it, as below */
static void emit_map(struct dz_att *at, struct dz_buf *b, struct sg_table *sgt,
		     unsigned long failed0)
{
	enum dmabuf_emit_map kind = DE_MAP;

	if (b->vfio && dz.mem_off[b->provider])
		kind = DE_MAP_REVOKED;
	else if (IS_ERR(sgt) && PTR_ERR(sgt) == -ENOMEM && failed_allocs() != failed0)
		kind = DE_MAP_INJECTED;
	dmabuf_emit_map(kind, at - dz.att, at->buf, at->client, at->dir,
			dmabuf_route(&b->x, at->client) == DMABUF_UNREACHABLE,
			PTR_ERR_OR_ZERO(sgt), NULL);
}

static void op_map(const uint64_t *a)
{
	unsigned long failed0 = failed_allocs();
	struct dz_att *at = &dz.att[a[0] % DZ_ATTS];
	struct dz_buf *b = &dz.buf[at->buf];
	unsigned long warns = dmalab_warn_count(), syncs = dmalab_arch_syncs();
	struct sg_table *sgt;
	const char *bug;
	char msg[640];

	if (!at->live || at->sgt)
		return;
	bug = dmabuf_known_bug(&b->x, at->client);
	if (bug && !(b->vfio && dz.mem_off[b->provider])) {
		if (c_emit_on)
			dmabuf_emit_map(DE_MAP_LEFT_OUT, at - dz.att, at->buf, at->client, a[1],
					dmabuf_route(&b->x, at->client) == DMABUF_UNREACHABLE, 0,
					bug);
		known_bug_hit(bug);
		run_say(dz.r, "left out: known bug %s", bug);
		return;
	}
	at->dir = a[1];
	dma_resv_lock(b->dmabuf->resv, NULL);
	sgt = dma_buf_map_attachment(at->attach, at->dir);
	dma_resv_unlock(b->dmabuf->resv);
	if (c_emit_on)
		emit_map(at, b, sgt, failed0);
	if (b->vfio && dz.mem_off[b->provider]) {
		if (!dmabuf_check_revoked(sgt, msg, sizeof(msg)))
			finding("dmabuf_check_revoked", msg);
	} else if (IS_ERR(sgt) && PTR_ERR(sgt) == -ENOMEM && failed_allocs() != failed0) {
		run_say(dz.r, "refused under an injected allocation failure");
		if (!check_verify(dz.ck))
			finding("dmabuf map", "a map failed and left something mapped");
		return;
	} else if (!dmabuf_check_map(dz.ck, &b->x, at->client, sgt, at->dir, warns, syncs,
				     &at->m, msg, sizeof(msg))) {
		finding("dmabuf_check_map", msg);
	}
	if (!IS_ERR(sgt))
		at->sgt = sgt;
}

static void unmap(struct dz_att *at)
{
	struct dma_resv *resv = dz.buf[at->buf].dmabuf->resv;

	if (!at->sgt)
		return;
	if (c_emit_on)
		dmabuf_emit_lock(at->buf, true);
	dma_resv_lock(resv, NULL);
	dz_unmap_locked(at);
	dma_resv_unlock(resv);
	if (c_emit_on)
		dmabuf_emit_lock(at->buf, false);
}

static void op_revoke(const uint64_t *a)
{
	struct dz_buf *b = &dz.buf[a[0] % DZ_BUFS];

	if (!b->live || !b->vfio)
		return;
	if (c_emit_on)
		dmabuf_emit_revoke(b->provider, a[1]);
	dz.revoking = true;
	dmalab_vfio_pci_set_memory(&dz.vdev[b->provider], a[1]);
	dz.revoking = false;
	if (c_emit_on)
		dmabuf_emit_revoke_done();
	dz.mem_off[b->provider] = !a[1];
}

static void close_buf(struct dz_buf *b)
{
	unsigned int i;

	for (i = 0; i < DZ_ATTS; i++) {
		struct dz_att *at = &dz.att[i];

		if (!at->live || &dz.buf[at->buf] != b)
			continue;
		unmap(at);
		dma_buf_detach(b->dmabuf, at->attach);
		if (c_emit_on)
			dmabuf_emit_detach(i, b - dz.buf);
		at->live = false;
	}
	dma_buf_put(b->dmabuf);
	if (c_emit_on)
		dmabuf_emit_put(b - dz.buf, b->vfio);
	if (b->vfio)
		dmalab_dma_buf_close(b->fd);
	b->live = false;
}

static void dz_op(struct fuzz_run *r, const struct prog_op *op)
{
	dz.ck_msg[0] = 0;
	switch (op->code) {
	case OP_DMABUF_RANGE:
		op_range(op->arg);
		break;
	case OP_DMABUF_EXPORT:
		op_export(op->arg);
		break;
	case OP_DMABUF_ATTACH:
		op_attach(op->arg);
		break;
	case OP_DMABUF_MAP:
		op_map(op->arg);
		break;
	case OP_DMABUF_UNMAP:
		if (dz.att[op->arg[0] % DZ_ATTS].live)
			unmap(&dz.att[op->arg[0] % DZ_ATTS]);
		break;
	case OP_DMABUF_REVOKE:
		op_revoke(op->arg);
		break;
	case OP_DMABUF_CLOSE:
		if (dz.buf[op->arg[0] % DZ_BUFS].live)
			close_buf(&dz.buf[op->arg[0] % DZ_BUFS]);
		break;
	default:
		run_env_op(r, op);	/* cpu, drain, fail_nth; the rest is not ours */
	}
}

static void dz_teardown(struct fuzz_run *r)
{
	unsigned int i;
	int n;

	dmalab_fail_off();
	dz.ck_msg[0] = 0;
	for (i = 0; i < DZ_BUFS; i++)
		if (dz.buf[i].live)
			close_buf(&dz.buf[i]);
	for (n = 0; n < TOPO_MAX_NODES; n++)
		if (dz.vdev_up[n]) {
			dmalab_vfio_pci_fini(&dz.vdev[n]);
			if (c_emit_on)
				dmabuf_emit_vfio_fini(n);
		}
	if (dz.built) {
		for (n = 0; n < (int)dz.s.t->nr_nodes; n++)
			if (dz.s.dev[n])
				check_remove_device(dz.ck, dz.s.dev[n]);
		topo_teardown(&dz.s);
		if (!check_teardown(dz.ck))
			run_finding(r, "teardown", "check_teardown", "%s", dz.ck_msg);
		if (c_emit_on)
			dmabuf_emit_teardown();
	}
	if (dz.ck)
		check_destroy(dz.ck);
	dz.built = false;
	dz.ck = NULL;
}

const struct target target_dmabuf = {
	.name = "dmabuf",
	.summary = "dma-buf export of BAR ranges (VFIO and a plain exporter) to the "
		   "endpoints of a topology, against the dma-buf oracle",
	.codec = &topo_prog_codec,
	.max_len = 8192 + 2600,	/* TOPO_BIN_MAX, then a program */
	.timeout = 25,
	.setup = dz_setup,
	.op = dz_op,
	.teardown = dz_teardown,
};
