// SPDX-License-Identifier: GPL-2.0-only
/*
 * The P2P oracle (p2p_check.h). Expected answers come from the reference
 * model and from the topology (bus addresses from its host bridge windows,
 * CPU addresses from its BARs), never from the kernel's own bookkeeping.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/scatterlist.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>
#include <dmalab/runtime.h>

#include "oracle/checker.h"
#include "oracle/p2p_check.h"
#include "oracle/known_bugs.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

const char *const p2p_path_name[P2P_NR_PATHS] = { "sg", "phys", "iova", "sg-mixed" };

static bool say(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

static const char *kernel_map_name(enum pci_p2pdma_map_type map)
{
	switch (map) {
	case PCI_P2PDMA_MAP_UNKNOWN:		return "UNKNOWN";
	case PCI_P2PDMA_MAP_NONE:		return "NONE";
	case PCI_P2PDMA_MAP_NOT_SUPPORTED:	return "NOT_SUPPORTED";
	case PCI_P2PDMA_MAP_BUS_ADDR:		return "BUS_ADDR";
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:	return "THRU_HOST_BRIDGE";
	}
	return "?";
}

static enum pci_p2pdma_map_type kernel_map_of(enum p2p_map map)
{
	switch (map) {
	case P2P_MAP_BUS_ADDR:		return PCI_P2PDMA_MAP_BUS_ADDR;
	case P2P_MAP_THRU_HOST_BRIDGE:	return PCI_P2PDMA_MAP_THRU_HOST_BRIDGE;
	default:			return PCI_P2PDMA_MAP_NOT_SUPPORTED;
	}
}

static struct p2pdma_provider *any_provider(struct topo_system *s, int node)
{
	int b;

	for (b = 0; b < TOPO_NR_BARS; b++)
		if (s->provider[node][b])
			return s->provider[node][b];
	return NULL;
}

bool p2p_check_decision(struct topo_system *s, int provider, int client,
			char *msg, size_t len)
{
	const struct topology *t = s->t;
	struct p2pdma_provider *mem = any_provider(s, provider);
	struct p2p_verdict v;
	enum pci_p2pdma_map_type map;
	int dist;

	if (!mem)
		return say(msg, len, "%s has no P2P memory", t->nodes[provider].name);
	/* the model's why only for a report */
	p2p_model_verdict(t, provider, client, &v);
	map = pci_p2pdma_map_type(mem, s->dev[client]);
	if (map != kernel_map_of(v.map)) {
		p2p_model_decide(t, provider, client, &v);
		return say(msg, len, "%s -> %s: kernel map type %s, model %s (%s)",
			   t->nodes[provider].name, t->nodes[client].name,
			   kernel_map_name(map), p2p_map_name(v.map), v.why);
	}
	dist = pci_p2pdma_distance(s->pdev[provider], s->dev[client], false);
	if (dist != (v.map == P2P_MAP_NOT_SUPPORTED ? -1 : v.distance) &&
	    (p2p_model_decide(t, provider, client, &v), true))
		return say(msg, len, "%s -> %s: kernel distance %d, model %d (%s: %s)",
			   t->nodes[provider].name, t->nodes[client].name, dist,
			   v.map == P2P_MAP_NOT_SUPPORTED ? -1 : v.distance,
			   p2p_map_name(v.map), v.why);
	return true;
}

bool p2p_check_distance_many(struct topo_system *s, int provider, char *msg, size_t len)
{
	const struct topology *t = s->t;
	struct device *devs[TOPO_MAX_NODES];
	int idx[TOPO_MAX_NODES], n = 0, i, kernel, model;

	for (i = 0; i < (int)t->nr_nodes; i++) {
		if (!s->dev[i] || p2p_known_bug_own_acs(t, provider, i))
			continue;
		devs[n] = s->dev[i];
		idx[n++] = i;
	}
	kernel = pci_p2pdma_distance_many(s->pdev[provider], devs, n, false);
	model = p2p_model_distance_many(t, provider, idx, n);
	if (kernel != model)
		return say(msg, len, "%s: distance_many over %d endpoints: kernel %d, model %d",
			   t->nodes[provider].name, n, kernel, model);
	return true;
}

/* ---- mappings ---- */

/*
 * What a mapping of P2P memory must give: the model's verdict, the BAR's
 * CPU and bus addresses, and the ground-truth checker (oracle/checker.h)
 * with the client registered, through which every mapping that reaches the
 * BAR's CPU address (through the host bridge: by the client's IOMMU at
 * any granule, or directly) is verified, V1-V9, and after its unmap that
 * nothing of it is left mapped.
 */
struct expect {
	struct p2p_verdict v;	/* without its why: why_of() on a report */
	const struct topology *t;
	int provider, client;
	phys_addr_t phys;	/* CPU address of the range */
	uint64_t bus;		/* its PCI bus address (topology windows) */
	struct dmalab_domain *domain;	/* client's translating domain, or NULL */
	unsigned long granule;	/* the client's IOMMU granule, or PAGE_SIZE */
	struct checker *ck;
	char *ck_msg;		/* the checker's first report */
	size_t ck_len;
	bool ck_said;
	/*
	 * Through the host bridge without an IOMMU to a BAR beyond the
	 * client's DMA mask: the CPU address cannot be given and MMIO cannot
	 * be bounced, so the mapping must fail (dma-direct WARNs once).
	 */
	bool unreachable;
	/*
	 * Through the client's IOMMU with no room for the IOVA below its
	 * mask (dma-iommu keeps the host bridge windows' bus addresses out
	 * of IOVA space): the mapping may fail with -ENOMEM.
	 */
	bool no_iova_room;
};

/* The model's explanation of the verdict, worked out only for a report. */
static const char *why_of(struct expect *e)
{
	if (e->v.no_why)
		p2p_model_decide(e->t, e->provider, e->client, &e->v);
	return e->v.why;
}

static void ck_report(void *priv, const char *msg)
{
	struct expect *e = priv;

	if (!e->ck_said)
		snprintf(e->ck_msg, e->ck_len, "%s", msg);
	e->ck_said = true;
}

/*
 * Is there IOVA space for a mapping of len bytes at phys? The IOVA
 * allocator hands out size-aligned power-of-two blocks of granules from
 * [granule, mask], minus what iova_reserve_pci_windows() reserved: the bus
 * ranges of the client's host bridge windows.
 */
static bool iova_room(const struct topo_system *s, int client, phys_addr_t phys, u64 len,
		      unsigned long g)
{
	const struct topology *t = s->t;
	const struct topo_host *h = &t->hosts[t->nodes[client].host];
	unsigned int bits = t->nodes[client].dma_bits ? t->nodes[client].dma_bits : 64;
	u64 mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	u64 granules = ((phys & (g - 1)) + len + g - 1) / g;
	u64 need = g, at;
	unsigned int w;

	while (need < granules * g)
		need <<= 1;
	for (at = need; at && at - 1 + need <= mask; at += need) {
		bool clash = false;

		for (w = 0; w < h->nr_windows; w++) {
			u64 lo = h->windows[w].bus_start, hi = lo + h->windows[w].size - 1;

			if (at <= hi && at + need - 1 >= lo) {
				clash = true;
				/* skip past this window */
				at = (hi & ~(need - 1));
				break;
			}
		}
		if (!clash)
			return true;
	}
	return false;
}

bool p2p_iova_room(const struct topo_system *s, int client, phys_addr_t phys, u64 len,
		   unsigned long granule)
{
	return iova_room(s, client, phys, len, granule);
}

/* the one WARN an expected failure brings: dma-direct's overflow report */
static void forget_overflow_warn(unsigned long before)
{
	const struct dmalab_warn_record *w = dmalab_warn_last();

	/* in kernel/dma/direct.c (7.3), or inlined from kernel/dma/direct.h (7.2) */
	if (dmalab_warn_count() == before + 1 && w &&
	    (strstr(w->file, "kernel/dma/direct.c") || !strcmp(w->func, "dma_direct_map_phys")))
		dmalab_warn_reset();
}

/* The checker verifies what was recorded: every byte reaches its target, V1-V9. */
static bool verified(struct expect *e, const char *cn, const char *what, char *msg, size_t mlen)
{
	if (check_verify(e->ck))
		return true;
	return say(msg, mlen, "%s: %s: checker: %s", cn, what, e->ck_msg);
}

/* Record that [dma, dma + len) must reach phys (the BAR, or RAM): false with msg. */
static bool record(struct expect *e, struct check_map *m, dma_addr_t dma, phys_addr_t phys,
		   u64 len, const char *cn, const char *what, char *msg, size_t mlen)
{
	if (check_map_range(m, dma, phys, len))
		return true;
	return say(msg, mlen, "%s: %s: checker: %s", cn, what, e->ck_msg);
}

/* After the unmap: the checker forgets m and nothing of it may be left mapped. */
static bool unmapped(struct expect *e, struct check_map *m, const char *cn, const char *what,
		     char *msg, size_t mlen)
{
	check_unmap(m);
	return verified(e, cn, what, msg, mlen);
}

static bool check_sg(struct topo_system *s, int client, struct expect *e, u64 len,
		     char *msg, size_t mlen)
{
	struct device *dev = s->dev[client];
	const char *cn = s->t->nodes[client].name;
	struct page *page = pfn_to_page(PHYS_PFN(e->phys));
	struct check_map *m = NULL;
	struct sg_table sgt;
	struct scatterlist *sg;
	bool ok = true;
	int ret, i;
	u64 total = 0;

	if (sg_alloc_table(&sgt, 1, GFP_KERNEL))
		return say(msg, mlen, "sg_alloc_table failed");
	sg_set_page(sgt.sgl, page, len, offset_in_page(e->phys));
	ret = dma_map_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
	if (e->v.map == P2P_MAP_NOT_SUPPORTED) {
		if (ret != -EREMOTEIO)
			ok = say(msg, mlen, "%s: dma_map_sgtable of P2P memory the model says "
				 "is not reachable (%s) returned %d, not -EREMOTEIO", cn,
				 why_of(e), ret);
		if (!ret)
			dma_unmap_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
		sg_free_table(&sgt);
		return ok;
	}
	if (e->unreachable) {
		if (!ret) {
			ok = say(msg, mlen, "%s: dma_map_sgtable of P2P memory at %#llx, beyond its "
				 "DMA mask and with no IOMMU, succeeded (DMA address %#llx)", cn,
				 (unsigned long long)e->phys,
				 (unsigned long long)sg_dma_address(sgt.sgl));
			dma_unmap_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
		}
		sg_free_table(&sgt);
		return ok;
	}
	if (ret == -ENOMEM && e->no_iova_room) {
		sg_free_table(&sgt);
		return true;
	}
	if (ret) {
		sg_free_table(&sgt);
		return say(msg, mlen, "%s: dma_map_sgtable failed: %d (model: %s, %s)", cn, ret,
			   p2p_map_name(e->v.map), why_of(e));
	}
	if (e->v.map != P2P_MAP_BUS_ADDR)
		m = check_map_new(e->ck, dev, DMA_BIDIRECTIONAL, 0);
	for_each_sgtable_dma_sg(&sgt, sg, i) {
		dma_addr_t dma = sg_dma_address(sg);

		if (e->v.map == P2P_MAP_BUS_ADDR) {
			if (!sg_dma_is_bus_address(sg) || dma != e->bus + total) {
				ok = say(msg, mlen, "%s: sg segment %d: DMA address %#llx%s, "
					 "expected the bus address %#llx (%s)", cn, i,
					 (unsigned long long)dma,
					 sg_dma_is_bus_address(sg) ? "" : " (not marked bus address)",
					 (unsigned long long)(e->bus + total), why_of(e));
				break;
			}
		} else {
			if (sg_dma_is_bus_address(sg)) {
				ok = say(msg, mlen, "%s: sg segment %d is a bus address, but the "
					 "model routes through the host bridge (%s)", cn, i,
					 why_of(e));
				break;
			}
			ok = record(e, m, dma, e->phys + total, sg_dma_len(sg), cn, "sg", msg,
				    mlen);
			if (!ok)
				break;
		}
		total += sg_dma_len(sg);
	}
	if (ok && total != len)
		ok = say(msg, mlen, "%s: sg DMA segments cover %#llx bytes of %#llx", cn,
			 (unsigned long long)total, (unsigned long long)len);
	if (ok && m)
		ok = verified(e, cn, "sg", msg, mlen);
	dma_unmap_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
	if (m && !unmapped(e, m, cn, "sg unmap", msg, mlen))
		ok = false;
	sg_free_table(&sgt);
	return ok;
}

/*
 * RAM around the P2P range in one table, as a block request may carry it:
 * the DMA segments read in order must be the CPU entries read in order,
 * the P2P entry as its own bus-address segment when peer to peer, and
 * everything else reaching its memory through the IOMMU (or directly):
 * recorded with the checker, which verifies it.
 */
#define MIXED_RAM	(DMALAB_DMA32_END + SZ_2G)	/* RAM no allocator hands out */

static bool check_sg_mixed(struct topo_system *s, int client, struct expect *e, u64 len,
			   char *msg, size_t mlen)
{
	const struct topo_node *n = &s->t->nodes[client];
	struct device *dev = s->dev[client];
	const char *cn = n->name;
	struct { phys_addr_t phys; u64 len; bool p2p; } cpu[3] = {
		{ MIXED_RAM + 0x100, 0x1f00, false },
		{ e->phys, len, true },
		{ MIXED_RAM + 0x10000, 0x2000, false },
	};
	unsigned int ci = 0, i;
	struct check_map *m;
	struct sg_table sgt;
	struct scatterlist *sg;
	u64 coff = 0;
	bool ok = true;
	int ret;

	/*
	 * Bounced RAM (above the mask without an IOMMU; partial granules of an
	 * untrusted device) is the dma-map target's to check; untrusted
	 * devices' P2P handling is a known bug anyway.
	 */
	if ((!e->domain && n->dma_bits && n->dma_bits < 34) || n->untrusted)
		return true;
	if (sg_alloc_table(&sgt, 3, GFP_KERNEL))
		return say(msg, mlen, "sg_alloc_table failed");
	for_each_sgtable_sg(&sgt, sg, i)
		sg_set_page(sg, pfn_to_page(PHYS_PFN(cpu[i].phys)), cpu[i].len,
			    offset_in_page(cpu[i].phys));
	ret = dma_map_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
	if (e->v.map == P2P_MAP_NOT_SUPPORTED || (ret == -ENOMEM && e->no_iova_room)) {
		if (ret != -EREMOTEIO && !e->no_iova_room)
			ok = say(msg, mlen, "%s: mixed sg with P2P memory it cannot reach (%s) "
				 "returned %d, not -EREMOTEIO", cn, why_of(e), ret);
		if (!ret)
			dma_unmap_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
		sg_free_table(&sgt);
		return ok;
	}
	if (ret) {
		sg_free_table(&sgt);
		return say(msg, mlen, "%s: mixed dma_map_sgtable failed: %d (%s)", cn, ret,
			   why_of(e));
	}
	m = check_map_new(e->ck, dev, DMA_BIDIRECTIONAL, 0);
	for_each_sgtable_dma_sg(&sgt, sg, i) {
		dma_addr_t dma = sg_dma_address(sg);
		u64 dlen = sg_dma_len(sg);

		if (sg_dma_is_bus_address(sg)) {
			if (ci >= 3 || !cpu[ci].p2p || coff || e->v.map != P2P_MAP_BUS_ADDR ||
			    dma != e->bus || dlen != len) {
				ok = say(msg, mlen, "%s: mixed sg segment %u: bus address %#llx+%#llx "
					 "where the CPU entries have %s (model: %s)", cn, i,
					 (unsigned long long)dma, (unsigned long long)dlen,
					 ci < 3 && cpu[ci].p2p ? "the P2P range" : "RAM", why_of(e));
				break;
			}
			ci++;
			continue;
		}
		while (dlen && ok) {
			u64 piece;

			if (ci >= 3) {
				ok = say(msg, mlen, "%s: mixed sg: DMA segments longer than the "
					 "CPU entries", cn);
				break;
			}
			if (cpu[ci].p2p && e->v.map == P2P_MAP_BUS_ADDR) {
				ok = say(msg, mlen, "%s: mixed sg segment %u maps the P2P range at "
					 "%#llx, the model says bus address %#llx (%s)", cn, i,
					 (unsigned long long)dma, (unsigned long long)e->bus,
					 why_of(e));
				break;
			}
			piece = min_t(u64, dlen, cpu[ci].len - coff);
			ok = record(e, m, dma, cpu[ci].phys + coff, piece, cn,
				    cpu[ci].p2p ? "mixed sg, P2P entry" : "mixed sg, RAM entry",
				    msg, mlen);
			dma += piece;
			dlen -= piece;
			coff += piece;
			if (coff == cpu[ci].len) {
				ci++;
				coff = 0;
			}
		}
		if (!ok)
			break;
	}
	if (ok && ci != 3)
		ok = say(msg, mlen, "%s: mixed sg: DMA segments cover %u of 3 CPU entries", cn, ci);
	if (ok)
		ok = verified(e, cn, "mixed sg", msg, mlen);
	dma_unmap_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
	if (!unmapped(e, m, cn, "mixed sg unmap", msg, mlen))
		ok = false;
	sg_free_table(&sgt);
	return ok;
}

/*
 * The caller's side of the phys_vec APIs (as blk-mq-dma and vfio do it):
 * pci_p2pdma_state() says how; bus addresses need no mapping, through the
 * host bridge is an MMIO mapping, which gets no cache maintenance at all
 * (DMA_ATTR_MMIO: the checker's check_syncs).
 */
static bool check_phys(struct topo_system *s, int provider, int bar, int client,
		       struct expect *e, u64 len, bool iova, char *msg, size_t mlen)
{
	struct device *dev = s->dev[client];
	const char *cn = s->t->nodes[client].name;
	struct pci_p2pdma_map_state state = {};
	enum pci_p2pdma_map_type map;
	struct dma_iova_state ist = {};
	unsigned long syncs = dmalab_arch_syncs();
	struct check_map *m;
	dma_addr_t dma;
	bool ok = true;
	int ret;

	map = pci_p2pdma_state(&state, dev, pfn_to_page(PHYS_PFN(e->phys)));
	if (map != kernel_map_of(e->v.map))
		return say(msg, mlen, "%s: pci_p2pdma_state says %s, model %s (%s)", cn,
			   kernel_map_name(map), p2p_map_name(e->v.map), why_of(e));
	if (state.mem != s->provider[provider][bar])
		return say(msg, mlen, "%s: pci_p2pdma_state names another provider", cn);
	if (map == PCI_P2PDMA_MAP_NOT_SUPPORTED)
		return true;
	if (map == PCI_P2PDMA_MAP_BUS_ADDR) {
		dma = pci_p2pdma_bus_addr_map(state.mem, e->phys);
		if (dma != e->bus)
			return say(msg, mlen, "%s: pci_p2pdma_bus_addr_map gave %#llx, the BAR's "
				   "bus address is %#llx", cn, (unsigned long long)dma,
				   (unsigned long long)e->bus);
		return true;
	}
	if (iova && dma_iova_try_alloc(dev, &ist, e->phys, len)) {
		ret = dma_iova_link(dev, &ist, e->phys, 0, len, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		/*
		 * MMIO cannot be bounced, and whole granules would show an
		 * untrusted device the bytes around the range: dma_iova_link()
		 * refuses (dma_map_phys() maps the granules; see the notes).
		 */
		if (ret == -EPERM && s->t->nodes[client].untrusted &&
		    ((e->phys | len) & (e->granule - 1))) {
			dma_iova_free(dev, &ist);
			return true;
		}
		if (ret) {
			dma_iova_free(dev, &ist);
			return say(msg, mlen, "%s: dma_iova_link(MMIO) failed: %d", cn, ret);
		}
		ret = dma_iova_sync(dev, &ist, 0, len);
		if (ret)
			ok = say(msg, mlen, "%s: dma_iova_sync failed: %d", cn, ret);
		m = check_map_new(e->ck, dev, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		if (ok && (!check_map_reserve(m, ist.addr, len) ||
			   !check_map_link(m, ist.addr, e->phys, len)))
			ok = say(msg, mlen, "%s: dma_iova_link: checker: %s", cn, e->ck_msg);
		if (ok)
			ok = verified(e, cn, "dma_iova_link", msg, mlen) &&
			     check_syncs(e->ck, m, syncs, true, false);
		dma_iova_destroy(dev, &ist, len, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
	} else {
		dma = dma_map_phys(dev, e->phys, len, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		if (e->unreachable) {
			if (!dma_mapping_error(dev, dma)) {
				dma_unmap_phys(dev, dma, len, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
				return say(msg, mlen, "%s: dma_map_phys(MMIO) of %#llx, beyond its "
					   "DMA mask with no IOMMU, gave %#llx", cn,
					   (unsigned long long)e->phys, (unsigned long long)dma);
			}
			return true;
		}
		if (dma_mapping_error(dev, dma) && e->no_iova_room)
			return true;
		if (dma_mapping_error(dev, dma))
			return say(msg, mlen, "%s: dma_map_phys(MMIO) failed", cn);
		m = check_map_new(e->ck, dev, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		ok = record(e, m, dma, e->phys, len, cn, "dma_map_phys", msg, mlen) &&
		     verified(e, cn, "dma_map_phys", msg, mlen) &&
		     check_syncs(e->ck, m, syncs, true, false);
		syncs = dmalab_arch_syncs();
		dma_unmap_phys(dev, dma, len, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		if (ok)
			ok = check_syncs(e->ck, m, syncs, false, false);
	}
	/* DMA_ATTR_MMIO: "will not perform any cache flushing" (check_syncs) */
	if (ok && e->ck_said)
		ok = say(msg, mlen, "%s: checker: %s", cn, e->ck_msg);
	if (!unmapped(e, m, cn, "MMIO unmap", msg, mlen))
		ok = false;
	return ok;
}

bool p2p_beyond_mask(const struct topo_system *s, int provider, int bar, int client,
		     u64 off, u64 len)
{
	const struct topology *t = s->t;
	const struct topo_node *cn = &t->nodes[client];
	const struct topo_bar *b = &t->nodes[provider].bars[bar];
	struct p2p_verdict v;

	if (s->domain[client] && cn->iommu != TOPO_IOMMU_IDENTITY)
		return false;		/* an IOVA within the mask */
	p2p_model_verdict(t, provider, client, &v);
	if (v.map != P2P_MAP_THRU_HOST_BRIDGE || cn->dma_bits >= 64)
		return false;
	return (b->cpu_start + b->p2p_offset + off + len - 1) >> cn->dma_bits;
}

static unsigned int sample_budget;

void p2p_check_set_sample_budget(unsigned int boundaries)
{
	sample_budget = boundaries;
}

bool p2p_check_map(struct topo_system *s, int provider, int bar, int client,
		   enum p2p_path path, u64 off, u64 len, char *msg, size_t mlen)
{
	const struct topology *t = s->t;
	const struct topo_bar *b = &t->nodes[provider].bars[bar];
	char ck_msg[400] = "";
	struct expect e = {
		.domain = s->domain[client], .ck_msg = ck_msg, .ck_len = sizeof(ck_msg),
		.t = t, .provider = provider, .client = client,
	};
	unsigned long slots = dmalab_swiotlb_used_slots();
	unsigned long warns;
	bool ok;

	if (!s->provider[provider][bar] || !s->dev[client])
		return say(msg, mlen, "no P2P memory in %s BAR %d, or %s is no endpoint",
			   t->nodes[provider].name, bar, t->nodes[client].name);
	/* identity domains translate nothing: the device sees CPU addresses */
	if (t->nodes[client].iommu == TOPO_IOMMU_IDENTITY)
		e.domain = NULL;
	p2p_model_verdict(t, provider, client, &e.v);
	e.phys = b->cpu_start + b->p2p_offset + off;
	if (!topo_cpu_to_bus(t, provider, e.phys, &e.bus))
		return say(msg, mlen, "%#llx is in no host bridge window",
			   (unsigned long long)e.phys);
	e.ck = check_create(ck_report, &e);
	check_set_sample_budget(e.ck, sample_budget);
	if (!check_add_device(e.ck, s->dev[client])) {
		check_destroy(e.ck);
		return say(msg, mlen, "%s: checker: %s", t->nodes[client].name, ck_msg);
	}
	e.granule = check_granule(e.ck, s->dev[client]);
	e.unreachable = p2p_beyond_mask(s, provider, bar, client, off, len);
	e.no_iova_room = e.domain && !iova_room(s, client, e.phys, len, e.granule);
	warns = dmalab_warn_count();
	if (path == P2P_PATH_SG)
		ok = check_sg(s, client, &e, len, msg, mlen);
	else if (path == P2P_PATH_SG_MIXED)
		ok = check_sg_mixed(s, client, &e, len, msg, mlen);
	else
		ok = check_phys(s, provider, bar, client, &e, len, path == P2P_PATH_IOVA,
				msg, mlen);
	check_remove_device(e.ck, s->dev[client]);
	check_destroy(e.ck);
	if (e.unreachable)
		forget_overflow_warn(warns);
	if (!ok)
		return false;
	/* the unmap gave back every swiotlb slot the map took */
	if (dmalab_swiotlb_used_slots() != slots)
		return say(msg, mlen, "%s: %s path left %lu swiotlb slots in use",
			   t->nodes[client].name, p2p_path_name[path],
			   dmalab_swiotlb_used_slots() - slots);
	return true;
}

DMALAB_NOCOV_END
