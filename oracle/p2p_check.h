/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The P2P oracle: the kernel's p2pdma decisions and P2P mappings on a built
 * topology, against the reference model (p2p_model.h) and the topology's
 * own addresses. Each check returns false with one line in msg on the first
 * disagreement; a message with " failed" in it is the kernel refusing what
 * the model expects to work (the only kind an injected allocation failure
 * can excuse).
 */
#ifndef DMALAB_P2P_CHECK_H
#define DMALAB_P2P_CHECK_H

#include <linux/types.h>
#include "topology/topo_build.h"
#include "oracle/p2p_model.h"

/* Does the node offer P2P memory (a BAR given to pci_p2pdma_add_resource())? */
bool p2p_has_memory(const struct topo_system *s, int node);

/*
 * pci_p2pdma_map_type() (first, on an empty cache: the verbose
 * calculation) and pci_p2pdma_distance() for one pair, against the model.
 */
bool p2p_check_decision(struct topo_system *s, int provider, int client,
			char *msg, size_t len);
/*
 * pci_p2pdma_distance_many() over every endpoint as one client list (but
 * the provider itself when p2p_known_bug_own_acs() says so)
 */
bool p2p_check_distance_many(struct topo_system *s, int provider, char *msg, size_t len);

enum p2p_path {
	P2P_PATH_SG,	/* dma_map_sgtable() of the BAR's ZONE_DEVICE pages */
	P2P_PATH_PHYS,	/* the caller's protocol: bus address, or dma_map_phys(MMIO) */
	P2P_PATH_IOVA,	/* bus address, or dma_iova_try_alloc + link(MMIO) + sync */
	P2P_PATH_SG_MIXED, /* dma_map_sgtable of RAM, the P2P range, RAM in one table */
	P2P_NR_PATHS,
};
extern const char *const p2p_path_name[P2P_NR_PATHS];

/*
 * Map [off, off + len) of the provider's P2P memory in BAR bar for the
 * client on one path and unmap it: the result must be what the model says
 * (refused when not supported; the BAR's bus address when peer to peer;
 * through the client's IOMMU or directly to the BAR's CPU address via the
 * host bridge, never bounced, no cache maintenance for MMIO mappings), and
 * the unmap must leave nothing mapped.
 */
bool p2p_check_map(struct topo_system *s, int provider, int bar, int client,
		   enum p2p_path path, u64 off, u64 len, char *msg, size_t mlen);

/*
 * The sampling budget of the checker p2p_check_map() verifies with
 * (check_set_sample_budget(), oracle/checker.h; 0, the default: every
 * granule boundary). A fuzzer that maps ranges of multi-GiB BARs sets one:
 * each range's edges are still checked in full.
 */
void p2p_check_set_sample_budget(unsigned int boundaries);

/*
 * Everything above for a whole topology: the decision for every (provider,
 * client) pair, distance_many for every provider, and mappings of two ranges
 * of each P2P BAR (page aligned, and not) on every path (the mixed sg table
 * included) for every pair. Pairs that hit a known kernel bug (below) are
 * left out: tests/p2p/known_bugs.c reproduces each on its own.
 *
 * max_maps 0: every mapping. Otherwise max_maps of the n mapping checks
 * (at most 64), spread over the whole list: the (j * step % n)-th for j =
 * 0 .. max_maps - 1, step about n / max_maps and prime to n.
 */
bool p2p_check_topology(struct topo_system *s, unsigned int max_maps, char *msg, size_t len);
/*
 * The same for j = turn * max_maps .. (turn + 1) * max_maps - 1 (modulo
 * n): turns 0, 1, ..., ceil(n / max_maps) - 1 together check every one (a
 * fuzz program's successive p2p_check_all ops).
 */
/*
 * The decisions alone: every provider with every client, and the
 * distance of each provider to all clients at once (the first part of
 * p2p_check_topology()); no mappings.
 */
bool p2p_check_decisions(struct topo_system *s, char *msg, size_t len);
bool p2p_check_topology_turn(struct topo_system *s, unsigned int max_maps, unsigned int turn,
			     char *msg, size_t len);

/*
 * Known kernel bugs (7.3.4), by the inputs that show them:
 * own_acs: a function's P2P access to its own BAR counts its own ACS
 *          redirect bits (kernel-doc: BUS_ADDR, distance 0);
 * untrusted_sg: dma_map_sgtable() for an untrusted device maps P2P memory
 *          as RAM (right only through the host bridge, whole granules);
 * direct sg beyond the mask: dma-direct's dma_map_sgtable() maps P2P memory
 *          through the host bridge without DMA_ATTR_MMIO, so a BAR beyond
 *          the device's mask is bounced through swiotlb (p2p_beyond_mask()
 *          on the sg path) instead of the map failing.
 */
bool p2p_known_bug_own_acs(const struct topology *t, int provider, int client);
bool p2p_known_bug_untrusted_sg(const struct topo_system *s, int provider, int client,
				enum p2p_path path, u64 off, u64 len);

/*
 * The known bug (oracle/known_bugs.h id) a mapping of [off, off + len) of
 * the provider's BAR by the client on path would hit, or NULL: the one
 * place that says which P2P inputs show which known bug.
 */
const char *p2p_map_known_bug(const struct topo_system *s, int provider, int bar, int client,
			      enum p2p_path path, u64 off, u64 len);

/*
 * Is there IOVA space below the client's DMA mask for len bytes at phys
 * (granule: its IOMMU granule), outside the host bridge windows dma-iommu
 * reserves? Without it an IOVA allocation may fail with -ENOMEM.
 */
bool p2p_iova_room(const struct topo_system *s, int client, phys_addr_t phys, u64 len,
		   unsigned long granule);

/* How much of the BAR pci_p2pdma_add_resource() was given. */
u64 p2p_bytes(const struct topo_bar *bar);

/* Through the host bridge by dma-direct to P2P memory beyond the client's
 * DMA mask: a mapping of [off, off + len) of the provider's P2P BAR must fail. */
bool p2p_beyond_mask(const struct topo_system *s, int provider, int bar, int client,
		     u64 off, u64 len);

/*
 * One check of a topology check (p2p_check_topology_turn(),
 * p2p_check_decisions()) as it was made, and what it gave: a C reproducer
 * (fuzz/p2p_emit.c) writes each as the same oracle call. Observed only
 * while an observer is set (NULL: none, the default).
 */
enum p2p_step_kind {
	P2P_STEP_DECISION,	/* p2p_check_decision(provider, client) */
	P2P_STEP_OWN_ACS,	/* that pair left out: known bug p2p-own-acs */
	P2P_STEP_DISTANCE_MANY,	/* p2p_check_distance_many(provider) */
	P2P_STEP_DECISIONS,	/* the end of p2p_check_decisions() (ok: its result) */
	P2P_STEP_MAP,		/* p2p_check_map(provider, bar, client, path, off, len) */
	P2P_STEP_MAP_BUG,	/* that mapping left out: known bug (id) */
};

struct p2p_step {
	enum p2p_step_kind kind;
	int provider, bar, client;
	enum p2p_path path;
	u64 off, len;
	const char *bug;	/* P2P_STEP_MAP_BUG: the known bug's id */
	bool ok;		/* what the check returned */
};

typedef void p2p_step_fn(const struct p2p_step *step, void *arg);
void p2p_check_observe(p2p_step_fn *fn, void *arg);

/*
 * The decision table of a built topology (oracle/p2p_decisions.c): for
 * every provider BAR and client, the compiled p2pdma.c's map type, distance
 * and (with_dma: it maps and unmaps a page for it, which a replay must not
 * do before its ops) DMA address, beside the reference model's. Returns
 * how many disagree (known kernel bugs not counted).
 */
struct topo_system;
int p2p_print_decisions(struct topo_system *s, FILE *f, bool with_dma);

#endif
