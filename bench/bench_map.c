// SPDX-License-Identifier: GPL-2.0-only
/*
 * The map, unmap and density groups: one range list (a workload) mapped
 * by one path on one device, named <group>/<path>/<workload>/<size>.
 *
 * A map benchmark times K maps in a row (K: batch_for(), about 200 us of
 * work, so the timer's stop/start stays out of small mappings), then, with
 * the timer stopped, unmaps them and runs the deferred work (the flush
 * queue's timer, the IOVA depot trim). An unmap benchmark times the K
 * unmaps and maps the next K with the timer stopped.
 * "-cold" paths get a fresh domain and device for every batch: an empty
 * IOVA rcache, an empty IOVA tree, no page-table pages. "-p2p" and
 * "-p2pbus" paths map the p2p workload (a GPU's BAR) on a client of the
 * P2P topology (p2p.c): through the host bridge, or by bus addresses.
 *
 * Counters (per op = per mapping of the whole list) are in bench/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "bench.h"

enum group { G_MAP, G_UNMAP, G_DENSITY };

static const char *const group_names[] = { "map", "unmap", "density" };
static const char *const path_names[PATH_NR] = { "sg", "iova", "phys" };
static const char *const p2p_suffix[] = { "", "-p2p", "-p2pbus" };

struct map_spec {
	struct map_spec *next;		/* all of them, reachable until exit */
	enum group group;
	struct bench_cfg c;
	enum wl_kind wl;
	size_t size;
	bool probed;
	int probe_err;
	struct probe probe;
};

static const size_t sizes[] = {
	SZ_4K, SZ_64K, SZ_1M, SZ_16M, SZ_256M, SZ_1G, 4UL * SZ_1G,
};
#define SIZE_4G	(4UL * SZ_1G)

static const char *size_name(size_t size, char *buf, size_t len)
{
	if (size >= SZ_1G)
		snprintf(buf, len, "%zuGiB", size >> 30);
	else if (size >= SZ_1M)
		snprintf(buf, len, "%zuMiB", size >> 20);
	else
		snprintf(buf, len, "%zuKiB", size >> 10);
	return buf;
}

/* sg, sg-direct, iova-fq, phys-fq-cold, sg-p2pbus, iova-p2p-fq, ... */
static void path_name(const struct bench_cfg *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", path_names[c->path], p2p_suffix[c->p2p],
		 c->direct ? "-direct" : "", c->fq ? "-fq" : "", c->cold ? "-cold" : "");
}

/*
 * K, the operations timed between a resume and a pause of the timer: a
 * power of two making about 200 us (the pause/resume pair costs ~0.5 us of
 * timed time: shim/pause-resume), at most 1024, and at most 64 MiB of
 * descriptors and page tables live (and, for phys, IOVAs: BATCH_IOVAS).
 */
#define BATCH_NS	200000.0
#define BATCH_MAX	1024
#define BATCH_MEM	(64UL << 20)

/*
 * A warm rcache holds, per size, two magazines of 127 IOVAs on the CPU and
 * num_online_cpus() (16) full magazines in the depot that its trim keeps:
 * 2286 IOVAs. The phys path allocates one IOVA per range: K x ranges stays
 * within 2048 (unless one list has more ranges), so that warm means warm.
 */
#define BATCH_IOVAS	2048

static unsigned long batch_for(const struct map_spec *s, const struct workload *w)
{
	double op = s->group == G_UNMAP ? s->probe.unmap_ns : s->probe.map_ns;
	double mem = s->probe.desc_bytes + s->probe.pt_bytes + 4096;
	unsigned long k = 1;

	while (k < BATCH_MAX && k * op < BATCH_NS && 2 * k * mem <= BATCH_MEM &&
	       (s->c.path != PATH_PHYS || s->c.direct || s->c.p2p == P2P_BUS ||
		2 * k * w->nr <= BATCH_IOVAS))
		k *= 2;
	return k;
}

/* What the timed operations did: counted between the timed regions. */
struct snap {
	struct dmalab_iommu_stats st;
	struct dmalab_slab_stats slab;
};

struct snap_acc {
	u64 syncs, flush_all, calls, slab_ops;
};

static void snap(const struct bench_dev *bd, struct snap *s)
{
	if (bd->dom)
		dmalab_domain_stats(bd->dom, &s->st);
	else
		memset(&s->st, 0, sizeof(s->st));
	dmalab_slab_stats(&s->slab);
}

static void accumulate(struct snap_acc *acc, const struct snap *a, const struct snap *b)
{
	acc->syncs += b->st.iotlb_syncs - a->st.iotlb_syncs;
	acc->flush_all += b->st.iotlb_flush_all - a->st.iotlb_flush_all;
	acc->calls += b->st.map_calls - a->st.map_calls + b->st.unmap_calls - a->st.unmap_calls;
	acc->slab_ops += b->slab.allocs - a->slab.allocs + b->slab.frees - a->slab.frees;
}

static bool ensure_probe(gb_state *st, struct map_spec *s, const struct workload *w)
{
	char msg[96];

	if (!s->probed) {
		s->probe_err = probe_mapping(&s->c, w, &s->probe);
		s->probed = true;
	}
	if (s->probe_err) {
		snprintf(msg, sizeof(msg), "mapping failed: %d", s->probe_err);
		gb_skip_with_error(st, msg);
		return false;
	}
	return true;
}

static void memory_counters(gb_state *st, const struct map_spec *s, const struct workload *w)
{
	double pages = (double)s->size / 4096;

	gb_counter(st, "desc_bytes", s->probe.desc_bytes, 0);
	gb_counter(st, "bytes_per_4k", s->probe.desc_bytes / pages, 0);
	gb_counter(st, "pt_bytes", s->probe.pt_bytes, 0);
	gb_counter(st, "ranges", (double)w->nr, 0);
	gb_counter(st, "entries", s->probe.entries, 0);
}

static void bm_density(gb_state *st, void *data)
{
	struct map_spec *s = data;
	const struct workload *w = workload_get(s->wl, s->size);

	if (!ensure_probe(st, s, w))
		return;
	/* counters only: one pass of the loop, whatever GB asks for */
	while (gb_keep_running_batch(st, gb_max_iterations(st)))
		;
	memory_counters(st, s, w);
	gb_counter(st, "ptes", s->probe.ptes_map, 0);
}

static void bm_mapping(gb_state *st, void *data)
{
	struct map_spec *s = data;
	const struct workload *w = workload_get(s->wl, s->size);
	const struct bench_cfg *c = &s->c;
	bool time_unmap = s->group == G_UNMAP;
	unsigned long k, i, warn_mark = dmalab_warn_count();
	struct sg_table tmpl = {}, *ptmpl = NULL;
	struct snap a, b;
	struct snap_acc acc = {};
	struct bench_dev fresh = {}, *bd = NULL;
	struct mapping *m;
	int64_t ops;
	char msg[96];
	int ret;

	if (!ensure_probe(st, s, w))
		return;
	k = batch_for(s, w);
	m = calloc(k, sizeof(*m));
	if (!m) {
		gb_skip_with_error(st, "out of host memory");
		return;
	}
	for (i = 0; i < k; i++)
		if (mapping_prepare(c, w, &m[i])) {
			gb_skip_with_error(st, "cannot allocate the descriptors");
			goto out;
		}
	if (c->cold) {
		ret = bench_dev_create(&fresh, c);
		if (ret) {
			gb_skip_with_error(st, "cannot create the device");
			goto out;
		}
		bd = &fresh;
	} else {
		bd = bench_dev_get(c);
	}

	if (time_unmap && c->path == PATH_SG) {
		/* re-maps copy this table instead of walking every page again */
		ret = sg_alloc_table_from_pages_segment(&tmpl, w->pages, w->nr_pages, w->offset,
							w->size, UINT_MAX, GFP_KERNEL);
		if (ret)
			goto map_failed;
		ptmpl = &tmpl;
	}
	if (time_unmap)
		for (i = 0; i < k; i++)
			if ((ret = path_remap(c, bd->dev, w, &m[i], ptmpl)))
				goto map_failed;
	snap(bd, &a);
	while (gb_keep_running_batch(st, k)) {
		if (!time_unmap) {
			for (i = 0; i < k; i++)
				if (unlikely(ret = path_map(c, bd->dev, w, &m[i])))
					goto map_failed;
		} else {
			for (i = 0; i < k; i++)
				path_unmap(c, bd->dev, w, &m[i]);
		}
		gb_pause(st);
		if (!time_unmap) {
			snap(bd, &b);
			accumulate(&acc, &a, &b);
			for (i = 0; i < k; i++)
				path_unmap(c, bd->dev, w, &m[i]);
			dmalab_run_deferred_work();
		} else {
			dmalab_run_deferred_work();
			snap(bd, &b);
			accumulate(&acc, &a, &b);
		}
		if (c->cold) {
			bench_dev_destroy(&fresh);
			if (bench_dev_create(&fresh, c)) {
				gb_skip_with_error(st, "cannot create the device");
				goto out;
			}
		}
		if (time_unmap)
			for (i = 0; i < k; i++)
				if (unlikely(ret = path_remap(c, bd->dev, w, &m[i], ptmpl)))
					goto map_failed;
		if (bench_check_warn(st, &warn_mark))
			goto out;
		snap(bd, &a);
		gb_resume(st);
	}

	ops = gb_iterations(st);
	if (ops > 0) {
		double pages = (double)s->size / 4096;

		gb_set_bytes_processed(st, ops * (int64_t)s->size);
		/* seconds / (4 KiB pages / 1e9): ns per 4 KiB, as bytes_per_second */
		gb_counter(st, "ns_per_4k", ops * pages / 1e9,
			   GB_COUNTER_RATE | GB_COUNTER_INVERT);
		memory_counters(st, s, w);
		gb_counter(st, "ptes", time_unmap ? s->probe.ptes_unmap : s->probe.ptes_map, 0);
		gb_counter(st, "iotlb_syncs", (double)acc.syncs / ops, 0);
		gb_counter(st, "flush_all", (double)acc.flush_all / ops, 0);
		gb_counter(st, "iommu_calls", (double)acc.calls / ops, 0);
		gb_counter(st, "slab_ops", (double)acc.slab_ops / ops, 0);
		gb_counter(st, "batch", (double)k, 0);
	}
	goto out;

map_failed:
	snprintf(msg, sizeof(msg), "map failed: %d", ret);
	gb_skip_with_error(st, msg);
out:
	for (i = 0; i < k; i++) {
		if (bd && m[i].live)
			path_unmap(c, bd->dev, w, &m[i]);
		mapping_release(&m[i]);
	}
	dmalab_run_deferred_work();
	if (fresh.dev)
		bench_dev_destroy(&fresh);
	if (ptmpl)
		sg_free_table(ptmpl);
	free(m);
	bench_check_warn(st, &warn_mark);
}

/* ---- registration ---- */

static struct map_spec *specs;

static void reg(enum group g, struct bench_cfg c, enum wl_kind wl, size_t size)
{
	struct map_spec *s = calloc(1, sizeof(*s));
	char name[96], pn[32], sn[16];

	if (!s)
		abort();
	s->next = specs;
	specs = s;
	s->group = g;
	s->c = c;
	s->wl = wl;
	s->size = size;
	path_name(&c, pn, sizeof(pn));
	snprintf(name, sizeof(name), "%s/%s/%s/%s", group_names[g], pn, wl_names[wl],
		 size_name(size, sn, sizeof(sn)));
	gb_register_data(name, g == G_DENSITY ? bm_density : bm_mapping, s);
}

static void reg_map_unmap(struct bench_cfg c, enum wl_kind wl, size_t size)
{
	reg(G_MAP, c, wl, size);
	reg(G_UNMAP, c, wl, size);
}

#define CFG(p, ...) ((struct bench_cfg){ .path = (p), __VA_ARGS__ })

static bool is_headline(enum wl_kind wl, size_t size)
{
	return (wl == WL_4K || wl == WL_2M) && (size == SZ_1G || size == SZ_64K);
}

/*
 * The p2p workload (the rest set): map, unmap and density on sg, iova and
 * phys through the host bridge (-p2p) and by bus addresses (-p2pbus), and
 * with fq the flush-queue client (-p2p-fq) too.
 */
static const size_t p2p_sizes[] = { SZ_64K, SZ_16M, SZ_1G };

static void register_p2p(const size_t *sz, unsigned int nr, bool fq)
{
	enum p2p_client cl;
	enum path_kind p;
	unsigned int i;

	if (!(bench_opts.sets & SET_REST))
		return;
	for (i = 0; i < nr; i++)
		for (cl = P2P_HB; cl <= P2P_BUS; cl++)
			for (p = 0; p < PATH_NR; p++) {
				reg_map_unmap(CFG(p, .p2p = cl), WL_P2P, sz[i]);
				reg(G_DENSITY, CFG(p, .p2p = cl), WL_P2P, sz[i]);
				if (fq && cl == P2P_HB)
					reg_map_unmap(CFG(p, .p2p = cl, .fq = true), WL_P2P, sz[i]);
			}
}

static void register_quick(void)
{
	static const size_t rest_sizes[] = { SZ_4K, SZ_1M, SZ_16M, SZ_256M };
	static const size_t two[] = { SZ_64K, SZ_1G };
	enum path_kind p;
	enum wl_kind wl;
	unsigned int i;

	if (bench_opts.sets & SET_HEADLINE)
		for (wl = WL_4K; wl <= WL_2M; wl++)
			for (i = 0; i < ARRAY_SIZE(two); i++)
				for (p = 0; p < PATH_NR; p++)
					reg_map_unmap(CFG(p), wl, two[i]);
	if (!(bench_opts.sets & SET_REST))
		return;
	for (wl = WL_4K; wl <= WL_2M; wl++)
		for (i = 0; i < ARRAY_SIZE(rest_sizes); i++)
			for (p = 0; p < PATH_NR; p++)
				reg_map_unmap(CFG(p), wl, rest_sizes[i]);
	/* the direct path of each: sg-direct, phys-direct (the iova fallback) */
	for (wl = WL_4K; wl <= WL_2M; wl++)
		for (i = 0; i < ARRAY_SIZE(two); i++) {
			reg_map_unmap(CFG(PATH_SG, .direct = true), wl, two[i]);
			reg_map_unmap(CFG(PATH_PHYS, .direct = true), wl, two[i]);
		}
	for (i = 0; i < ARRAY_SIZE(two); i++)
		for (p = 0; p < PATH_NR; p++)
			reg_map_unmap(CFG(p, .fq = true), WL_4K, two[i]);
	for (p = 0; p < PATH_NR; p++) {
		reg_map_unmap(CFG(p, .cold = true), WL_4K, SZ_64K);
		reg_map_unmap(CFG(p, .cold = true), WL_4K, SZ_16M);
	}
	for (wl = WL_1G; wl < WL_NR_HOST; wl++)
		for (p = 0; p < PATH_NR; p++)
			reg_map_unmap(CFG(p), wl, SZ_1G);
	for (wl = 0; wl < WL_NR_HOST; wl++)
		for (i = 0; i < ARRAY_SIZE(sizes) - 1; i++)
			for (p = 0; p < PATH_NR; p++)
				reg(G_DENSITY, CFG(p), wl, sizes[i]);
	for (wl = WL_4K; wl <= WL_2M; wl++) {
		reg(G_DENSITY, CFG(PATH_SG, .direct = true), wl, SZ_1G);
		reg(G_DENSITY, CFG(PATH_PHYS, .direct = true), wl, SZ_1G);
	}
	register_p2p(p2p_sizes, ARRAY_SIZE(p2p_sizes), false);
}

static void register_full(void)
{
	static const struct bench_cfg cfgs[] = {
		{ PATH_SG }, { PATH_IOVA }, { PATH_PHYS },
		{ PATH_SG, .direct = true }, { PATH_PHYS, .direct = true },
		{ PATH_SG, .fq = true }, { PATH_IOVA, .fq = true }, { PATH_PHYS, .fq = true },
	};
	static const enum wl_kind cold_wls[] = { WL_4K, WL_2M, WL_MIX };
	enum path_kind p;
	enum wl_kind wl;
	unsigned int i, j, fq;

	for (wl = 0; wl < WL_NR_HOST; wl++)
		for (i = 0; i < ARRAY_SIZE(sizes); i++)
			for (j = 0; j < ARRAY_SIZE(cfgs); j++) {
				bool headline = !cfgs[j].direct && !cfgs[j].fq &&
						is_headline(wl, sizes[i]);

				if (bench_opts.sets & (headline ? SET_HEADLINE : SET_REST))
					reg_map_unmap(cfgs[j], wl, sizes[i]);
			}
	if (!(bench_opts.sets & SET_REST))
		return;
	for (fq = 0; fq <= 1; fq++)
		for (j = 0; j < ARRAY_SIZE(cold_wls); j++)
			for (i = 0; i < ARRAY_SIZE(sizes) - 1; i++)
				for (p = 0; p < PATH_NR; p++)
					reg_map_unmap(CFG(p, .fq = fq, .cold = true), cold_wls[j],
						      sizes[i]);
	for (wl = 0; wl < WL_NR_HOST; wl++)
		for (i = 0; i < ARRAY_SIZE(sizes); i++)
			for (j = 0; j < 5; j++)	/* sg iova phys sg-direct phys-direct */
				reg(G_DENSITY, cfgs[j], wl, sizes[i]);
	register_p2p(sizes, ARRAY_SIZE(sizes) - 1, true);	/* up to 1 GiB */
}

void bench_register_map(void)
{
	if (bench_opts.full)
		register_full();
	else
		register_quick();
}
