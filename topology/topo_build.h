/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A topology made real: the mock PCI tree (host bridges, ports, functions,
 * ACS, BARs), an IOMMU domain and a DMA device for every endpoint, and the
 * P2P providers the kernel's p2pdma.c registers for the BARs marked p2p
 * (pci_p2pdma_add_resource + pci_p2pmem_publish), as a driver would.
 */
#ifndef DMALAB_TOPO_BUILD_H
#define DMALAB_TOPO_BUILD_H

#include "topology/topology.h"

struct pci_host_bridge;
struct pci_dev;
struct device;
struct dmalab_domain;
struct p2pdma_provider;

struct topo_system {
	const struct topology *t;
	struct pci_host_bridge *host[TOPO_MAX_HOSTS];
	struct pci_dev *hb_dev[TOPO_MAX_HOSTS];		/* the 00.0 host bridge function */
	struct pci_dev *pdev[TOPO_MAX_NODES];
	struct device *dev[TOPO_MAX_NODES];		/* endpoints: their DMA device */
	struct dmalab_domain *domain[TOPO_MAX_NODES];	/* NULL: no IOMMU */
	/* pcim_p2pdma_provider() of each p2p BAR, NULL for the others */
	struct p2pdma_provider *provider[TOPO_MAX_NODES][TOPO_NR_BARS];
	int built_order[TOPO_MAX_NODES];		/* nodes as enumerated */
	unsigned int nr_built;
	int pt_format;					/* enum dmalab_pt_format */
};

/*
 * 0, or -errno with one line in err (a kernel call that failed, named).
 * -EIO: the kernel does not support an endpoint's DMA mask (dma-direct
 * needs 32 bits at least here: no ZONE_DMA), a refusal, not a failure.
 */
int topo_build(const struct topology *t, struct topo_system *s, char *err, size_t errlen);
/* The same with the IOMMU domains in page-table format pt_format (enum
 * dmalab_pt_format; topo_build: x86_64), e.g. a 2 KiB granule. */
int topo_build_format(const struct topology *t, struct topo_system *s, int pt_format,
		      char *err, size_t errlen);
void topo_teardown(struct topo_system *s);

static inline bool topo_is_endpoint(const struct topology *t, int node)
{
	return t->nodes[node].type == TOPO_ENDPOINT || t->nodes[node].type == TOPO_RC_ENDPOINT;
}

#endif
