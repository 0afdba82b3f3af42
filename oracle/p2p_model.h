/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reference model of peer-to-peer DMA between PCI functions: for a
 * topology and a (provider, client) pair, how the client must address the
 * provider's BAR memory and how far apart they are.
 *
 * Written from the PCIe rules (ACS, switch routing, root complexes that do
 * or do not route peer traffic) and the kernel-doc of the p2pdma API, not
 * from drivers/pci/p2pdma.c: the checker compares that file's answers with
 * these (docs/topology.md states each rule).
 */
#ifndef DMALAB_P2P_MODEL_H
#define DMALAB_P2P_MODEL_H

#include "topology/topology.h"

/* the kernel's enum pci_p2pdma_map_type, by meaning */
enum p2p_map {
	P2P_MAP_NOT_SUPPORTED,	/* must not be mapped for this client */
	P2P_MAP_BUS_ADDR,	/* peer to peer below the root complex: bus addresses */
	P2P_MAP_THRU_HOST_BRIDGE, /* via the root complex: CPU address / IOVA */
};

struct p2p_verdict {
	enum p2p_map map;
	int distance;		/* links between the two (see the rules), also when
				 * NOT_SUPPORTED; -1 only for an index that is no node */
	char why[192];		/* one line: the rule that decided */
	bool no_why;		/* p2p_model_verdict(): why left empty */
};

/* provider and client are node indices (any node type); never fails. */
void p2p_model_decide(const struct topology *t, int provider, int client,
		      struct p2p_verdict *v);
/*
 * The same decision without its explanation (v->why empty): for callers
 * that need only the map type and distance, many times a topology (which
 * pairs show a known bug, distance_many). Formatting the why of every one
 * of those was a tenth of a p2p fuzz run.
 */
void p2p_model_verdict(const struct topology *t, int provider, int client,
		       struct p2p_verdict *v);

/*
 * pci_p2pdma_distance_many(): the sum of the distances to every client, or
 * -1 if any client cannot reach the provider.
 */
int p2p_model_distance_many(const struct topology *t, int provider,
			    const int *clients, int nr_clients);

/* Is the root complex of this host bridge known to route P2P traffic
 * (alone: same_host; or towards another such root complex)? */
bool p2p_model_host_routes_p2p(const struct topology *t, int host, bool same_host);

const char *p2p_map_name(enum p2p_map map);

#endif
