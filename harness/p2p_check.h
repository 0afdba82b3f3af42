/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The P2P oracle: the kernel's p2pdma decisions and P2P mappings on a built
 * topology, against the reference model (p2p_model.h) and the topology's
 * own addresses. Each check returns false with one line in msg on the first
 * disagreement.
 */
#ifndef DMALAB_P2P_CHECK_H
#define DMALAB_P2P_CHECK_H

#include <linux/types.h>
#include "topo_build.h"
#include "p2p_model.h"

/*
 * pci_p2pdma_map_type() (first, on an empty cache: the verbose
 * calculation) and pci_p2pdma_distance() for one pair, against the model.
 */
bool p2p_check_decision(struct topo_system *s, int provider, int client,
			char *msg, size_t len);
/* pci_p2pdma_distance_many() over every endpoint as one client list */
bool p2p_check_distance_many(struct topo_system *s, int provider, char *msg, size_t len);

enum p2p_path {
	P2P_PATH_SG,	/* dma_map_sgtable() of the BAR's ZONE_DEVICE pages */
	P2P_PATH_PHYS,	/* the caller's protocol: bus address, or dma_map_phys(MMIO) */
	P2P_PATH_IOVA,	/* bus address, or dma_iova_try_alloc + link(MMIO) + sync */
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

#endif
