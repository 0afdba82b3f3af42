// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-buf oracle (dmabuf_check.h). Expected answers come from the P2P
 * reference model, the topology's BARs and windows and the importer's DMA
 * properties; what the importer reaches, from the ground-truth checker.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/dma-mapping.h>
#include <uapi/linux/vfio.h>
#include <dmalab/runtime.h>

#include "oracle/checker.h"
#include "oracle/dmabuf_check.h"
#include "oracle/p2p_check.h"
#include "oracle/p2p_model.h"
#include "oracle/known_bugs.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

const char *const dmabuf_route_name[DMABUF_NR_ROUTES] = {
	"refused", "bus address", "IOVA", "direct", "unreachable",
};

static bool say(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

u64 dmabuf_size(const struct dmabuf_export *x)
{
	u64 size = 0;
	size_t i;

	for (i = 0; i < x->nr_ranges; i++)
		size += x->ranges[i].len;
	return size;
}

/* behind a paging domain: dma-iommu maps it (identity domains translate nothing) */
static bool behind_iommu(const struct topo_system *s, int client)
{
	enum topo_iommu iommu = s->t->nodes[client].iommu;

	return s->domain[client] && iommu != TOPO_IOMMU_IDENTITY && iommu != TOPO_IOMMU_NONE;
}

static bool beyond_mask(const struct dmabuf_export *x, int client)
{
	unsigned int bits = x->s->t->nodes[client].dma_bits;
	size_t i;

	if (!bits || bits >= 64)
		return false;
	for (i = 0; i < x->nr_ranges; i++)
		if ((x->ranges[i].paddr + x->ranges[i].len - 1) >> bits)
			return true;
	return false;
}

enum dmabuf_route dmabuf_route(const struct dmabuf_export *x, int client)
{
	struct p2p_verdict v;

	p2p_model_verdict(x->s->t, x->provider, client, &v);
	switch (v.map) {
	case P2P_MAP_BUS_ADDR:
		return DMABUF_BUS_ADDR;
	case P2P_MAP_THRU_HOST_BRIDGE:
		if (behind_iommu(x->s, client))
			return DMABUF_IOVA;
		return beyond_mask(x, client) ? DMABUF_UNREACHABLE : DMABUF_DIRECT;
	default:
		return DMABUF_REFUSED;
	}
}

const char *dmabuf_known_bug(const struct dmabuf_export *x, int client)
{
	if (p2p_known_bug_own_acs(x->s->t, x->provider, client))
		return "p2p-own-acs";
	if (x->nr_ranges > 1 && dmabuf_route(x, client) == DMABUF_IOVA)
		return "dmabuf-iova-offset-zero";
	return NULL;
}

static u64 entries_for(u64 len)
{
	return (len + DMABUF_MAX_SG_ENT - 1) / DMABUF_MAX_SG_ENT;
}

/* The table's shape: no CPU side, the limit, the size; its entry count in *nents. */
static bool check_shape(const struct sg_table *sgt, u64 size, char *msg, size_t mlen)
{
	struct scatterlist *sg;
	u64 sum = 0;
	unsigned int i;

	if (sgt->orig_nents)
		return say(msg, mlen, "orig_nents is %u: a table with no CPU list must say 0",
			   sgt->orig_nents);
	if (!sgt->nents)
		return say(msg, mlen, "no DMA entries for %llu bytes", (unsigned long long)size);
	for_each_sg(sgt->sgl, sg, sgt->nents, i) {
		if (sg_page(sg) || sg->offset || sg->length)
			return say(msg, mlen, "entry %u has a CPU side (page %p, offset %u, "
				   "length %u)", i, sg_page(sg), sg->offset, sg->length);
		if (!sg_dma_len(sg) || sg_dma_len(sg) > DMABUF_MAX_SG_ENT)
			return say(msg, mlen, "entry %u: DMA length %#x, limit %#llx", i,
				   sg_dma_len(sg), (unsigned long long)DMABUF_MAX_SG_ENT);
		if (i + 1 < sgt->nents && sg_is_last(sg))
			return say(msg, mlen, "entry %u of %u ends the table", i, sgt->nents);
		if (i + 1 == sgt->nents && !sg_is_last(sg))
			return say(msg, mlen, "the table goes on after its %u entries", sgt->nents);
		sum += sg_dma_len(sg);
	}
	if (sum != size)
		return say(msg, mlen, "the entries hold %#llx bytes, the ranges %#llx",
			   (unsigned long long)sum, (unsigned long long)size);
	return true;
}

/*
 * Walk the DMA entries and the ranges together: piece by piece, where the
 * importer must reach each range byte. Bus addresses are checked here,
 * anything translated is recorded with the checker.
 */
static bool walk(const struct dmabuf_export *x, const struct sg_table *sgt,
		 enum dmabuf_route route, struct check_map *m, char *msg, size_t mlen)
{
	const struct topology *t = x->s->t;
	struct scatterlist *sg;
	size_t ri = 0;
	u64 roff = 0;
	dma_addr_t next = 0;
	unsigned int i;

	for_each_sg(sgt->sgl, sg, sgt->nents, i) {
		dma_addr_t dma = sg_dma_address(sg);
		u64 left = sg_dma_len(sg);

		if (route == DMABUF_IOVA && i && dma != next)
			return say(msg, mlen, "IOVA path: entry %u at %#llx, not after the "
				   "previous one (%#llx): not one contiguous IOVA range", i,
				   (unsigned long long)dma, (unsigned long long)next);
		next = dma + left;
		while (left) {
			const struct phys_vec *r;
			phys_addr_t phys;
			uint64_t bus;
			u64 n;

			if (ri >= x->nr_ranges)
				return say(msg, mlen, "entry %u maps past the last range", i);
			r = &x->ranges[ri];
			phys = r->paddr + roff;
			n = min_t(u64, left, r->len - roff);
			if (route == DMABUF_BUS_ADDR) {
				if (!topo_cpu_to_bus(t, x->provider, phys, &bus))
					return say(msg, mlen, "range %zu: %#llx is in no host "
						   "bridge window", ri, (unsigned long long)phys);
				if (dma != bus)
					return say(msg, mlen, "range %zu (+%#llx): entry %u gives "
						   "%#llx, its bus address is %#llx", ri,
						   (unsigned long long)roff, i,
						   (unsigned long long)dma,
						   (unsigned long long)bus);
			} else if (!check_map_range(m, dma, phys, n)) {
				return say(msg, mlen, "range %zu (+%#llx) at %#llx: the checker "
					   "refused it (reported above)", ri,
					   (unsigned long long)roff, (unsigned long long)dma);
			}
			dma += n;
			left -= n;
			roff += n;
			if (roff == r->len) {
				ri++;
				roff = 0;
			}
		}
	}
	if (ri != x->nr_ranges)
		return say(msg, mlen, "the entries end in range %zu of %zu", ri, x->nr_ranges);
	return true;
}

static u64 per_range_entries(const struct dmabuf_export *x)
{
	u64 n = 0;
	size_t i;

	for (i = 0; i < x->nr_ranges; i++)
		n += entries_for(x->ranges[i].len);
	return n;
}

/* the WARN dma-direct gives for an address beyond the mask, expected there */
static void forget_direct_warn(unsigned long before)
{
	const struct dmalab_warn_record *w = dmalab_warn_last();

	/* in kernel/dma/direct.c (7.3), or inlined from kernel/dma/direct.h (7.2) */
	if (dmalab_warn_count() == before + 1 && w &&
	    (strstr(w->file, "kernel/dma/direct.c") || !strcmp(w->func, "dma_direct_map_phys")))
		dmalab_warn_reset();
}

bool dmabuf_check_map(struct checker *ck, const struct dmabuf_export *x, int client,
		      const struct sg_table *sgt, enum dma_data_direction dir,
		      unsigned long warns, unsigned long syncs, struct check_map **mp,
		      char *msg, size_t mlen)
{
	enum dmabuf_route route = dmabuf_route(x, client);
	struct device *dev = x->s->dev[client];
	const char *cn = x->s->t->nodes[client].name;
	u64 size = dmabuf_size(x);
	bool room = true;
	struct check_map *m;

	*mp = NULL;
	if (route == DMABUF_IOVA)
		room = p2p_iova_room(x->s, client, 0, size, check_granule(ck, dev));
	if (IS_ERR(sgt)) {
		long err = PTR_ERR(sgt);

		if (route == DMABUF_REFUSED && err == -EINVAL)
			return true;
		if (route == DMABUF_UNREACHABLE) {
			forget_direct_warn(warns);
			return true;
		}
		if (route == DMABUF_IOVA && !room && err == -ENOMEM)
			return true;
		return say(msg, mlen, "%s: the map failed with %ld, where the importer reaches "
			   "the buffer (%s)", cn, err, dmabuf_route_name[route]);
	}
	if (route == DMABUF_REFUSED || route == DMABUF_UNREACHABLE)
		return say(msg, mlen, "%s: mapped (%u entries) where it must be refused (%s)",
			   cn, sgt->nents, dmabuf_route_name[route]);
	if (!check_shape(sgt, size, msg, mlen))
		return false;
	/* no IOVA space for the whole: dma_map_phys() per range through the IOMMU */
	if (route == DMABUF_IOVA && !room && sgt->nents == per_range_entries(x))
		route = DMABUF_DIRECT;
	if (sgt->nents != (route == DMABUF_IOVA ? entries_for(size) : per_range_entries(x)))
		return say(msg, mlen, "%s: %u entries, the %s path needs %llu", cn, sgt->nents,
			   dmabuf_route_name[route],
			   (unsigned long long)(route == DMABUF_IOVA ? entries_for(size) :
						per_range_entries(x)));
	m = check_map_new(ck, dev, dir, DMA_ATTR_MMIO);
	if (!m)
		return say(msg, mlen, "%s is not registered with the checker", cn);
	*mp = m;
	if (!walk(x, sgt, route, m, msg, mlen))
		return false;
	if (!check_verify(ck))
		return say(msg, mlen, "%s: %s path: the checker found what the importer "
			   "reaches wrong (reported above)", cn, dmabuf_route_name[route]);
	/* DMA_ATTR_MMIO: no cache maintenance of a BAR, coherent importer or not */
	if (!check_syncs(ck, m, syncs, true, false))
		return say(msg, mlen, "%s: %s path: cache maintenance for an MMIO mapping "
			   "(reported above)", cn, dmabuf_route_name[route]);
	return true;
}

bool dmabuf_check_unmap(struct checker *ck, struct check_map *m, char *msg, size_t mlen)
{
	if (m)
		check_unmap(m);
	if (!check_verify(ck))
		return say(msg, mlen, "after the unmap: the checker found something still "
			   "mapped (reported above)");
	return true;
}

bool dmabuf_check_freed(struct scatterlist *sgl, unsigned int nents, bool tolerate,
			char *msg, size_t mlen)
{
	struct sg_table left = { .sgl = sgl, .orig_nents = nents };
	const char *site = dmalab_slab_owner(sgl);

	if (!sgl || !site)
		return true;
	/* the kernel's own free, with the entry count it forgot */
	sg_free_table(&left);
	if (tolerate) {
		known_bug_hit("dmabuf-free-sgt-leak");
		return true;
	}
	return say(msg, mlen, "dma_buf_free_sgt() left the table's %u entries allocated "
		   "(from %s): sg_free_table() frees orig_nents entries, and orig_nents is 0",
		   nents, site);
}

bool dmabuf_check_revoked(const struct sg_table *sgt, char *msg, size_t mlen)
{
	if (!IS_ERR(sgt))
		return say(msg, mlen, "a revoked buffer was mapped (%u entries)", sgt->nents);
	if (PTR_ERR(sgt) != -ENODEV)
		return say(msg, mlen, "a revoked buffer's map gave %ld, expected -ENODEV",
			   PTR_ERR(sgt));
	return true;
}

int dmabuf_vfio_expect(const struct topo_system *s, int node, u32 flags, size_t argsz,
		       const struct vfio_device_feature_dma_buf *hdr,
		       const struct vfio_region_dma_range *ranges, bool registered)
{
	const struct topo_bar *bar;
	u64 total = 0;
	u32 i;

	if (flags & VFIO_DEVICE_FEATURE_SET)
		return -EINVAL;
	if (flags & VFIO_DEVICE_FEATURE_PROBE)
		return 0;
	if (!(flags & VFIO_DEVICE_FEATURE_GET) || argsz < sizeof(*hdr))
		return -EINVAL;
	if (!hdr)
		return -EFAULT;
	if (!hdr->nr_ranges || hdr->flags)
		return -EINVAL;
	if (hdr->region_index >= VFIO_PCI_ROM_REGION_INDEX)
		return -ENODEV;
	bar = &s->t->nodes[node].bars[hdr->region_index];
	if (!bar->size)
		return -ENODEV;
	if (!ranges)
		return -EFAULT;
	for (i = 0; i < hdr->nr_ranges; i++) {
		u64 len = ranges[i].length;

		if (!len || !PAGE_ALIGNED(ranges[i].offset) || !PAGE_ALIGNED(len))
			return -EINVAL;
		if (total + len < total)
			return -EINVAL;
		total += len;
	}
	if (total & DMA_IOVA_USE_SWIOTLB)
		return -EINVAL;
	/* every topology BAR is a memory BAR; vfio-pci made the function a provider */
	for (i = 0; i < hdr->nr_ranges; i++) {
		u64 start = bar->cpu_start + ranges[i].offset;

		if (start < bar->cpu_start || start + ranges[i].length < start)
			return -EOVERFLOW;
		if (start + ranges[i].length > bar->cpu_start + bar->size)
			return -EINVAL;
	}
	return registered ? 1 : -ENODEV;
}

void dmabuf_vfio_export(const struct topo_system *s, int node, unsigned int bar,
			const struct vfio_region_dma_range *ranges, unsigned int nr,
			struct phys_vec *out, struct dmabuf_export *x)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		out[i].paddr = s->t->nodes[node].bars[bar].cpu_start + ranges[i].offset;
		out[i].len = ranges[i].length;
	}
	x->s = s;
	x->provider = node;
	x->bar = bar;
	x->ranges = out;
	x->nr_ranges = nr;
}

DMALAB_NOCOV_END
