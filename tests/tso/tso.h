/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tso suite: net/core/tso.c's DMA helpers (tso_dma_map_init, _count,
 * _next, _cleanup) as compiled from the tree, driven as a driver's xmit
 * path drives them (a segmentation loop over gso_size segments) on skbs
 * of the shim's model, for devices behind every kind of domain and
 * mapped directly, checked by the TSO oracle (oracle/tso_check.h) and
 * the ground-truth checker.
 *
 * env.c: the profiles and the driver; shapes.c: linear, frags, aligned
 * and realistic skbs; iotlb.c: the IOTLB sync of the IOVA path;
 * frag_list.c: skbs with a frag_list; fail.c:
 * allocation failures; main.c: the table.
 */
#ifndef _DMALAB_TESTS_TSO_H
#define _DMALAB_TESTS_TSO_H

#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/if_vlan.h>
#include <net/tso.h>
#include <dmalab/iommu.h>

#include "tests/devenv.h"
#include <dmalab/machine.h>

#include "tests/ktest.h"
#include "oracle/checker.h"
#include "oracle/tso_check.h"

/* test buffers: above the shim's allocator, from 1 GiB above the 32-bit boundary */
#define BUF_FIRST	((DMALAB_DMA32_END + SZ_1G) >> PAGE_SHIFT)
#define BUF_PFN		(DMALAB_KMEM_END_PFN > BUF_FIRST ? DMALAB_KMEM_END_PFN : BUF_FIRST)
#define BUF(rel, off)	((((phys_addr_t)BUF_PFN + (rel)) << PAGE_SHIFT) + (off))
#define P		PAGE_SIZE
/* Ethernet + IPv4 + TCP with timestamps */
#define HDR_LEN		66
#define MSS		1448

struct profile {
	const char *name;
	bool iommu;
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	bool untrusted;
	u64 dma_mask;			/* 0: 64 bits */
	bool noncoherent;
};

extern const struct kt_params tso_profile_params;
extern const struct profile tso_x86;

struct env {
	const struct profile *p;
	struct test_dev td;		/* the device, its domain, the checker */
};

bool env_init(struct env *e, const struct profile *p);
bool env_fini(struct env *e);

/*
 * Build the skb (head, gso_size, frag_list list[0..nlist)), drive it
 * through the oracle with HDR_LEN, free it; KT_FAIL with the oracle's line.
 */
bool drive(struct env *e, const struct tso_skb_desc *head, unsigned int gso_size,
	   const struct tso_skb_desc *list, unsigned int nlist, struct tso_check_result *r);
/*
 * The WARN dma_iova_link() gives (once a boot: WARN_ON_ONCE) for a range
 * off the granule linked at an offset: announce it if r saw it, so a case
 * that may or may not be the first to reach it passes either way.
 */
void allow_link_warn(const struct tso_check_result *r);

/* shapes.c, frag_list.c, fail.c */
bool test_linear_only(const void *param, const void *arg);
bool test_frags_only(const void *param, const void *arg);
bool test_linear_frags_aligned(const void *param, const void *arg);
bool test_segments_cross_regions(const void *param, const void *arg);
bool test_max_frags(const void *param, const void *arg);
bool test_single_frag(const void *param, const void *arg);
bool test_one_byte_chunks(const void *param, const void *arg);
bool test_iova_sync_range(const void *param, const void *arg);
bool test_empty_payload(void);
bool test_tcp_sendmsg_shape(void);
bool test_linear_payload_then_frags(void);
bool test_gro_forward_shape(void);
bool test_iova_frag_off_granule_warns(void);
bool test_frag_list_iova(void);
bool test_frag_list_fallback(void);
bool test_frag_list_max_frags(void);
bool test_frag_list_oob_read(void);
bool test_fail_nth(const void *param, const void *arg);

#endif
