// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dmabuf suite's environment: the topology, the exporter and the
 * importer every case uses.
 */
#include <dmalab/iommu.h>
#include "tests/dmabuf/dmabuf.h"

/*
 * P2P decisions (oracle/p2p_model.h) for the gpu's BAR1 as provider:
 *   nic   BUS_ADDR          below the same switch, no ACS redirect
 *   nvme  THRU_HOST_BRIDGE  rp0 vs rp1 on hb0, a P2P-routing root complex;
 *                           behind a DMA domain: the IOVA path
 *   ssd   THRU_HOST_BRIDGE  no IOMMU: dma_map_phys() per range
 *   old   THRU_HOST_BRIDGE  no IOMMU, 32-bit mask: the BAR (64 GiB up) is
 *                           beyond it, MMIO cannot bounce: refused
 *   far   NOT_SUPPORTED     on hb1, whose root complex is not whitelisted
 * hb0's 64-bit window has bus addresses 64 GiB above its CPU addresses, so
 * a bus address that is the CPU address is wrong. nvme and ssd are not
 * cache coherent: a mapping of MMIO must still have no cache maintenance.
 */
static const char topo_text[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+12G@0x2000000000 "
	"window=0x13c0000000+1G@0xc0000000\n"
	"host hb1 segment=0 bus=0x80 hbdev=8086:3e30 window=0x1300000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"switch-up sw0 parent=rp0 at=00.0 id=10b5:8796\n"
	"switch-down sw0d0 parent=sw0 at=08.0 id=10b5:8796 acs=sv,uf\n"
	"switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796 acs=sv,uf\n"
	"endpoint gpu parent=sw0d0 at=00.0 id=10de:2330 bar0=0x13c0000000+16M "
	"bar1=0x1000000000+8G,mem64,pref,p2p iommu=dma\n"
	"endpoint nic parent=sw0d1 at=00.0 id=15b3:1021 bar0=0x1200000000+32M,mem64,pref iommu=dma\n"
	"root-port rp1 host=hb0 at=02.0 id=8086:2031\n"
	"endpoint nvme parent=rp1 at=00.0 id=144d:a824 bar0=0x13c1000000+16K,mem64 iommu=dma "
	"noncoherent\n"
	"root-port rp2 host=hb0 at=03.0 id=8086:2032\n"
	"endpoint ssd parent=rp2 at=00.0 id=144d:a80a bar0=0x13c1004000+16K,mem64 iommu=none "
	"noncoherent\n"
	"root-port rp3 host=hb0 at=04.0 id=8086:2033\n"
	"endpoint old parent=rp3 at=00.0 id=1000:0072 bar0=0x13c1008000+16K iommu=none dma-bits=32\n"
	"root-port rp4 host=hb1 at=01.0 id=8086:1901\n"
	"endpoint far parent=rp4 at=00.0 id=15b3:1017 bar0=0x1300000000+32M,mem64,pref iommu=dma\n";

static void report(void *priv, const char *msg)
{
	kt_diag("checker: %s", msg);
}

int env_node(struct env *e, const char *name)
{
	return topo_find_node(&e->topo, name);
}

bool env_up(struct env *e, int pt_format)
{
	char err[256];
	int n;

	memset(e, 0, sizeof(*e));
	if (topo_parse_text(topo_text, strlen(topo_text), &e->topo, err, sizeof(err)))
		KT_FAIL("the suite's topology: %s", err);
	e->ck = check_create(report, NULL);
	if (topo_build_format(&e->topo, &e->sys, pt_format, err, sizeof(err)))
		KT_FAIL("building it: %s", err);
	e->gpu = env_node(e, "gpu");
	e->nic = env_node(e, "nic");
	e->nvme = env_node(e, "nvme");
	e->ssd = env_node(e, "ssd");
	e->old = env_node(e, "old");
	e->far = env_node(e, "far");
	for (n = 0; n < (int)e->topo.nr_nodes; n++)
		if (e->sys.dev[n] && !check_add_device(e->ck, e->sys.dev[n]))
			KT_FAIL("registering %s with the checker", e->topo.nodes[n].name);
	if (!e->sys.provider[e->gpu][GPU_BAR])
		KT_FAIL("gpu BAR%d is no P2P provider", GPU_BAR);
	return true;
}

bool env_down(struct env *e)
{
	bool ok = true;
	int n;

	for (n = 0; n < (int)e->topo.nr_nodes; n++)
		if (e->sys.dev[n] && !check_remove_device(e->ck, e->sys.dev[n]))
			ok = false;
	topo_teardown(&e->sys);
	if (!check_teardown(e->ck))
		ok = false;
	check_destroy(e->ck);
	if (!ok)
		KT_FAIL("mappings or memory left at teardown (reported above)");
	return true;
}

/* ---- the exporter: what a driver exporting BAR ranges does ---- */

static struct sg_table *test_map(struct dma_buf_attachment *attach, enum dma_data_direction dir)
{
	struct test_export *te = attach->dmabuf->priv;

	return dma_buf_phys_vec_to_sgt(attach, te->provider, te->ranges, te->x.nr_ranges,
				       te->size, dir);
}

static void test_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,
		       enum dma_data_direction dir)
{
	dma_buf_free_sgt(attach, sgt, dir);
}

static void test_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops test_ops = {
	.map_dma_buf = test_map,
	.unmap_dma_buf = test_unmap,
	.release = test_release,
};

int test_export(struct env *e, struct test_export *te, const struct bar_range *r,
		unsigned int n)
{
	const struct topo_bar *bar = &e->topo.nodes[e->gpu].bars[GPU_BAR];
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	unsigned int i;

	memset(te, 0, sizeof(*te));
	for (i = 0; i < n && i < MAX_RANGES; i++) {
		te->ranges[i].paddr = bar->cpu_start + r[i].off;
		te->ranges[i].len = r[i].len;
		te->size += r[i].len;
	}
	te->x.s = &e->sys;
	te->x.provider = e->gpu;
	te->x.bar = GPU_BAR;
	te->x.ranges = te->ranges;
	te->x.nr_ranges = i;
	te->provider = e->sys.provider[e->gpu][GPU_BAR];
	exp_info.ops = &test_ops;
	exp_info.size = te->size;
	exp_info.priv = te;
	te->dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(te->dmabuf))
		return PTR_ERR(te->dmabuf);
	return 0;
}

void test_export_put(struct test_export *te)
{
	dma_buf_put(te->dmabuf);
}

/* ---- the importer ---- */

void importer_unmap_locked(struct importer *im);

static void importer_invalidate(struct dma_buf_attachment *attach)
{
	struct importer *im = attach->importer_priv;

	im->invalidations++;
	/* the reservation lock is held by whoever invalidates */
	if (im->sgt)
		importer_unmap_locked(im);
}

static const struct dma_buf_attach_ops p2p_revocable = {
	.allow_peer2peer = true,
	.invalidate_mappings = importer_invalidate,
};
static const struct dma_buf_attach_ops p2p_pinned = {
	.allow_peer2peer = true,
};
static const struct dma_buf_attach_ops no_p2p_revocable = {
	.invalidate_mappings = importer_invalidate,
};

int importer_attach(struct importer *im, struct env *e, const struct dmabuf_export *x,
		    struct dma_buf *buf, int node, bool p2p, bool revocable)
{
	const struct dma_buf_attach_ops *ops;

	memset(im, 0, sizeof(*im));
	im->e = e;
	im->x = x;
	im->node = node;
	ops = p2p ? (revocable ? &p2p_revocable : &p2p_pinned) : &no_p2p_revocable;
	im->attach = dma_buf_dynamic_attach(buf, e->sys.dev[node], ops, im);
	if (IS_ERR(im->attach)) {
		int err = PTR_ERR(im->attach);

		im->attach = NULL;
		return err;
	}
	return 0;
}

int importer_map(struct importer *im, enum dma_data_direction dir)
{
	struct dma_buf *buf = im->attach->dmabuf;
	unsigned long warns = dmalab_warn_count(), syncs = dmalab_arch_syncs();
	struct sg_table *sgt;

	im->dir = dir;
	dma_resv_lock(buf->resv, NULL);
	sgt = dma_buf_map_attachment(im->attach, dir);
	dma_resv_unlock(buf->resv);
	if (!dmabuf_check_map(im->e->ck, im->x, im->node, sgt, dir, warns, syncs, &im->m,
			      im->msg, sizeof(im->msg)))
		im->failed = true;
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	im->sgt = sgt;
	return 0;
}

bool importer_ok(const struct importer *im)
{
	if (!im->failed)
		return true;
	kt_report(__FILE__, __LINE__, "%s: %s", im->e->topo.nodes[im->node].name, im->msg);
	return false;
}

int importer_map_revoked(struct importer *im, enum dma_data_direction dir)
{
	struct dma_buf *buf = im->attach->dmabuf;
	struct sg_table *sgt;

	dma_resv_lock(buf->resv, NULL);
	sgt = dma_buf_map_attachment(im->attach, dir);
	dma_resv_unlock(buf->resv);
	if (!dmabuf_check_revoked(sgt, im->msg, sizeof(im->msg))) {
		im->failed = true;
		if (!IS_ERR(sgt)) {
			/* give it back: the rest of the test must still clean up */
			dma_resv_lock(buf->resv, NULL);
			dma_buf_unmap_attachment(im->attach, sgt, dir);
			dma_resv_unlock(buf->resv);
		}
		return -EINVAL;
	}
	return 0;
}

void importer_unmap_locked(struct importer *im)
{
	struct scatterlist *sgl = im->sgt->sgl;
	unsigned int nents = im->sgt->nents;

	dma_buf_unmap_attachment(im->attach, im->sgt, im->dir);
	im->sgt = NULL;
	if (!dmabuf_check_unmap(im->e->ck, im->m, im->msg, sizeof(im->msg)) ||
	    !dmabuf_check_freed(sgl, nents, !im->e->strict_free, im->msg, sizeof(im->msg)))
		im->failed = true;
	im->m = NULL;
}

void importer_unmap(struct importer *im)
{
	struct dma_buf *buf = im->attach->dmabuf;

	if (!im->sgt)
		return;
	dma_resv_lock(buf->resv, NULL);
	importer_unmap_locked(im);
	dma_resv_unlock(buf->resv);
}

void importer_detach(struct importer *im)
{
	if (!im->attach)
		return;
	importer_unmap(im);
	dma_buf_detach(im->attach->dmabuf, im->attach);
	im->attach = NULL;
}
