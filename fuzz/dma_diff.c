// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA executor's diff op (fuzz/dma_exec.c): the current ranges through
 * the sg path and through the IOVA path (or dma_map_phys per range where
 * the IOVA path cannot take them under the API contract), both checked by
 * the ground-truth checker; the device must read the same bytes, the
 * buffer's, through both.
 *
 * What the device reads: every byte of a range up to DIFF_WHOLE bytes, and
 * of a longer one (a range to the end of a 2 MiB folio) its first and last
 * DIFF_EDGE bytes and DIFF_SPREAD windows of DIFF_WIN bytes spread over
 * the middle, each across a page boundary. The middle of a long range is
 * where nothing differs from one page to the next: the IOMMU maps it with
 * the same huge or contiguous entries, and the checker has verified its
 * translation (V1 samples every granule boundary up to its budget, then
 * spreads them). Offsets, segment boundaries, bounce slots, partial
 * granules and the ends of huge pages all lie in the windows. Reading all
 * of a 2 MiB folio through two paths, after filling all of it, cost
 * milliseconds an op, of our work and not the kernel's. (No fuzzing
 * coverage for these loops either: dmalab/nocov.h.)
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/c_emit.h"
#include "fuzz/dma_exec_internal.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

#define DIFF_WHOLE	SZ_64K	/* ranges up to this are read whole */
#define DIFF_EDGE	SZ_16K	/* else: the first and last bytes */
#define DIFF_WIN	SZ_4K	/* and windows across page boundaries */
#define DIFF_SPREAD	8

/* A window: stream bytes [off, off + len) of the ranges read in order. */
struct diff_win {
	size_t off;		/* in the stream (the ranges one after the other) */
	phys_addr_t phys;	/* where the buffer holds them */
	size_t len;
	size_t at;		/* in the want/got buffers */
};

#define MAX_WINS	(MAX_RANGES * (3 + DIFF_SPREAD))

/* The buffers of one op, kept for the process: no mmap/munmap per op. */
static unsigned char *want, *got;
static size_t buf_cap;

static bool buffers(size_t need)
{
	if (need <= buf_cap)
		return true;
	free(want);
	free(got);
	want = malloc(need);
	got = malloc(need);
	buf_cap = want && got ? need : 0;
	return buf_cap;
}

static unsigned int add_win(struct diff_win *w, unsigned int first, unsigned int n, size_t off,
			    phys_addr_t phys, size_t len, size_t *at)
{
	/* windows of one range (from first on) come in order; join those that meet */
	if (n > first && w[n - 1].off + w[n - 1].len >= off) {
		size_t end = max(w[n - 1].off + w[n - 1].len, off + len);

		*at += end - (w[n - 1].off + w[n - 1].len);
		w[n - 1].len = end - w[n - 1].off;
		return n;
	}
	w[n] = (struct diff_win){ off, phys, len, *at };
	*at += len;
	return n + 1;
}

/* The windows of range rg, which starts at stream offset base. */
static unsigned int range_wins(const struct fz_range *rg, size_t base, struct diff_win *w,
			       unsigned int n, size_t *at)
{
	unsigned int first = n;
	size_t mid, step, i;

	if (rg->len <= DIFF_WHOLE)
		return add_win(w, first, n, base, rg->phys, rg->len, at);
	n = add_win(w, first, n, base, rg->phys, DIFF_EDGE, at);
	mid = rg->len - 2 * DIFF_EDGE;
	step = mid / (DIFF_SPREAD + 1);
	for (i = 1; i <= DIFF_SPREAD; i++) {
		/* centred on the page boundary nearest to its spot */
		phys_addr_t b = ALIGN(rg->phys + DIFF_EDGE + i * step, PAGE_SIZE);
		size_t o = b - DIFF_WIN / 2 - rg->phys;

		if (o < DIFF_EDGE || o + DIFF_WIN > rg->len - DIFF_EDGE)
			continue;
		n = add_win(w, first, n, base + o, rg->phys + o, DIFF_WIN, at);
	}
	return add_win(w, first, n, base + rg->len - DIFF_EDGE, rg->phys + rg->len - DIFF_EDGE,
		       DIFF_EDGE, at);
}

static bool read_dev(struct run *r, dma_addr_t dma, void *buf, size_t len)
{
	return check_dma_read(r->ck, r->dev, dma, buf, len);
}

/* Read the windows through the mapped sg table's DMA segments (the stream in order). */
static bool read_sg(struct run *r, const struct diff_win *w, unsigned int nw, size_t *total)
{
	struct scatterlist *sg;
	size_t pos = 0;
	unsigned int i, k = 0;

	for_each_sgtable_dma_sg(&r->sgt, sg, i) {
		size_t len = sg_dma_len(sg);

		/* the parts of windows within this segment */
		for (; k < nw && w[k].off < pos + len; ) {
			size_t s = max(w[k].off, pos);
			size_t e = min(w[k].off + w[k].len, pos + len);

			if (!read_dev(r, sg_dma_address(sg) + (s - pos), got + w[k].at + (s - w[k].off),
				      e - s))
				return false;
			if (e < w[k].off + w[k].len)
				break;	/* it goes on in the next segment */
			k++;
		}
		pos += len;
	}
	*total = pos;
	return true;
}

/*
 * A C reproducer (fuzz/c_emit.h): the windows as a table, and the sg read
 * above as a function of the reproducer's own, over the oracle's
 * check_dma_read().
 */
static void emit_windows(const struct diff_win *w, unsigned int nw, size_t bytes,
			 unsigned int cid)
{
	c_emit_include("<stdlib.h>");
	c_emit_decl("/* what the device reads: stream offset, buffer, length, place in want/got */\n"
		    "struct diff_win {\n\tsize_t off;\n\tphys_addr_t phys;\n\tsize_t len, at;\n};\n\n"
		    "static unsigned char *want, *got;\nstatic size_t stream_len;\n\n"
		    "/* the windows through the mapped table's DMA segments, in stream order */\n"
		    "static bool read_sg(struct sg_table *t, const struct diff_win *w, unsigned int nw)\n"
		    "{\n\tstruct scatterlist *s;\n\tsize_t pos = 0;\n\tunsigned int i, k = 0;\n\n"
		    "\tfor_each_sgtable_dma_sg(t, s, i) {\n"
		    "\t\tsize_t len = sg_dma_len(s);\n\n"
		    "\t\tfor (; k < nw && w[k].off < pos + len; ) {\n"
		    "\t\t\tsize_t a = max(w[k].off, pos);\n"
		    "\t\t\tsize_t e = min(w[k].off + w[k].len, pos + len);\n\n"
		    "\t\t\tif (!check_dma_read(ck, dev, sg_dma_address(s) + (a - pos),\n"
		    "\t\t\t\t\t    got + w[k].at + (a - w[k].off), e - a))\n"
		    "\t\t\t\treturn false;\n"
		    "\t\t\tif (e < w[k].off + w[k].len)\n\t\t\t\tbreak;\n\t\t\tk++;\n\t\t}\n"
		    "\t\tpos += len;\n\t}\n\tstream_len = pos;\n\treturn true;\n}\n");
	C_EMIT("/* the diff op: the same bytes through the sg path and the IOVA (or phys) path */");
	C_EMIT("static const struct diff_win win%u[] = {", cid);
	for (unsigned int k = 0; k < nw; k++)
		C_EMIT("\t{ %#zx, %#llx, %#zx, %#zx },", w[k].off, (unsigned long long)w[k].phys,
		       w[k].len, w[k].at);
	C_EMIT("};\nwant = malloc(%#zx);\ngot = malloc(%#zx);\nassert(want && got);", bytes,
	       bytes);
}

void dma_exec_diff(struct run *r, const uint64_t *a)
{
	enum dma_data_direction dir = a[0];
	static struct check_range cpu[MAX_SG];
	static struct diff_win w[MAX_WINS];
	struct dma_iova_state st = {};
	size_t total = 0, pos, linked = 0, bytes = 0;
	unsigned int i, n, nw = 0, k;
	struct check_map *m1 = NULL, *m2 = NULL, *pm[MAX_RANGES] = {};
	bool iova = false;
	unsigned int cid = r->cvars++;	/* a C reproducer's names: win<cid> */
	dma_addr_t dmas[MAX_RANGES];
	size_t starts[MAX_RANGES];

	if (!r->nr || r->have_sgt || r->have_state || r->nr_maps)
		return;		/* run on a quiet device */
	for (i = 0; i < r->nr; i++) {
		starts[i] = total;
		nw = range_wins(&r->ranges[i], total, w, nw, &bytes);
		total += r->ranges[i].len;
	}
	/*
	 * Keep each op fast: the ranges are mapped twice, and what may be
	 * bounced is filled, copied and hashed whole. 4 MiB holds two 2 MiB
	 * folios (huge IOMMU pages side by side) and 64 ranges of 64 KiB.
	 */
	if (total > SZ_4M)
		return;
	if (!buffers(bytes))
		return;
	if (c_emit_on)
		emit_windows(w, nw, bytes, cid);
	/*
	 * Fresh bytes for what is compared, and all of a range the kernel
	 * may bounce (it copies all of it then, and the checker compares the
	 * copy with all of the buffer, V2).
	 */
	for (i = 0; i < r->nr; i++)
		dma_exec_fill(r, &r->ranges[i], r->fr->op, false);
	for (k = 0; k < nw; k++) {
		dma_exec_fill(r, &(struct fz_range){ w[k].phys, w[k].len, false }, r->fr->op,
			      true);
		memcpy(want + w[k].at, phys_to_virt(w[k].phys), w[k].len);
	}
	C_EMIT("for (i = 0; i < ARRAY_SIZE(win%u); i++)\n"
	       "\tmemcpy(want + win%u[i].at, phys_to_virt(win%u[i].phys), win%u[i].len);",
	       cid, cid, cid, cid);

	/* path 1: the scatterlist */
	dma_exec_sg_build(r);
	if (!r->have_sgt) {
		C_EMIT("free(want);\nfree(got);");
		return;
	}
	n = check_sg_ranges(&r->sgt, cpu, MAX_SG);
	C_EMIT("nents = check_sg_ranges(&sgt, cpu, %u);\nret = dma_map_sgtable(dev, &sgt, %s, 0);",
	       MAX_SG, c_emit_dir(dir));
	if (dma_map_sgtable(r->dev, &r->sgt, dir, 0)) {
		C_EMIT("/* seen: an error, a clean failure */");
		goto out_sg;
	}
	C_EMIT("assert(ret == 0);\nsg_m = check_map_sg(ck, dev, &sgt, cpu, nents, %s, 0);\n"
	       "assert(sg_m);\nassert(check_verify(ck));", c_emit_dir(dir));
	m1 = check_map_sg(r->ck, r->dev, &r->sgt, cpu, n, dir, 0);
	if (!m1 || !check_verify(r->ck))
		goto out_unmap_sg;
	if (c_emit_on && check_known_bug_hits(r->ck)) {
		c_emit_known_bug("dma-iommu-sg-padding-mapped",
				 "seen: the checker counted %lu mapping(s) of segment padding",
				 check_known_bug_hits(r->ck));
		C_EMIT("assert(check_known_bug_hits(ck) == 0);");
		r->cbug_hits = check_known_bug_hits(r->ck);
	}
	C_EMIT("/* the device reads the windows through the sg mapping: the buffer's bytes */\n"
	       "assert(read_sg(&sgt, win%u, ARRAY_SIZE(win%u)));\n"
	       "assert(stream_len == %#zx && !memcmp(got, want, %#zx));",
	       cid, cid, total, bytes);
	if (!read_sg(r, w, nw, &pos))
		goto out_unmap_sg;
	if (pos != total || memcmp(got, want, bytes)) {
		run_finding(r->fr, "checker", "diff: sg path",
			    "the device reads %zu bytes through the sg mapping that are not the buffer's %zu",
			    pos, total);
		goto out_unmap_sg;
	}

	/* path 2: the IOVA path if the contract allows it, else map_phys per range */
	iova = r->iommu && dma_iova_try_alloc(r->dev, &st, r->ranges[0].phys, total);
	if (r->iommu) {
		c_emit_decl("static struct dma_iova_state state;\nstatic struct check_map *iova_m;");
		C_EMIT("ret = dma_iova_try_alloc(dev, &state, %#llx, %#zx);\n/* seen: %s */",
		       (unsigned long long)r->ranges[0].phys, total, iova ? "true" : "false");
	}
	if (iova) {
		C_EMIT("iova_m = check_map_new(ck, dev, %s, 0);\nassert(iova_m);\n"
		       "assert(check_map_reserve(iova_m, state.addr, %#zx));",
		       c_emit_dir(dir), total);
		m2 = check_map_new(r->ck, r->dev, dir, 0);
		if (!m2 || !check_map_reserve(m2, st.addr, total))
			goto out_iova;
	}
	for (i = 0; i < r->nr; i++) {
		const struct fz_range *rg = &r->ranges[i];
		unsigned long mask = r->granule - 1;

		if (iova && i && ((rg->phys & mask) || ((st.addr + linked) & mask)))
			break;	/* past the contract: the ranges cannot be one IOVA run */
		if (iova) {
			C_EMIT("ret = dma_iova_link(dev, &state, %#llx, %#zx, %#zx, %s, 0);",
			       (unsigned long long)rg->phys, linked, rg->len, c_emit_dir(dir));
			if (dma_iova_link(r->dev, &st, rg->phys, linked, rg->len, dir, 0)) {
				C_EMIT("/* seen: an error, a clean failure */");
				break;
			}
			C_EMIT("assert(ret == 0);\n"
			       "assert(check_map_link(iova_m, state.addr + %#zx, %#llx, %#zx));",
			       linked, (unsigned long long)rg->phys, rg->len);
			if (!check_map_link(m2, st.addr + linked, rg->phys, rg->len))
				break;
			dmas[i] = st.addr + linked;
			linked += rg->len;
		} else {
			c_emit_decl("static dma_addr_t diff_dma%u[%u];\n"
				    "static struct check_map *diff_m%u[%u];", cid, r->nr, cid, r->nr);
			C_EMIT("diff_dma%u[%u] = dma_map_phys(dev, %#llx, %#zx, %s, 0);", cid, i,
			       (unsigned long long)rg->phys, rg->len, c_emit_dir(dir));
			dmas[i] = dma_map_phys(r->dev, rg->phys, rg->len, dir, 0);
			if (dma_mapping_error(r->dev, dmas[i])) {
				C_EMIT("/* seen: DMA_MAPPING_ERROR, a clean failure */");
				break;
			}
			C_EMIT("diff_m%u[%u] = check_map_new(ck, dev, %s, 0);\nassert(diff_m%u[%u]);\n"
			       "assert(check_map_range(diff_m%u[%u], diff_dma%u[%u], %#llx, %#zx));",
			       cid, i, c_emit_dir(dir), cid, i, cid, i, cid, i,
			       (unsigned long long)rg->phys, rg->len);
			/* one mapping each: on a direct device, two ranges over the
			 * same memory have overlapping DMA addresses, rightly */
			pm[i] = check_map_new(r->ck, r->dev, dir, 0);
			if (!pm[i] || !check_map_range(pm[i], dmas[i], rg->phys, rg->len)) {
				i++;
				break;
			}
		}
	}
	n = i;
	if (n == r->nr && iova)
		C_EMIT("assert(dma_iova_sync(dev, &state, 0, %#zx) == 0);", linked);
	if (n == r->nr)
		C_EMIT("assert(check_verify(ck));\n"
		       "/* the device reads each window through its range's own DMA address */");
	if (n == r->nr && (!iova || !dma_iova_sync(r->dev, &st, 0, linked)) &&
	    check_verify(r->ck)) {
		/* the windows of range i through its own DMA address */
		for (k = 0, i = 0; k < nw; k++) {
			while (i + 1 < r->nr && starts[i + 1] <= w[k].off)
				i++;
			if (iova)
				C_EMIT("assert(check_dma_read(ck, dev, state.addr + %#zx, "
				       "got + %#zx, %#zx));", w[k].off, w[k].at, w[k].len);
			else
				C_EMIT("assert(check_dma_read(ck, dev, diff_dma%u[%u] + %#zx, "
				       "got + %#zx, %#zx));", cid, i, w[k].off - starts[i],
				       w[k].at, w[k].len);
			if (!read_dev(r, dmas[i] + (w[k].off - starts[i]), got + w[k].at, w[k].len))
				break;
		}
		C_EMIT("assert(!memcmp(got, want, %#zx));", bytes);
		if (k == nw && memcmp(got, want, bytes)) {
			run_finding(r->fr, "checker", "diff: IOVA path",
				    "the device reads other bytes through the %s than through the sg path",
				    iova ? "IOVA link mapping" : "dma_map_phys mappings");
		}
	}
out_iova:
	if (iova) {
		if (linked)
			dma_iova_destroy(r->dev, &st, linked, dir, 0);
		else
			dma_iova_free(r->dev, &st);
		C_EMIT(linked ? "dma_iova_destroy(dev, &state, %#zx, %s, 0);" :
		       "dma_iova_free(dev, &state);", linked, c_emit_dir(dir));
	} else {
		for (i = 0; i < n; i++) {
			dma_unmap_phys(r->dev, dmas[i], r->ranges[i].len, dir, 0);
			C_EMIT("dma_unmap_phys(dev, diff_dma%u[%u], %#zx, %s, 0);", cid, i,
			       r->ranges[i].len, c_emit_dir(dir));
			if (pm[i]) {
				check_unmap(pm[i]);
				C_EMIT("check_unmap(diff_m%u[%u]);", cid, i);
			}
		}
	}
	if (m2) {
		check_unmap(m2);
		C_EMIT("check_unmap(iova_m);");
	}
out_unmap_sg:
	dma_unmap_sgtable(r->dev, &r->sgt, dir, 0);
	C_EMIT("dma_unmap_sgtable(dev, &sgt, %s, 0);", c_emit_dir(dir));
	if (m1) {
		check_unmap(m1);
		C_EMIT("check_unmap(sg_m);");
	}
out_sg:
	dma_exec_sg_free(r);
	C_EMIT("free(want);\nfree(got);");
}

DMALAB_NOCOV_END
