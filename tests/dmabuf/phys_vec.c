// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_buf_phys_vec_to_sgt() and dma_buf_free_sgt()
 * (drivers/dma-buf/dma-buf-mapping.c), driven as an exporter of PCI BAR
 * ranges drives them: its map_dma_buf op hands the attachment, its
 * p2pdma provider and its ranges to dma_buf_phys_vec_to_sgt(), its
 * unmap_dma_buf op calls dma_buf_free_sgt(); importers attach and map
 * through the dma-buf core. Every map is checked by the dma-buf oracle
 * (oracle/dmabuf_check.h) for the importer's route, every unmap must leave
 * nothing mapped, and each case ends with nothing allocated.
 */
#include <dmalab/iommu.h>
#include "tests/dmabuf/dmabuf.h"

#define K	0x400ULL
#define M	(K * K)
#define G	(M * K)
/* the sg entry limit: UINT_MAX rounded down to a page */
#define LIMIT	DMABUF_MAX_SG_ENT

struct route_case {
	const char *name;
	const char *client;
	enum dmabuf_route route;	/* what the oracle must decide, as env.c says */
};

static const struct route_case routes[] = {
	{ "bus_addr", "nic", DMABUF_BUS_ADDR },
	{ "iova", "nvme", DMABUF_IOVA },
	{ "direct", "ssd", DMABUF_DIRECT },
	{ "beyond_mask", "old", DMABUF_UNREACHABLE },
	{ "not_supported", "far", DMABUF_REFUSED },
};

struct range_set {
	const char *name;
	unsigned int n;
	struct bar_range r[MAX_RANGES];
};

/* one range each: small, 2 MiB at an odd page, across the sg entry limit */
static const struct range_set single[] = {
	{ "64k", 1, { { 0x10000, 64 * K } } },
	{ "2m_odd_page", 1, { { 0x201000, 2 * M } } },
	{ "exactly_the_limit", 1, { { 0, LIMIT } } },
	{ "past_the_limit", 1, { { 0x10000, 4 * G + 64 * K } } },
	{ "whole_bar", 1, { { 0, GPU_BAR_SIZE } } },
};

/* several: out of BAR order, adjacent, and ones each past the limit */
static const struct range_set multi[] = {
	{ "three_out_of_order", 3, { { 0x400000, 64 * K }, { 0x1000, 12 * K },
				     { 0x800000, 2 * M } } },
	{ "eight_adjacent", 8, { { 0, 4 * K }, { 4 * K, 4 * K }, { 8 * K, 4 * K },
				 { 12 * K, 4 * K }, { 16 * K, 4 * K }, { 20 * K, 4 * K },
				 { 24 * K, 4 * K }, { 28 * K, 4 * K } } },
	{ "two_past_the_limit", 2, { { 0x10000, LIMIT + 8 * K },
				     { 5 * G, 2 * G + 4 * K } } },
};

/*
 * One buffer of set s, exported, attached by client, mapped, checked,
 * unmapped, detached and put; in both directions the importer may ask for.
 */
static bool map_set(struct env *e, int client, const struct range_set *s,
		    enum dma_data_direction dir)
{
	struct test_export te;
	struct importer im;
	int err;

	err = test_export(e, &te, s->r, s->n);
	if (err)
		KT_FAIL("%s: dma_buf_export: %d", s->name, err);
	err = importer_attach(&im, e, &te.x, te.dmabuf, client, true, true);
	if (err) {
		test_export_put(&te);
		KT_FAIL("%s: attach: %d", s->name, err);
	}
	importer_map(&im, dir);
	importer_detach(&im);
	test_export_put(&te);
	if (im.failed)
		KT_FAIL("%s (%s): %s", s->name, e->topo.nodes[client].name, im.msg);
	return true;
}

/* big buffers: sample V1 at the edges and spread, as the fuzzers do */
static void sample_big(struct env *e, const struct range_set *s)
{
	u64 size = 0;
	unsigned int i;

	for (i = 0; i < s->n; i++)
		size += s->r[i].len;
	check_set_sample_budget(e->ck, size > 64 * M ? 4096 : 0);
}

static const char *route_name(const void *param)
{
	return ((const struct route_case *)param)->name;
}

const struct kt_params route_params = KT_PARAMS(routes, .name = route_name);

/*
 * A test that the oracle's route for each importer is the one env.c's
 * topology describes (bus address below the switch, IOVA behind the IOMMU
 * through the host bridge, dma_map_phys with no IOMMU, refused beyond a
 * 32-bit mask and off the whitelist), then that one range of every size
 * maps as that route says: the table has no CPU side, entries within the
 * limit adding up to the size, every byte reaching its BAR byte, nothing
 * else mapped, nothing left after the unmap.
 */
bool test_routes(const void *param, const void *arg)
{
	const struct route_case *rc = param;
	struct env e;
	unsigned int i;
	int client;
	bool ok = true;

	if (!env_up(&e, DMALAB_PT_X86_64))
		return false;
	client = env_node(&e, rc->client);
	for (i = 0; ok && i < ARRAY_SIZE(single); i++) {
		struct test_export te = { .x = { .s = &e.sys, .provider = e.gpu, .bar = GPU_BAR } };
		struct phys_vec r = {
			.paddr = e.topo.nodes[e.gpu].bars[GPU_BAR].cpu_start + single[i].r[0].off,
			.len = single[i].r[0].len,
		};

		te.x.ranges = &r;
		te.x.nr_ranges = 1;
		if (dmabuf_route(&te.x, client) != rc->route) {
			kt_report(__FILE__, __LINE__, "%s: the oracle routes it %s, env.c says %s",
				  rc->client, dmabuf_route_name[dmabuf_route(&te.x, client)],
				  dmabuf_route_name[rc->route]);
			ok = false;
			break;
		}
		sample_big(&e, &single[i]);
		ok = map_set(&e, client, &single[i], i & 1 ? DMA_TO_DEVICE : DMA_BIDIRECTIONAL);
		/* beyond the mask, dma-direct says so once (and the oracle forgets it) */
	}
	return env_down(&e) && ok;
}

static bool many_ranges(const char *client_name)
{
	struct env e;
	unsigned int i;
	bool ok = true;
	int client;

	if (!env_up(&e, DMALAB_PT_X86_64))
		return false;
	client = env_node(&e, client_name);
	for (i = 0; ok && i < ARRAY_SIZE(multi); i++) {
		sample_big(&e, &multi[i]);
		ok = map_set(&e, client, &multi[i], DMA_BIDIRECTIONAL);
	}
	return env_down(&e) && ok;
}

/*
 * A test of several ranges by bus address: each range at its own bus
 * address (the host bridge's window offset applied), in the order given,
 * an entry per range (more past the limit), nothing mapped in the IOMMU.
 */
bool test_many_ranges_bus_addr(void)
{
	return many_ranges("nic");
}

/*
 * A test of several ranges through the host bridge with no IOMMU: one
 * dma_map_phys() per range, entries in order at the CPU addresses.
 */
bool test_many_ranges_direct(void)
{
	return many_ranges("ssd");
}

/*
 * Several ranges through the host bridge behind the importer's IOMMU: the
 * IOVA path. dma_buf_phys_vec_to_sgt() reserves one IOVA range for the
 * whole size (dma_iova_try_alloc(dev, state, 0, size)) and fills the table
 * with one run of entries over it from state->addr (fill_sg_entry(sgl,
 * mapped_len, dma->state->addr)): range i must therefore be linked at IOVA
 * offset (sum of the lengths before it). The loop calls
 *     dma_iova_link(attach->dev, dma->state, phys_vec[i].paddr, 0,
 *                   phys_vec[i].len, dir, DMA_ATTR_MMIO);
 * with offset 0 for every range while mapped_len only adds up the lengths.
 * The second range is linked over the first: the IOMMU core refuses to map
 * an IOVA already mapped, the link fails and the whole map fails (the first
 * range is unlinked by dma_iova_destroy(mapped_len)), so an importer behind
 * an IOMMU can map no buffer of more than one range; had the link replaced
 * the first range, the table would describe IOVA past the last linked byte.
 * Expect (kernel-doc: "Returns sg_table containing the scatterlist", the
 * ranges in one IOVA range) each buffer to map, every byte reaching its BAR
 * byte in order.
 */
bool test_many_ranges_iova(void)
{
	return many_ranges("nvme");
}

/*
 * A test of the IOVA path on a 2 KiB-granule IOMMU (amdv1_mock): one range
 * of each size maps as on 4 KiB granules.
 */
bool test_amdv1_mock_granule(void)
{
	struct env e;
	unsigned int i;
	bool ok = true;

	if (!env_up(&e, DMALAB_PT_AMDV1_MOCK))
		return false;
	for (i = 0; ok && i < 3; i++)
		ok = map_set(&e, e.nvme, &single[i], DMA_FROM_DEVICE);
	return env_down(&e) && ok;
}

/*
 * A test that an importer that cannot reach the BAR is refused and maps
 * nothing, with the refusal the kernel-doc gives (-EINVAL for an
 * unsupported route) and the provider's other importers unaffected: an
 * importer by bus address maps the same buffer before and after.
 */
bool test_refused_maps_nothing(void)
{
	static const struct bar_range r = { 0x10000, 64 * K };
	struct importer far, nic;
	struct test_export te;
	struct env e;
	bool ok = true;
	int err;

	if (!env_up(&e, DMALAB_PT_X86_64))
		return false;
	if (test_export(&e, &te, &r, 1))
		KT_FAIL("dma_buf_export failed");
	if (importer_attach(&nic, &e, &te.x, te.dmabuf, e.nic, true, true) ||
	    importer_attach(&far, &e, &te.x, te.dmabuf, e.far, true, true))
		KT_FAIL("attach failed");
	if (importer_map(&nic, DMA_BIDIRECTIONAL) || nic.failed)
		ok = false;
	err = importer_map(&far, DMA_BIDIRECTIONAL);
	if (err != -EINVAL || far.failed) {
		kt_report(__FILE__, __LINE__, "far: map gave %d, expected -EINVAL%s%s", err,
			  far.failed ? ": " : "", far.failed ? far.msg : "");
		ok = false;
	}
	importer_unmap(&nic);
	if (ok && (importer_map(&nic, DMA_BIDIRECTIONAL) || nic.failed))
		ok = false;
	importer_detach(&far);
	importer_detach(&nic);
	test_export_put(&te);
	if (nic.failed)
		kt_report(__FILE__, __LINE__, "nic: %s", nic.msg);
	return env_down(&e) && ok;
}

/*
 * A test that dma_buf_free_sgt() frees what dma_buf_phys_vec_to_sgt()
 * allocated, on every route that maps. The table is allocated by
 * sg_alloc_table(&dma->sgt, nents, ...) (orig_nents = nents entries), then
 *     dma->sgt.orig_nents = 0;
 * ("No CPU list included — set orig_nents = 0 so others can detect this"),
 * and dma_buf_free_sgt() ends with sg_free_table(sgt), which is
 * __sg_free_table(table, SG_MAX_SINGLE_ALLOC, 0, sg_kfree, table->orig_nents):
 * with num_ents 0 its loop frees nothing and it only sets table->sgl to
 * NULL. The scatterlist array (kmalloc'd by sg_kmalloc, lib/scatterlist.c)
 * stays allocated after every unmap: a 64 KiB buffer mapped and unmapped
 * once leaks one kmalloc-32 object on each route (nents 1), a VFIO dma-buf
 * importer leaks on every move_notify/re-map cycle. Expect (kernel-doc of
 * dma_buf_free_sgt: "unmaps the buffer"; of sg_free_table: frees the
 * table) the array freed: dmalab_slab_owner() no longer knows it.
 */
bool test_free_sgt_frees_the_table(const void *param, const void *arg)
{
	const struct route_case *rc = param;
	struct env e;
	bool ok;

	if (!env_up(&e, DMALAB_PT_X86_64))
		return false;
	e.strict_free = true;
	ok = map_set(&e, env_node(&e, rc->client), &single[0], DMA_BIDIRECTIONAL);
	return env_down(&e) && ok;
}

static const char *mapping_route_bug(const void *param, const struct ktest *t)
{
	const struct route_case *rc = param;

	return rc->route == DMABUF_REFUSED || rc->route == DMABUF_UNREACHABLE ?
	       NULL : "dmabuf-free-sgt-leak";
}

static const char *mapping_route_skip(const void *param, const struct ktest *t)
{
	return NULL;
}

const struct kt_params leak_params = KT_PARAMS(routes, .name = route_name,
					       .skip = mapping_route_skip,
					       .known_bug = mapping_route_bug);
