// SPDX-License-Identifier: GPL-2.0-only
/* The known kernel bugs (see known_bugs.h). Found in linux-source 7.3.4. */
#include <stdlib.h>
#include <string.h>

#include "oracle/known_bugs.h"

static struct known_bug bugs[] = {
	{
		.id = "sg-append-ignores-size",
		.file = "lib/scatterlist.c",
		.function = "sg_alloc_append_table_from_pages",
		.summary = "extending the previous entry adds PAGE_SIZE per merged page and "
			   "never takes it off @size: the entry grows past the bytes passed",
		.test = "scatterlist/append_partial_last_page_after_merge",
		.fuzz = "scatterlist: a mismatch the bug's model reproduces exactly is counted, "
			"not reported",
	},
	{
		.id = "sg-append-midpage-remerge",
		.file = "lib/scatterlist.c",
		.function = "sg_alloc_append_table_from_pages",
		.summary = "an entry ending mid-page merges its own page again and then "
			   "describes bytes of the next page that were never passed",
		.test = "scatterlist/append_same_page_after_midpage_end",
		.fuzz = "scatterlist: a mismatch the bug's model reproduces exactly is counted, "
			"not reported",
	},
	{
		.id = "dma-iommu-sg-padding-mapped",
		.file = "drivers/iommu/dma-iommu.c",
		.function = "iommu_dma_map_sg",
		.summary = "the IOVA padding that keeps segments off the segment boundary is "
			   "mapped to the physical pages after the previous entry "
			   "(prev->length += pad_len): the device reaches memory it was never given",
		.test = "dma-iommu/x86_64_dma_coh_sg_seg_boundary",
		.fuzz = "dma-map, diff: the checker counts padding mapped this way instead of "
			"failing V4 (check_allow_sg_padding)",
	},
	{
		.id = "dma-iova-link-unaligned-head",
		.file = "drivers/iommu/dma-iommu.c",
		.function = "iommu_dma_iova_bounce_and_link",
		.summary = "dma_iova_link() of an unaligned first range on an untrusted device "
			   "whose min_align_mask does not cover the range's offset in the granule "
			   "fails (-ENXIO from generic_pt): the head's bounce slot is "
			   "granule-aligned but mapped at bounce_phys - iova_start_pad",
		.test = "dma-iommu/x86_64_dma_coh_untrusted_iova_unaligned",
		.fuzz = "dma-map: a failed link is a clean failure, not a finding; the -ENXIO "
			"of such a link is counted",
	},
	{
		.id = "dma-iommu-dma-range-top-wraps",
		.file = "drivers/iommu/dma-iommu.c",
		.function = "iova_reserve_pci_windows",
		.summary = "a host bridge dma-range that ends at the top of the 64-bit bus makes "
			   "the next start (window end + 1) wrap to 0, and the tail reservation "
			   "then reserves the whole IOVA space: every DMA mapping of a device "
			   "behind that bridge fails",
		.test = "dma-iommu/x86_64_dma_coh_dma_ranges_to_top",
		.fuzz = "none: no fuzz target builds host bridges with dma-ranges",
	},
	{
		.id = "p2p-own-acs",
		.file = "drivers/pci/p2pdma.c",
		.function = "calc_map_type_and_dist",
		.summary = "a function's own ACS redirect bits make P2P to its own BAR "
			   "THRU_HOST_BRIDGE (NOT_SUPPORTED off the whitelist), where the "
			   "kernel-doc says BUS_ADDR at distance 0",
		.test = "p2p/same_function_own_acs",
		.fuzz = "p2p: the pair is left out (p2p_known_bug_own_acs)",
	},
	{
		.id = "p2p-untrusted-sg-map-type",
		.file = "drivers/iommu/dma-iommu.c",
		.function = "iommu_dma_map_sg_swiotlb",
		.summary = "dma_map_sgtable() for an untrusted device ignores the P2P map type: "
			   "maps NOT_SUPPORTED memory, gives IOVAs for BUS_ADDR memory and "
			   "bounces partial granules of a BAR through swiotlb",
		.test = "p2p/untrusted_sg_not_supported",
		.fuzz = "p2p: the mapping is left out (p2p_known_bug_untrusted_sg)",
	},
	{
		.id = "p2p-direct-sg-no-mmio",
		.file = "kernel/dma/direct.c",
		.function = "dma_direct_map_sg",
		.summary = "THRU_HOST_BRIDGE P2P pages are mapped without DMA_ATTR_MMIO, so a "
			   "device whose mask does not reach the BAR gets a swiotlb bounce buffer",
		.test = "p2p/direct_sg_beyond_mask",
		.fuzz = "p2p: the mapping is left out (p2p_beyond_mask on the sg path)",
	},
	{
		.id = "p2p-acs-list-overflow",
		.file = "drivers/pci/p2pdma.c",
		.function = "calc_map_type_and_dist",
		.summary = "with ten or more redirecting devices on the path the 128-byte "
			   "ACS list overflows (seq_buf len = size + 1) and buffer[len - 1] = 0 "
			   "writes one byte past the stack buffer",
		.test = "p2p/acs_list_overflow",
		.fuzz = NULL,
	},
	{
		.id = "p2p-add-resource-uaf",
		.file = "drivers/pci/p2pdma.c",
		.function = "pci_p2pdma_add_resource",
		.summary = "when gen_pool_add_owner() fails the error path frees the pagemap "
			   "but leaves the devm action pci_p2pdma_unmap_mappings() pointing at "
			   "it: use after free at device removal",
		.test = "p2p/add_resource_fail_nth",
		.fuzz = NULL,
	},
	{
		.id = "generic-pt-map-partial-page",
		.file = "drivers/iommu/generic_pt/iommu_pt.h",
		.function = "map_range",
		.summary = "a length that is not a whole number of the smallest page size is "
			   "not refused: the tail's page size computes as 0, its level wraps "
			   "and __map_range() walks below level 0 (CONFIG_DEBUG_GENERIC_PT: "
			   "WARN_ON(!pt_can_have_table()); without it UBSan's shift exponent "
			   "2307 at pt_iter.h:117, or a segfault); iommu.c checks alignment "
			   "only on the map_pages path, so any iommu_map() caller reaches it",
		.test = "iommu-core/pt_x86_64_map_unaligned_size",
		.fuzz = NULL,
	},
	{
		.id = "generic-pt-kunit-top-sweep-leak",
		.file = "drivers/iommu/generic_pt/kunit_generic_pt.h",
		.function = "sweep_all_pgsizes",
		.summary = "with a 32-bit VA (amdv1 and amdv1_mock configuration 1) the KUnit "
			   "suite's cases install leaves over the top table index "
			   "check_all_levels() filled (sweep_all_pgsizes(), and the loops of "
			   "test_lvl_attr_from_entry() and test_lvl_dirty()), leaking table pages "
			   "in six cases (the suite's exit does not count them); a bug of the "
			   "test, not of the driver",
		.test = "generic-pt/amdv1_cfg_1_test_entry_oa",
		.fuzz = NULL,
	},
	{
		.id = "blk-integrity-iova-data-gaps",
		.file = "block/blk-mq-dma.c",
		.function = "blk_can_dma_map_iova",
		.summary = "the integrity mapping takes the IOVA path on the data's gap mask "
			   "(req_phys_gap_mask()): integrity buffers off the IOMMU granule in a "
			   "merged request make dma_iova_link() WARN and refuse (-EIO), and the "
			   "request fails with BLK_STS_IOERR where the direct path maps it",
		.test = "blk/integrity_gaps_unlike_data",
		.fuzz = "blk: integrity maps whose own gaps forbid the IOVA path while the "
			"data's allow it are skipped and counted",
	},
	{
		.id = "blk-iova-max-segment-split",
		.file = "block/blk-mq-dma.c",
		.function = "blk_rq_dma_map_iova",
		.summary = "the IOVA path links the segments blk_map_iter_next() cuts at "
			   "max_segment_size: a bvec longer than that starting off the IOMMU "
			   "granule gives a second link off the granule, dma_iova_link() WARNs "
			   "and refuses (-EIO), and the request fails with BLK_STS_IOERR",
		.test = "blk/iova_split_off_granule",
		.fuzz = "blk: payloads whose IOVA links would start off the granule are "
			"skipped and counted (blk_check_iova_link_off_granule)",
	},
	{
		.id = "blk-integrity-count-unsplit",
		.file = "block/blk-mq-dma.c",
		.function = "blk_rq_map_integrity_sg",
		.summary = "the integrity mapping cuts a metadata vec at max_segment_size, "
			   "but nr_integrity_segments (blk_rq_count_integrity_sg()) counts a "
			   "vec as one segment: an integrity buffer longer than the limit maps "
			   "to more segments than counted, and blk_rq_map_integrity_sg() BUG_ONs; "
			   "not with integrity the block layer generates (max_sectors is capped "
			   "so that one segment holds it), only with caller-supplied metadata "
			   "in a vec longer than max_segment_size (passthrough, "
			   "blk_rq_integrity_map_user()): reachability unproven",
		.test = "blk/integrity_count_vs_split",
		.fuzz = "blk: integrity payloads the model cuts into more segments than "
			"nr_integrity_segments are skipped and counted",
	},
	{
		.id = "blk-p2p-bus-state-uninit",
		.file = "block/blk-mq-dma.c",
		.function = "blk_dma_map_iter_start",
		.summary = "on the P2P bus-address path the IOVA state is left as the caller "
			   "passed it, which the kernel-doc says need not be initialised; "
			   "blk_rq_dma_map_coalesce() then reads stale bytes and a driver "
			   "following the documented protocol maps only the first segment",
		.test = "blk/p2p_bus_addr_state_uninitialised",
		.fuzz = NULL,
	},
	{
		.id = "dmabuf-free-sgt-leak",
		.file = "drivers/dma-buf/dma-buf-mapping.c",
		.function = "dma_buf_free_sgt",
		.summary = "dma_buf_phys_vec_to_sgt() sets orig_nents to 0 and "
			   "dma_buf_free_sgt() frees the table with sg_free_table(), which "
			   "frees orig_nents entries: every map leaks its scatterlist array",
		.test = "dmabuf/iova_free_sgt_frees_the_table",
		.fuzz = "dmabuf: the array left is freed by the oracle and counted "
			"(dmabuf_check_freed)",
	},
	{
		.id = "dmabuf-iova-offset-zero",
		.file = "drivers/dma-buf/dma-buf-mapping.c",
		.function = "dma_buf_phys_vec_to_sgt",
		.summary = "on the IOVA path every range is linked at IOVA offset 0 "
			   "(dma_iova_link(..., phys_vec[i].paddr, 0, ...)) instead of at "
			   "mapped_len: the second range collides with the first "
			   "(-EADDRINUSE), so no buffer of several ranges maps behind an IOMMU",
		.test = "dmabuf/many_ranges_iova",
		.fuzz = "dmabuf: maps of several ranges on the IOVA path are skipped and "
			"counted (dmabuf_known_bug)",
	},
	{
		.id = "rdma-rw-iova-no-granule-check",
		.file = "drivers/infiniband/core/rw.c",
		.function = "rdma_rw_init_iova_wrs_bvec",
		.summary = "the bvec IOVA path links every bvec without checking that the "
			   "joints lie on the IOMMU granule: a later bvec off the granule makes "
			   "dma_iova_link() WARN (-EIO) or the IOMMU refuse an unaligned map, "
			   "and rdma_rw_ctx_init_bvec() fails where the per-bvec path maps it",
		.test = "rdma/bvec_iova_unaligned_joint",
		.fuzz = NULL,
	},
	{
		.id = "rdma-rw-mr-entries-not-pages",
		.file = "drivers/infiniband/core/rw.c",
		.function = "rdma_rw_init_mr_wrs",
		.summary = "each MR is given min(sg_cnt, pages_per_mr) DMA entries as if an "
			   "entry were one page: an entry an IOMMU merged from many pages does "
			   "not fit the MR's page list, ib_map_mr_sg() maps less and the "
			   "context fails with -EINVAL where rdma_rw_mr_factor() sized enough MRs",
		.test = "rdma/sg_iwarp_merged_entry",
		.fuzz = NULL,
	},
	{
		.id = "rdma-rw-bvec-p2p-ignored",
		.file = "drivers/infiniband/core/rw.c",
		.function = "rdma_rw_ctx_init_bvec",
		.summary = "the bvec paths map P2P pages as host memory (dma_iova_link() and "
			   "dma_map_phys() with attrs 0, no pci_p2pdma_state()): an IOVA where "
			   "the bus address is needed, NOT_SUPPORTED memory mapped instead of "
			   "refused (-EREMOTEIO), no DMA_ATTR_MMIO through the host bridge; no "
			   "7.3 caller passes P2P bvecs",
		.test = "rdma/p2p_bvec_bus_addr",
		.fuzz = NULL,
	},
	{
		.id = "tso-iova-no-granule-check",
		.file = "net/core/tso.c",
		.function = "tso_dma_iova_try",
		.summary = "the IOVA path links the linear payload and every frag without "
			   "checking that the regions after the first start on the IOMMU "
			   "granule: a frag at an in-granule offset (page-pool frags a router "
			   "forwards after GRO) makes dma_iova_link() WARN_ON_ONCE and return "
			   "-EIO before tso.c falls back to dma_map_phys(), which maps it",
		.test = "tso/iova_frag_off_granule_warns",
		.fuzz = "tso: a WARN of dma_iova_link() on such an skb is counted and "
			"cleared (tso_known_bug)",
	},
	{
		.id = "tso-frag-list-unmapped",
		.file = "net/core/tso.c",
		.function = "tso_dma_map_init",
		.summary = "total_len = skb->len - hdr_len counts the frag_list's bytes, but "
			   "only the linear part and frags[] are mapped: the IOVA path gives the "
			   "device unmapped IOVA for them and dma_iova_destroy() unlinks more "
			   "than was linked (WARN); the fallback iterator reads map->frags[] "
			   "slots init never wrote (past the array with MAX_SKB_FRAGS frags)",
		.test = "tso/frag_list_iova",
		.fuzz = "tso: skbs with a frag_list are skipped and counted (tso_known_bug)",
	},
	{
		.id = "drm-pagemap-folio-over-max-mapping",
		.file = "drivers/gpu/drm/drm_pagemap.c",
		.function = "drm_pagemap_migrate_map_system_pages",
		.summary = "where no IOVA can be had, each folio is mapped with one "
			   "dma_map_page() of page_size(page), never checked against "
			   "dma_max_mapping_size(): on a device that bounces through swiotlb "
			   "(dma-direct beyond its mask, iommu=pt, swiotlb=force, encrypted "
			   "guests) a PMD folio (2 MiB > 256 KiB) fails with -EFAULT, every "
			   "migration with one fails and the CPU fault path returns "
			   "VM_FAULT_SIGBUS (shown on the tree's function compiled on its own "
			   "by fuzz/drm_pagemap_repro.c over the compiled DMA API)",
		.test = "gpu/direct_pmd_folio_bounced",
		.fuzz = "gpu-sparse: a map failing so on a direct device is counted, not "
			"reported",
	},
	{
		.id = "swiotlb-search-wrap-skips-slot",
		.file = "kernel/dma/swiotlb.c",
		.function = "swiotlb_search_pool_area",
		.summary = "a search whose stride does not end on the area's end (min_align_mask "
			   "4K - 1 and a buffer address with bit 11 set: stride 2 over the odd "
			   "slots) wraps from the area's last slot to its first counting two "
			   "slots for one, and stops a slot short of a full round: the free slot "
			   "just before the search index is never checked, and a pool full but "
			   "for it refuses the bounce",
		.test = "dma-iommu/direct32_coh_swiotlb_last_odd_slot",
	},
	{
		.id = "dma-iommu-sg-length-wrap-leaves-mapping",
		.file = "drivers/iommu/dma-iommu.c",
		.function = "iommu_dma_map_sg",
		.summary = "an entry whose segment-boundary padding takes its length past 4 GiB "
			   "wraps the unsigned int length: iommu_map_sg() maps less than the "
			   "IOVA length, and the error path frees the IOVA without unmapping "
			   "what was mapped, so the pages stay reachable through a free IOVA",
		.test = "dma-iommu/x86_64_dma_coh_sg_length_overflow",
		.fixed_in = "7.3",
		.fix = "iommu_dma_map_sg() adds the padding to the previous entry's length with "
		       "check_add_overflow() and fails with -EOVERFLOW before anything is "
		       "mapped (and refuses an entry whose own aligned length overflows)",
	},
};

/* "7.2.12" or "7.3" as major * 1000 + minor; -1 if it is not one */
static long series(const char *v)
{
	unsigned long major, minor;
	char *end;

	if (!v)
		return -1;
	major = strtoul(v, &end, 10);
	if (end == v || *end != '.')
		return -1;
	v = end + 1;
	minor = strtoul(v, &end, 10);
	if (end == v || minor >= 1000)
		return -1;
	return major * 1000 + minor;
}

enum known_bug_tree known_bug_in_tree(const struct known_bug *b, const char *version)
{
	long t = series(version);

	if (t < 0)
		return KNOWN_BUG_PRESENT;
	if (b->fixed_in && t >= series(b->fixed_in))
		return KNOWN_BUG_FIXED;
	if (b->since && t < series(b->since))
		return KNOWN_BUG_NOT_YET;
	return KNOWN_BUG_PRESENT;
}

const struct known_bug *known_bug_get(unsigned int i)
{
	return i < sizeof(bugs) / sizeof(bugs[0]) ? &bugs[i] : NULL;
}

static struct known_bug *find(const char *id)
{
	for (unsigned int i = 0; i < sizeof(bugs) / sizeof(bugs[0]); i++)
		if (!strcmp(bugs[i].id, id))
			return &bugs[i];
	return NULL;
}

const struct known_bug *known_bug_find(const char *id)
{
	return find(id);
}

/* where known_bug_hit() says so, in verbose runs (NULL: nowhere) */
static FILE *trace;

void known_bug_hit(const char *id)
{
	struct known_bug *b = find(id);

	if (!b) {
		fprintf(stderr, "known_bug_hit: no known bug '%s' (oracle/known_bugs.c)\n", id);
		abort();
	}
	b->hits++;
	if (trace)
		fprintf(trace, "      -> known kernel bug %s (%s, %s): %s\n", b->id, b->file,
			b->function, b->summary);
}

void known_bug_trace(FILE *f)
{
	trace = f;
}

unsigned long known_bug_hits(const char *id)
{
	const struct known_bug *b = find(id);

	return b ? b->hits : 0;
}

void known_bugs_print_markdown(FILE *f)
{
	const struct known_bug *b;

	for (unsigned int i = 0; (b = known_bug_get(i)); i++) {
		fprintf(f, "- [`%s`](docs/findings/%s.md) (%s, `%s`", b->id, b->id, b->file,
			b->function);
		if (b->since || b->fixed_in)
			fprintf(f, "; %s%s%s%s", b->since ? "since " : "", b->since ?: "",
				b->since && b->fixed_in ? ", " : "",
				b->fixed_in ? "fixed in " : "");
		if (b->fixed_in)
			fprintf(f, "%s", b->fixed_in);
		fprintf(f, "): %s. Test: `%s`.\n", b->summary, b->test);
	}
}
