// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA executor's diff op (fuzz/dma_exec.c): the current ranges through
 * the sg path and through the IOVA path (or dma_map_phys per range where
 * the IOVA path cannot take them under the API contract), both checked by
 * the ground-truth checker; the device must read the same bytes, the
 * buffer's, through both.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/dma_exec_internal.h"

/* ---- diff: the same ranges through two paths ---- */

static bool read_dev(struct run *r, dma_addr_t dma, void *buf, size_t len)
{
	return check_dma_read(r->ck, r->dev, dma, buf, len);
}

void dma_exec_diff(struct run *r, const uint64_t *a)
{
	enum dma_data_direction dir = a[0];
	static struct check_range cpu[MAX_SG];
	struct dma_iova_state st = {};
	struct scatterlist *sg;
	unsigned char *want, *got;
	size_t total = 0, pos, linked = 0;
	unsigned int i, n;
	struct check_map *m1 = NULL, *m2 = NULL, *pm[MAX_RANGES] = {};
	bool iova = false;
	dma_addr_t dmas[MAX_RANGES];

	if (!r->nr || r->have_sgt || r->have_state || r->nr_maps)
		return;		/* run on a quiet device */
	for (i = 0; i < r->nr; i++)
		total += r->ranges[i].len;
	if (total > (8UL << 20))
		return;		/* keep each run fast */
	want = malloc(total);
	got = malloc(total);
	if (!want || !got)
		goto out;
	for (i = 0, pos = 0; i < r->nr; i++) {
		dma_exec_fill(r, &r->ranges[i], r->fr->op, true);
		memcpy(want + pos, phys_to_virt(r->ranges[i].phys), r->ranges[i].len);
		pos += r->ranges[i].len;
	}

	/* path 1: the scatterlist */
	dma_exec_sg_build(r);
	if (!r->have_sgt)
		goto out;
	n = check_sg_ranges(&r->sgt, cpu, MAX_SG);
	if (dma_map_sgtable(r->dev, &r->sgt, dir, 0))
		goto out_sg;
	m1 = check_map_sg(r->ck, r->dev, &r->sgt, cpu, n, dir, 0);
	if (!m1 || !check_verify(r->ck))
		goto out_unmap_sg;
	pos = 0;
	for_each_sgtable_dma_sg(&r->sgt, sg, i) {
		if (!read_dev(r, sg_dma_address(sg), got + pos, sg_dma_len(sg)))
			goto out_unmap_sg;
		pos += sg_dma_len(sg);
	}
	if (pos != total || memcmp(got, want, total)) {
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
		for (i = 0, pos = 0; i < n; pos += r->ranges[i].len, i++)
			if (!read_dev(r, dmas[i], got + pos, r->ranges[i].len))
				break;
		if (i == n && memcmp(got, want, total)) {
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
out:
	free(want);
	free(got);
}
