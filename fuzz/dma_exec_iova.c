// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA executor's two-step IOVA path (fuzz/dma_exec.c): OP_IOVA_ALLOC
 * for the ranges' total, OP_IOVA_LINK of the next range, OP_IOVA_SYNC,
 * OP_IOVA_UNLINK of a linked piece, OP_IOVA_DESTROY; each checked by the
 * ground-truth checker.
 */
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <dmalab/machine.h>

#include "oracle/checker.h"
#include "oracle/known_bugs.h"
#include "fuzz/c_emit.h"
#include "fuzz/dma_exec_internal.h"

void dma_exec_iova_alloc(struct run *r)
{
	size_t total = 0;
	unsigned int i;

	if (r->have_state || !r->nr)
		return;
	for (i = 0; i < r->nr; i++)
		total += r->ranges[i].len;
	c_emit_decl("static struct dma_iova_state state;\nstatic struct check_map *iova_m;");
	/* contract: a non-zero size (and never SIZE_MAX-ish) */
	C_EMIT("ret = dma_iova_try_alloc(dev, &state, %#llx, %#zx);",
	       (unsigned long long)r->ranges[0].phys, total);
	if (!dma_iova_try_alloc(r->dev, &r->st, r->ranges[0].phys, total)) {
		run_say(r->fr, "dma_iova_try_alloc: false (no IOVA path for this device)");
		C_EMIT("/* seen: false, no IOVA path for this device (allowed) */");
		return;		/* no IOMMU, or no IOVA space: both legitimate */
	}
	C_EMIT("/* seen: true, state.addr %#llx */", (unsigned long long)r->st.addr);
	run_say(r->fr, "dma_iova_try_alloc: true, addr %#llx size %#zx",
		(unsigned long long)r->st.addr, total);
	r->have_state = true;
	r->reserved = total;
	r->linked = 0;
	r->next_range = 0;
	r->nr_pieces = 0;
	r->link_closed = false;
	r->iova_m = NULL;
	C_EMIT("assert(check_verify(ck));");
	if (!check_verify(r->ck))
		return;
}

/*
 * Is a failed link the known kernel bug dma-iova-link-unaligned-head? The
 * first link of a range off the granule, on an untrusted device whose
 * min_align_mask does not cover the range's offset in the granule, fails
 * with -ENXIO (tests/dma_iommu/main.c has the evidence). Read from the
 * device.
 */
static bool unaligned_head_bug(const struct run *r, const struct fz_range *rg, int ret)
{
	unsigned long mask = r->granule - 1;

	return ret == -ENXIO && r->untrusted && !r->linked &&
	       (rg->phys & mask & ~(unsigned long)dma_get_min_align_mask(r->dev));
}

void dma_exec_iova_link(struct run *r, const uint64_t *a)
{
	unsigned long mask = r->granule - 1, from;
	const struct fz_range *rg;
	enum dma_data_direction dir = a[0];
	unsigned long attrs = dma_exec_attrs(a[1]);
	int ret;

	if (!r->have_state || (r->link_closed && !r->misuse) || r->next_range >= r->nr ||
	    r->nr_pieces == MAX_PIECES)
		return;
	rg = &r->ranges[r->next_range];
	if (r->linked + rg->len > r->reserved)
		return;
	if (r->misuse) {
		c_emit_unsupported("dma-misuse's links (the API contracts off)");
		/* links off the merge boundary, any direction: WARN or error */
		if (!r->iova_m)
			r->iova_m = check_map_new(r->ck, r->dev, dir, attrs);
		r->iova_dir = dir;
		r->iova_attrs = attrs;
		ret = dma_iova_link(r->dev, &r->st, rg->phys, r->linked, rg->len, dir, attrs);
		run_say(r->fr, "dma_iova_link(phys %#llx, offset %#zx, len %#zx): %s",
			(unsigned long long)rg->phys, r->linked, rg->len, c_emit_errno(ret));
		if (!ret) {
			r->pieces[r->nr_pieces++] = (struct piece){ r->linked, rg->len, true };
			r->linked += rg->len;
		}
		r->next_range++;
		r->dirty = true;
		return;
	}
	if (r->nr_pieces) {
		/* contract: one direction per state; later links start aligned */
		dir = r->iova_dir;
		attrs = r->iova_attrs;
		/* where this link lands in IOVA space must be granule aligned */
		if ((rg->phys & mask) || ((r->st.addr + r->linked) & mask))
			return;
	} else {
		r->iova_dir = dir;
		r->iova_attrs = attrs;
		r->iova_m = check_map_new(r->ck, r->dev, dir, attrs);
		C_EMIT("iova_m = check_map_new(ck, dev, %s, %s);\nassert(iova_m);\n"
		       "assert(check_map_reserve(iova_m, state.addr, %#zx));",
		       c_emit_dir(dir), dma_exec_attrs_name(attrs), r->reserved);
		if (!r->iova_m || !check_map_reserve(r->iova_m, r->st.addr, r->reserved))
			return;
	}
	dma_exec_fill_link(r, rg, r->fr->op);
	dma_exec_emit_from();
	from = dmalab_arch_syncs();
	ret = dma_iova_link(r->dev, &r->st, rg->phys, r->linked, rg->len, dir, attrs);
	C_EMIT("ret = dma_iova_link(dev, &state, %#llx, %#zx, %#zx, %s, %s);",
	       (unsigned long long)rg->phys, r->linked, rg->len, c_emit_dir(dir),
	       dma_exec_attrs_name(attrs));
	run_say(r->fr, "dma_iova_link(phys %#llx, offset %#zx, len %#zx): %s",
		(unsigned long long)rg->phys, r->linked, rg->len, c_emit_errno(ret));
	if (ret) {
		if (unaligned_head_bug(r, rg, ret)) {
			known_bug_hit("dma-iova-link-unaligned-head");
			if (c_emit_on)
				c_emit_known_bug("dma-iova-link-unaligned-head", "seen: %s",
						 c_emit_errno(ret));
			C_EMIT("assert(ret == 0);");
		} else {
			C_EMIT("/* seen: %s, a clean failure */", c_emit_errno(ret));
		}
		/* a clean failure: nothing of it is linked */
		if (!r->nr_pieces) {
			check_unmap(r->iova_m);
			C_EMIT("check_unmap(iova_m);");
			r->iova_m = NULL;
		}
		return;
	}
	C_EMIT("assert(ret == 0);\nassert(check_map_link(iova_m, state.addr + %#zx, %#llx, %#zx));\n"
	       "assert(check_verify(ck));\n"
	       "assert(check_syncs_range(ck, iova_m, state.addr + %#zx, state.addr + %#zx, "
	       "from, true, true));", r->linked, (unsigned long long)rg->phys, rg->len,
	       r->linked, r->linked + rg->len);
	r->pieces[r->nr_pieces++] = (struct piece){ r->linked, rg->len, true };
	r->next_range++;
	if ((r->st.addr + r->linked + rg->len) & mask)
		r->link_closed = true;	/* only the last link may end unaligned */
	dma_exec_say_mapping(r, "linked", r->st.addr + r->linked, rg->phys);
	if (!check_map_link(r->iova_m, r->st.addr + r->linked, rg->phys, rg->len)) {
		r->linked += rg->len;
		return;
	}
	r->linked += rg->len;
	if (!check_verify(r->ck))
		return;
	/* dma_iova_link() syncs the granules it maps: allow that slack */
	check_syncs_range(r->ck, r->iova_m, r->st.addr + r->linked - rg->len,
			  r->st.addr + r->linked, from, true, true);
}

void dma_exec_iova_sync(struct run *r)
{
	int ret;

	if (!r->have_state || !r->linked)
		return;
	ret = dma_iova_sync(r->dev, &r->st, 0, r->linked);
	C_EMIT("ret = dma_iova_sync(dev, &state, 0, %#zx);\n/* seen: %s */", r->linked,
	       c_emit_errno(ret));
	run_say(r->fr, "dma_iova_sync(0, %#zx): %s", r->linked, c_emit_errno(ret));
}

static void unlink_piece(struct run *r, unsigned int i)
{
	struct piece *pc = &r->pieces[i];
	dma_addr_t a = r->st.addr + pc->off;
	unsigned long from;

	dma_exec_emit_from();
	from = dmalab_arch_syncs();
	dma_iova_unlink(r->dev, &r->st, pc->off, pc->len, r->iova_dir, r->iova_attrs);
	C_EMIT("dma_iova_unlink(dev, &state, %#zx, %#zx, %s, %s);\n"
	       "assert(check_syncs_range(ck, iova_m, state.addr + %#zx, state.addr + %#zx, "
	       "from, false, false));\nassert(check_unmap_range(iova_m, state.addr + %#zx, %#zx));",
	       pc->off, pc->len, c_emit_dir(r->iova_dir), dma_exec_attrs_name(r->iova_attrs), pc->off,
	       pc->off + pc->len, pc->off, pc->len);
	check_syncs_range(r->ck, r->iova_m, a, a + pc->len, from, false, false);
	check_unmap_range(r->iova_m, a, pc->len);
	pc->live = false;
}

void dma_exec_iova_unlink(struct run *r, const uint64_t *a)
{
	unsigned int i, live[MAX_PIECES], n = 0;

	if (!r->have_state)
		return;
	if (r->misuse && r->linked) {
		c_emit_unsupported("dma-misuse's unlinks (the API contracts off)");
		/* any part of the linked space, pieces or not */
		size_t off = (a[0] * 0x1235) % r->linked;
		size_t len = min_t(size_t, r->linked - off, r->granule * (1 + a[0] % 3));

		dma_iova_unlink(r->dev, &r->st, off, len, r->iova_dir, r->iova_attrs);
		r->dirty = true;
		return;
	}
	/* contract: unlink what was linked, piece by piece */
	for (i = 0; i < r->nr_pieces; i++)
		if (r->pieces[i].live)
			live[n++] = i;
	if (n)
		unlink_piece(r, live[a[0] % n]);
}

void dma_exec_iova_destroy(struct run *r)
{
	unsigned int i;
	bool all = true;

	if (!r->have_state)
		return;
	if (r->dirty) {
		c_emit_unsupported("dma-misuse's destroys (the API contracts off)");
		/* misuse: destroy whatever length was linked, holes or not */
		if (r->linked)
			dma_iova_destroy(r->dev, &r->st, r->linked, r->iova_dir, r->iova_attrs);
		else
			dma_iova_free(r->dev, &r->st);
		if (r->iova_m)
			check_unmap(r->iova_m);
		r->iova_m = NULL;
		r->have_state = false;
		return;
	}
	for (i = 0; i < r->nr_pieces; i++)
		all &= r->pieces[i].live;
	if (all && r->nr_pieces) {
		/* contract: everything from 0 to mapped_len is linked */
		dma_iova_destroy(r->dev, &r->st, r->linked, r->iova_dir, r->iova_attrs);
		check_unmap(r->iova_m);
		C_EMIT("dma_iova_destroy(dev, &state, %#zx, %s, %s);\ncheck_unmap(iova_m);",
		       r->linked, c_emit_dir(r->iova_dir),
	       dma_exec_attrs_name(r->iova_attrs));
	} else {
		for (i = 0; i < r->nr_pieces; i++)
			if (r->pieces[i].live)
				unlink_piece(r, i);
		dma_iova_free(r->dev, &r->st);
		C_EMIT("dma_iova_free(dev, &state);");
		if (r->iova_m) {
			check_unmap(r->iova_m);
			C_EMIT("check_unmap(iova_m);");
		}
	}
	r->iova_m = NULL;
	r->have_state = false;
}
