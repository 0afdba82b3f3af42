// SPDX-License-Identifier: GPL-2.0-only
/*
 * The three ways to map a range list, as a driver calls them, on a device
 * behind the mock IOMMU (x86_64 page table, strict or flush queue) or
 * behind none (dma-direct); and the probe that measures, outside any timed
 * region, what one mapping costs in memory and page-table writes.
 *
 * What is timed (path_map / path_unmap):
 *   sg    map:   sg_alloc_table_from_pages_segment() + dma_map_sgtable()
 *         unmap: dma_unmap_sgtable() + sg_free_table()
 *   iova  map:   dma_iova_try_alloc() + dma_iova_link() per range + dma_iova_sync()
 *         unmap: dma_iova_destroy()
 *   phys  map:   dma_map_phys() per range (direct: after dma_iova_try_alloc()
 *                said no, as an iova user falls back)
 *         unmap: dma_unmap_phys() per range
 * The caller's input (page array, phys_vec array) exists beforehand; the
 * phys path's dma_addr_t array is allocated outside the timed region.
 *
 * P2P memory (the p2p workload, on a client of p2p.c's topology): sg as
 * above (dma_map_sgtable() asks pci_p2pdma_state() itself); iova and phys
 * as their callers do it (map_p2p()): pci_p2pdma_state() per range, then
 * bus addresses (pci_p2pdma_bus_addr_map(), nothing to unmap) or the
 * mapping calls above with DMA_ATTR_MMIO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/pci-p2pdma.h>

#include "bench.h"

#define DIR DMA_BIDIRECTIONAL

double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* ---- devices ---- */

/*
 * A coherent, trusted 64-bit PCI device with no segment limits (as RDMA
 * and GPU drivers set theirs: dma_set_max_seg_size(UINT_MAX)).
 */
static const struct dmalab_device_cfg dev_cfg = {
	.name = "bench0",
	.coherent = true,
	.max_segment_size = UINT_MAX,
	.segment_boundary = ULONG_MAX,
};

int bench_dev_create(struct bench_dev *bd, const struct bench_cfg *c)
{
	struct dmalab_domain_cfg dc = {
		.format = DMALAB_PT_X86_64,
		.kind = c->fq ? DMALAB_DOMAIN_DMA_FQ : DMALAB_DOMAIN_DMA,
	};
	struct dmalab_device_cfg cfg = dev_cfg;
	struct dmalab_pci_place place;
	int err = 0;

	if (c->p2p) {
		/* a new function beside the P2P client, in its place in the tree */
		bench_p2p_place(c->p2p, c->fq, &place);
		cfg.name = NULL;
		cfg.pci = &place;
	}
	bd->dom = NULL;
	if (!c->direct) {
		bd->dom = dmalab_domain_create(&dc, &err);
		if (!bd->dom)
			return err ? err : -ENOMEM;
	}
	bd->dev = dmalab_device_create(&cfg, bd->dom, &err);
	if (!bd->dev) {
		dmalab_domain_destroy(bd->dom);
		bd->dom = NULL;
		return err ? err : -ENOMEM;
	}
	return 0;
}

void bench_dev_destroy(struct bench_dev *bd)
{
	dmalab_device_destroy(bd->dev);
	/* the flush queue's timer: run it before the domain goes */
	dmalab_run_deferred_work();
	dmalab_domain_destroy(bd->dom);
	dmalab_run_deferred_work();
	bd->dev = NULL;
	bd->dom = NULL;
}

struct bench_dev *bench_dev_get(const struct bench_cfg *c)
{
	static struct bench_dev devs[2][2];
	struct bench_dev *bd = &devs[c->direct][c->direct ? 0 : c->fq];

	if (c->p2p)
		return bench_p2p_dev(c->p2p, c->fq);
	if (!bd->dev) {
		struct bench_cfg plain = { .direct = c->direct, .fq = c->fq };
		int err = bench_dev_create(bd, &plain);

		if (err) {
			fprintf(stderr, "dmalab-bench: cannot create the %s device: %d\n",
				c->direct ? "direct" : c->fq ? "flush-queue" : "strict", err);
			exit(1);
		}
	}
	return bd;
}

/* ---- kvmalloc with the kernel's charges ---- */

void *bench_kvmalloc(size_t size, size_t *charged)
{
	struct dmalab_slab_stats a, b;
	void *p;

	dmalab_slab_stats(&a);
	p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (p) {
		dmalab_slab_stats(&b);
		*charged = b.live_bytes - a.live_bytes;
		return p;
	}
	/* beyond MAX_PAGE_ORDER: vmalloc, charged in whole pages */
	p = malloc(size);
	if (!p) {
		fprintf(stderr, "dmalab-bench: out of host memory\n");
		exit(1);
	}
	*charged = PAGE_ALIGN(size);
	return p;
}

void bench_kvfree(void *p, size_t size)
{
	if (!p)
		return;
	if ((char *)p >= dmalab_direct_map &&
	    (char *)p < dmalab_direct_map + (dmalab_max_pfn << PAGE_SHIFT))
		kfree(p);
	else
		free(p);
}

/* ---- mappings ---- */

/* does the caller keep a dma_addr_t per range? */
static bool has_dma_array(const struct bench_cfg *c)
{
	return c->path == PATH_PHYS || (c->path == PATH_IOVA && c->p2p == P2P_BUS);
}

int mapping_prepare(const struct bench_cfg *c, const struct workload *w, struct mapping *m)
{
	size_t charged;

	memset(m, 0, sizeof(*m));
	if (has_dma_array(c)) {
		m->dma = bench_kvmalloc(w->nr * sizeof(*m->dma), &charged);
		if (!m->dma)
			return -ENOMEM;
	}
	return 0;
}

void mapping_release(struct mapping *m)
{
	bench_kvfree(m->dma, 0);
	m->dma = NULL;
}

static int map_phys_ranges(struct device *dev, const struct workload *w, struct mapping *m)
{
	unsigned long i;

	for (i = 0; i < w->nr; i++) {
		m->dma[i] = dma_map_phys(dev, w->ranges[i].paddr, w->ranges[i].len, DIR, 0);
		if (unlikely(dma_mapping_error(dev, m->dma[i]))) {
			while (i--)
				dma_unmap_phys(dev, m->dma[i], w->ranges[i].len, DIR, 0);
			return -ENOMEM;
		}
	}
	m->nr = w->nr;
	return 0;
}

/*
 * P2P memory as the callers of the phys_vec APIs map it (blk-mq-dma, vfio;
 * oracle/p2p_check.c): pci_p2pdma_state() for every range (it caches the
 * provider); one provider, so one answer for the whole list.
 */
static int map_p2p(const struct bench_cfg *c, struct device *dev, const struct workload *w,
		   struct mapping *m)
{
	struct pci_p2pdma_map_state p2p = {};
	enum pci_p2pdma_map_type map = PCI_P2PDMA_MAP_NONE;
	size_t mapped = 0;
	unsigned long i;
	int ret;

	for (i = 0; i < w->nr; i++) {
		phys_addr_t paddr = w->ranges[i].paddr;
		size_t len = w->ranges[i].len;

		if (pci_p2pdma_state(&p2p, dev, phys_to_page(paddr)) != map) {
			if (i)
				goto refuse;
			map = p2p.map;
			if (map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE && c->path == PATH_IOVA &&
			    !dma_iova_try_alloc(dev, &m->state, paddr, w->size))
				return -EOPNOTSUPP;
		}
		if (map == PCI_P2PDMA_MAP_BUS_ADDR) {
			m->dma[i] = pci_p2pdma_bus_addr_map(p2p.mem, paddr);
		} else if (map != PCI_P2PDMA_MAP_THRU_HOST_BRIDGE) {
			goto refuse;
		} else if (c->path == PATH_IOVA) {
			ret = dma_iova_link(dev, &m->state, paddr, mapped, len, DIR, DMA_ATTR_MMIO);
			if (unlikely(ret))
				goto fail;
			mapped += len;
		} else {
			m->dma[i] = dma_map_phys(dev, paddr, len, DIR, DMA_ATTR_MMIO);
			if (unlikely(dma_mapping_error(dev, m->dma[i]))) {
				ret = -ENOMEM;
				goto fail;
			}
		}
		m->nr = i + 1;
	}
	if (map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE && c->path == PATH_IOVA) {
		ret = dma_iova_sync(dev, &m->state, 0, mapped);
		if (unlikely(ret))
			goto fail;
	}
	m->mapped = mapped;
	m->bus_addr = map == PCI_P2PDMA_MAP_BUS_ADDR;
	m->live = true;
	return 0;

refuse:
	ret = -EREMOTEIO;	/* what dma_map_sgtable() says: not reachable */
fail:
	if (map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE && c->path == PATH_IOVA) {
		if (mapped)
			dma_iova_destroy(dev, &m->state, mapped, DIR, DMA_ATTR_MMIO);
		else
			dma_iova_free(dev, &m->state);
	} else if (map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE) {
		for (i = 0; i < m->nr; i++)
			dma_unmap_phys(dev, m->dma[i], w->ranges[i].len, DIR, DMA_ATTR_MMIO);
	}
	m->nr = 0;
	return ret;
}

int path_map(const struct bench_cfg *c, struct device *dev, const struct workload *w,
	     struct mapping *m)
{
	unsigned long i;
	size_t mapped = 0;
	int ret = 0;

	if (w->kind == WL_P2P && c->path != PATH_SG)
		return map_p2p(c, dev, w, m);
	switch (c->path) {
	case PATH_SG:
		ret = sg_alloc_table_from_pages_segment(&m->sgt, w->pages, w->nr_pages,
							w->offset, w->size, UINT_MAX,
							GFP_KERNEL);
		if (ret)
			return ret;
		ret = dma_map_sgtable(dev, &m->sgt, DIR, 0);
		if (ret) {
			sg_free_table(&m->sgt);
			return ret;
		}
		break;
	case PATH_IOVA:
		if (!dma_iova_try_alloc(dev, &m->state, w->ranges[0].paddr, w->size))
			return -EOPNOTSUPP;
		for (i = 0; i < w->nr; i++) {
			ret = dma_iova_link(dev, &m->state, w->ranges[i].paddr, mapped,
					    w->ranges[i].len, DIR, 0);
			if (unlikely(ret))
				break;
			mapped += w->ranges[i].len;
		}
		if (!ret)
			ret = dma_iova_sync(dev, &m->state, 0, mapped);
		if (unlikely(ret)) {
			dma_iova_destroy(dev, &m->state, mapped, DIR, 0);
			return ret;
		}
		m->mapped = mapped;
		break;
	case PATH_PHYS:
		/* an iova user on a device without an IOMMU falls back to this */
		if (c->direct && dma_iova_try_alloc(dev, &m->state, w->ranges[0].paddr, w->size))
			return -EINVAL;
		ret = map_phys_ranges(dev, w, m);
		if (ret)
			return ret;
		break;
	default:
		return -EINVAL;
	}
	m->live = true;
	return 0;
}

int path_remap(const struct bench_cfg *c, struct device *dev, const struct workload *w,
	       struct mapping *m, const struct sg_table *tmpl)
{
	struct scatterlist *s, *d;
	unsigned int i;
	int ret;

	if (m->bus_addr) {
		/* P2P bus addresses: the unmap undid nothing, m->dma holds them */
		m->live = true;
		return 0;
	}
	if (c->path != PATH_SG || !tmpl)
		return path_map(c, dev, w, m);
	ret = sg_alloc_table(&m->sgt, tmpl->orig_nents, GFP_KERNEL);
	if (ret)
		return ret;
	d = m->sgt.sgl;
	for_each_sgtable_sg(tmpl, s, i) {
		sg_set_page(d, sg_page(s), s->length, s->offset);
		d = sg_next(d);
	}
	ret = dma_map_sgtable(dev, &m->sgt, DIR, 0);
	if (ret) {
		sg_free_table(&m->sgt);
		return ret;
	}
	m->live = true;
	return 0;
}

void path_unmap(const struct bench_cfg *c, struct device *dev, const struct workload *w,
		struct mapping *m)
{
	/* iova, phys of P2P memory (through the host bridge): MMIO mappings */
	unsigned long i, attrs = w->kind == WL_P2P ? DMA_ATTR_MMIO : 0;

	if (!m->live)
		return;
	/* P2P bus addresses: nothing to do (and path_remap() has nothing to redo) */
	switch (m->bus_addr ? PATH_NR : c->path) {
	case PATH_SG:
		dma_unmap_sgtable(dev, &m->sgt, DIR, 0);
		sg_free_table(&m->sgt);
		break;
	case PATH_IOVA:
		dma_iova_destroy(dev, &m->state, m->mapped, DIR, attrs);
		break;
	case PATH_PHYS:
		for (i = 0; i < m->nr; i++)
			dma_unmap_phys(dev, m->dma[i], w->ranges[i].len, DIR, attrs);
		break;
	default:
		break;
	}
	if (!m->bus_addr)
		m->nr = 0;
	m->live = false;
}

/* ---- the probe ---- */

int probe_mapping(const struct bench_cfg *c, const struct workload *w, struct probe *p)
{
	struct bench_dev fresh, *bd;
	struct dmalab_slab_stats s0, s1;
	struct dmalab_pt_census c1, c2, c3;
	struct mapping m;
	size_t vec_charge = 0, dma_charge = 0;
	double t0;
	void *vec;
	int ret;

	/*
	 * On a fresh domain: what an empty page table needs for this list
	 * (a used one may hold empty tables a 2M leaf replaces, or reuse
	 * tables of earlier mappings).
	 */
	memset(p, 0, sizeof(*p));
	ret = bench_dev_create(&fresh, c);
	if (ret)
		return ret;
	bd = &fresh;
	memset(&m, 0, sizeof(m));

	/* the caller's descriptors */
	if (c->path != PATH_SG) {
		/* the phys_vec array the caller keeps, charged as kvmalloc would */
		vec = bench_kvmalloc(w->nr * sizeof(struct phys_vec), &vec_charge);
		bench_kvfree(vec, 0);
	}
	if (has_dma_array(c)) {
		m.dma = bench_kvmalloc(w->nr * sizeof(*m.dma), &dma_charge);
		if (!m.dma) {
			ret = -ENOMEM;
			goto out;
		}
	}

	dmalab_pt_census(&c1);
	ret = path_map(c, bd->dev, w, &m);
	dmalab_pt_census(&c2);
	if (!ret) {
		path_unmap(c, bd->dev, w, &m);
		dmalab_run_deferred_work();	/* the flush queue's timer */
	}
	dmalab_pt_census(&c3);
	if (ret)
		goto out;
	/* again, warm, for the times that size the batches */
	t0 = now_ns();
	ret = path_map(c, bd->dev, w, &m);
	p->map_ns = now_ns() - t0;
	if (ret)
		goto out;
	t0 = now_ns();
	path_unmap(c, bd->dev, w, &m);
	p->unmap_ns = now_ns() - t0;
	dmalab_run_deferred_work();

	switch (c->path) {
	case PATH_SG: {
		/* the table alone, built again for its charge */
		struct sg_table sgt;

		dmalab_slab_stats(&s0);
		ret = sg_alloc_table_from_pages_segment(&sgt, w->pages, w->nr_pages, w->offset,
							w->size, UINT_MAX, GFP_KERNEL);
		if (ret)
			goto out;
		dmalab_slab_stats(&s1);
		p->entries = sgt.orig_nents;
		sg_free_table(&sgt);
		p->desc_bytes = sizeof(struct sg_table) + (double)(s1.live_bytes - s0.live_bytes);
		break;
	}
	case PATH_IOVA:
		p->desc_bytes = sizeof(struct dma_iova_state) + vec_charge + dma_charge;
		p->entries = w->nr;
		break;
	case PATH_PHYS:
		p->desc_bytes = vec_charge + dma_charge;
		p->entries = w->nr;
		break;
	default:
		break;
	}
	p->pt_bytes = (double)(c2.table_pages - c1.table_pages) * 4096;
	p->ptes_map = (double)(c2.entries_present - c1.entries_present);
	p->ptes_unmap = (double)(c2.entries_present - c3.entries_present);
out:
	mapping_release(&m);
	bench_dev_destroy(&fresh);
	return ret;
}
