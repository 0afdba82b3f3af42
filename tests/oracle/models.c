// SPDX-License-Identifier: GPL-2.0-only
/*
 * The models' own negatives: the scatterlist model (oracle/sg_model.h),
 * the IOVA model (oracle/iova_model.h) and the P2P oracle with its
 * reference model (oracle/p2p_check.h). Each test takes a right state the
 * kernel code really made, requires the model to accept it, then makes a
 * wrong answer (a table, a tree or a decision that differs from what the
 * API promises) and requires the model to report it.
 */
#include <errno.h>
#include <string.h>

#include <linux/iova.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <dmalab/machine.h>

#include "oracle/iova_model.h"
#include "oracle/p2p_check.h"
#include "oracle/sg_model.h"
#include "topology/topo_build.h"
#include "tests/oracle/oracle_test.h"

/* page frames of a buffer: runs 0-3, 8, 10-11, 20 above the shim's allocator */
static const unsigned long sg_rel[] = { 0, 1, 2, 3, 8, 10, 11, 20 };
#define SG_N	ARRAY_SIZE(sg_rel)

static struct sg_model sgm;

/* The table walked by layout against the model: -1 if it matches. */
static int sg_compare(struct sg_table *sgt, bool *layout_ok)
{
	struct scatterlist *ent[64];
	struct sg_model_walk w;

	*layout_ok = sg_model_walk(sgt->sgl, ent, ARRAY_SIZE(ent), &w);
	if (w.nr != sgm.nseg)
		return (int)(w.nr < sgm.nseg ? w.nr : sgm.nseg);
	return sg_model_first_mismatch(&sgm, ent, w.nr);
}

/*
 * A test that builds a table with sg_alloc_table_from_pages_segment() from
 * pages in four runs and requires the model of the same call to match it
 * entry by entry. Then wrong tables, one at a time, each restored after:
 * an entry one byte longer, an entry at another offset, an entry on
 * another page, and the table with the model of another max_segment.
 * Expect each reported at the entry that is wrong.
 */
bool test_sg_model_catches_wrong_table(void)
{
	unsigned long pfn[SG_N];
	struct page *pages[SG_N];
	struct sg_table sgt;
	bool layout;
	unsigned int i, len, off;
	struct page *page;

	for (i = 0; i < SG_N; i++) {
		pfn[i] = DMALAB_KMEM_END_PFN + sg_rel[i];
		pages[i] = pfn_to_page(pfn[i]);
	}
	KT_EXPECT_EQ(sg_alloc_table_from_pages_segment(&sgt, pages, SG_N, 0x100,
						      SG_N * PAGE_SIZE - 0x300, UINT_MAX,
						      GFP_KERNEL), 0);
	KT_EXPECT_EQ(sg_model_from_pages(&sgm, pfn, SG_N, 0x100, SG_N * PAGE_SIZE - 0x300,
					 UINT_MAX), 0);
	KT_EXPECT_EQ(sgm.nseg, 4);
	KT_EXPECT_EQ(sg_compare(&sgt, &layout), -1);
	KT_EXPECT(layout);

	/* entry 1 one byte longer */
	len = sgt.sgl[1].length;
	sgt.sgl[1].length = len + 1;
	KT_EXPECT_EQ(sg_compare(&sgt, &layout), 1);
	sgt.sgl[1].length = len;
	/* entry 2 at another offset */
	off = sgt.sgl[2].offset;
	sgt.sgl[2].offset = off + 8;
	KT_EXPECT_EQ(sg_compare(&sgt, &layout), 2);
	sgt.sgl[2].offset = off;
	/* entry 3 on the page after its own */
	page = sg_page(&sgt.sgl[3]);
	sg_assign_page(&sgt.sgl[3], page + 1);
	KT_EXPECT_EQ(sg_compare(&sgt, &layout), 3);
	sg_assign_page(&sgt.sgl[3], page);
	KT_EXPECT_EQ(sg_compare(&sgt, &layout), -1);

	/* the model of another call: max_segment of one page splits runs */
	KT_EXPECT_EQ(sg_model_from_pages(&sgm, pfn, SG_N, 0x100, SG_N * PAGE_SIZE - 0x300,
					 PAGE_SIZE), 0);
	KT_EXPECT_NE(sg_compare(&sgt, &layout), -1);
	sg_free_table(&sgt);
	return true;
}

/*
 * A test that builds a table of 300 entries (three chunks of
 * SG_MAX_SINGLE_ALLOC chained) and requires the model's walker to read it
 * by layout. Then the chain link of the first chunk is cleared into an end
 * marker, and then made a plain entry. Expect the walker to report the
 * table cut short (no end where the model wants one, or entries missing).
 */
bool test_sg_model_catches_broken_chain(void)
{
	struct scatterlist *link, saved;
	struct scatterlist *ent[400];
	struct sg_model_walk w;
	struct sg_table sgt;

	KT_EXPECT_EQ(sg_alloc_table(&sgt, 300, GFP_KERNEL), 0);
	KT_EXPECT(sg_model_walk(sgt.sgl, ent, ARRAY_SIZE(ent), &w));
	KT_EXPECT_EQ(w.nr, 300);
	KT_EXPECT_EQ(w.links, sg_model_chain_links(300));
	KT_EXPECT_EQ(w.bad_links, 0);

	link = &sgt.sgl[SG_MAX_SINGLE_ALLOC - 1];
	KT_EXPECT(sg_is_chain(link));
	saved = *link;
	/* the chain link turned into an end marker: the table ends early */
	sg_init_one(link, NULL, 0);
	sg_mark_end(link);
	KT_EXPECT(sg_model_walk(sgt.sgl, ent, ARRAY_SIZE(ent), &w));
	KT_EXPECT_LT(w.nr, 300);
	/* the chain link turned into a plain entry: no end where the table ends */
	sg_unmark_end(link);
	KT_EXPECT(!sg_model_walk(sgt.sgl, ent, ARRAY_SIZE(ent), &w) || w.nr != 300);
	*link = saved;
	KT_EXPECT(sg_model_walk(sgt.sgl, ent, ARRAY_SIZE(ent), &w));
	KT_EXPECT_EQ(w.nr, 300);
	sg_free_table(&sgt);
	return true;
}

/*
 * A test that allocates three ranges with alloc_iova() below 4 GiB and
 * records them in the IOVA model; the walk of the real rbtree must match
 * it. Then wrong models and trees, one at a time: a recorded range one
 * pfn short, a range the model does not hold, a node whose pfn_hi is off
 * by one in the tree itself, and a new allocation claimed somewhere it was
 * not taken from (not at the top of its free gap). Expect each reported.
 */
bool test_iova_model_catches_wrong_tree(void)
{
	struct iova_domain iovad = {};
	struct iova_model m;
	struct iova_tree_walk w = {};
	struct iova_model_ent *e;
	struct iova *iv[3];
	unsigned long limit = (1UL << 20) - 1, top;
	char why[256];
	unsigned int i;
	bool ok = true;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	init_iova_domain(&iovad, SZ_4K, 1);
	iova_model_init(&m, 1, iovad.dma_32bit_pfn);
	for (i = 0; i < 3; i++) {
		iv[i] = alloc_iova(&iovad, 16 << i, limit, true);
		if (!iv[i] || !(e = iova_model_insert(&m, iv[i]->pfn_lo, iv[i]->pfn_hi,
						      IOVA_MODEL_ALLOC)))
			goto fail;
		e->node = iv[i];
	}
#define TREE_OK()	(!iova_tree_walk(&w, &iovad, why, sizeof(why)) &&		\
			 !iova_model_check_tree(&m, &w, why, sizeof(why)))
	if (!TREE_OK()) {
		kt_report(__FILE__, __LINE__, "the right tree is refused: %s", why);
		ok = false;
	}

	/* the model holds range 1 one pfn short */
	e = iova_model_lookup(&m, iv[1]->pfn_lo);
	iova_model_free(&m, e);
	e = iova_model_insert(&m, iv[1]->pfn_lo, iv[1]->pfn_hi - 1, IOVA_MODEL_ALLOC);
	e->node = iv[1];
	if (TREE_OK()) {
		kt_report(__FILE__, __LINE__, "a range one pfn short in the model is accepted");
		ok = false;
	}
	iova_model_free(&m, e);
	/* the model lacks range 1 altogether */
	if (TREE_OK()) {
		kt_report(__FILE__, __LINE__, "a node the model does not hold is accepted");
		ok = false;
	}
	e = iova_model_insert(&m, iv[1]->pfn_lo, iv[1]->pfn_hi, IOVA_MODEL_ALLOC);
	e->node = iv[1];
	/* the tree's node ends one pfn late */
	iv[2]->pfn_hi++;
	if (TREE_OK()) {
		kt_report(__FILE__, __LINE__, "a node ending one pfn late is accepted");
		ok = false;
	}
	iv[2]->pfn_hi--;
	if (!TREE_OK()) {
		kt_report(__FILE__, __LINE__, "the restored tree is refused: %s", why);
		ok = false;
	}
	/* a new range claimed below the top of its free gap */
	top = iova_model_gap_top(&m, iv[2]->pfn_lo - 1, limit, 0);
	if (!iova_model_check_new(&m, "alloc_iova", top - 64 + 1 - 64, 64, limit, 64,
				  IOVA_MODEL_TOP_OF_GAP, why, sizeof(why))) {
		kt_report(__FILE__, __LINE__, "an allocation below the top of its gap is "
			  "accepted");
		ok = false;
	}
	if (iova_model_check_new(&m, "alloc_iova", (top + 1 - 64) & ~63UL, 64, limit, 64,
				 IOVA_MODEL_TOP_OF_GAP, why, sizeof(why))) {
		kt_report(__FILE__, __LINE__, "the allocation at the top of its gap is "
			  "refused: %s", why);
		ok = false;
	}
#undef TREE_OK
out:
	iova_tree_walk_destroy(&w);
	iova_model_destroy(&m);
	put_iova_domain(&iovad);
	iova_cache_put();
	return ok;
fail:
	kt_report(__FILE__, __LINE__, "setting up the domain failed");
	ok = false;
	goto out;
}

/*
 * A test that builds the example topology with a GPU and a NIC under one
 * switch and requires the P2P oracle to agree with the kernel on the
 * GPU -> NIC decision (peer to peer, bus addresses). Then the model is
 * shown a different machine than the kernel: the topology it reads gets
 * ACS request redirect on the switch's downstream port above the NIC.
 * Expect the disagreement reported (the kernel still says BUS_ADDR, the
 * model through the host bridge); with the topology restored, agreement.
 */
bool test_p2p_oracle_catches_wrong_decision(void)
{
	static struct topology t, seen;
	static struct topo_system s;
	char err[256], msg[640];
	int gpu, nic, port;
	bool ok = true;

	if (topo_load("corpus/topologies/gpu-nic-switch.topo", &t, err, sizeof(err)))
		KT_SETUP_FAIL("%s", err);
	gpu = topo_find_node(&t, "gpu");
	nic = topo_find_node(&t, "nic");
	port = topo_find_node(&t, "sw0d1");
	KT_EXPECT(gpu >= 0 && nic >= 0 && port >= 0);
	if (topo_build(&t, &s, err, sizeof(err)))
		KT_FAIL("building it: %s", err);
	if (!p2p_check_decision(&s, gpu, nic, msg, sizeof(msg))) {
		kt_report(__FILE__, __LINE__, "the kernel's own decision is refused: %s", msg);
		ok = false;
	}
	seen = t;
	seen.nodes[port].acs_cap = true;
	seen.nodes[port].acs_ctrl |= TOPO_ACS_RR;
	s.t = &seen;
	if (p2p_check_decision(&s, gpu, nic, msg, sizeof(msg))) {
		kt_report(__FILE__, __LINE__, "a decision for another machine is accepted");
		ok = false;
	} else if (!strstr(msg, "BUS_ADDR")) {
		kt_report(__FILE__, __LINE__, "reported, but not as the map type: %s", msg);
		ok = false;
	}
	s.t = &t;
	topo_teardown(&s);
	return ok;
}
