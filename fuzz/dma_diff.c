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

	/* path 1: the scatterlist */
	dma_exec_sg_build(r);
	if (!r->have_sgt)
		return;
	n = check_sg_ranges(&r->sgt, cpu, MAX_SG);
	if (dma_map_sgtable(r->dev, &r->sgt, dir, 0))
		goto out_sg;
	m1 = check_map_sg(r->ck, r->dev, &r->sgt, cpu, n, dir, 0);
	if (!m1 || !check_verify(r->ck))
		goto out_unmap_sg;
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
	if (iova) {
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
			if (dma_iova_link(r->dev, &st, rg->phys, linked, rg->len, dir, 0))
				break;
			if (!check_map_link(m2, st.addr + linked, rg->phys, rg->len))
				break;
			dmas[i] = st.addr + linked;
			linked += rg->len;
		} else {
			dmas[i] = dma_map_phys(r->dev, rg->phys, rg->len, dir, 0);
			if (dma_mapping_error(r->dev, dmas[i]))
				break;
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
	if (n == r->nr && (!iova || !dma_iova_sync(r->dev, &st, 0, linked)) &&
	    check_verify(r->ck)) {
		/* the windows of range i through its own DMA address */
		for (k = 0, i = 0; k < nw; k++) {
			while (i + 1 < r->nr && starts[i + 1] <= w[k].off)
				i++;
			if (!read_dev(r, dmas[i] + (w[k].off - starts[i]), got + w[k].at, w[k].len))
				break;
		}
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
	} else {
		for (i = 0; i < n; i++) {
			dma_unmap_phys(r->dev, dmas[i], r->ranges[i].len, dir, 0);
			if (pm[i])
				check_unmap(pm[i]);
		}
	}
	if (m2)
		check_unmap(m2);
out_unmap_sg:
	dma_unmap_sgtable(r->dev, &r->sgt, dir, 0);
	if (m1)
		check_unmap(m1);
out_sg:
	dma_exec_sg_free(r);
}

DMALAB_NOCOV_END
