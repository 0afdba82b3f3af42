// SPDX-License-Identifier: GPL-2.0-only
/*
 * The P2P decision table of a built topology: for every provider BAR, each
 * client's map type, distance and DMA address as the compiled p2pdma.c
 * gives them, beside the reference model's (oracle/p2p_model.h). dmalab-topo
 * prints it, and so does a verbose replay of a p2p input.
 */
#include <stdbool.h>
#include <stdio.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/dma-mapping.h>

#include "topology/topo_build.h"
#include "oracle/p2p_model.h"
#include "oracle/p2p_check.h"

static const char *map_short(enum pci_p2pdma_map_type m)
{
	switch (m) {
	case PCI_P2PDMA_MAP_BUS_ADDR:		return "BUS_ADDR";
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:	return "THRU_HOST_BRIDGE";
	case PCI_P2PDMA_MAP_NOT_SUPPORTED:	return "NOT_SUPPORTED";
	default:				return "?";
	}
}

static enum pci_p2pdma_map_type model_kernel_map(enum p2p_map m)
{
	return m == P2P_MAP_BUS_ADDR ? PCI_P2PDMA_MAP_BUS_ADDR :
	       m == P2P_MAP_THRU_HOST_BRIDGE ? PCI_P2PDMA_MAP_THRU_HOST_BRIDGE :
	       PCI_P2PDMA_MAP_NOT_SUPPORTED;
}

/* the DMA address the client gets for the first byte of the P2P memory */
static bool first_dma(struct topo_system *s, int p, int b, int c, dma_addr_t *dma)
{
	const struct topo_bar *bar = &s->t->nodes[p].bars[b];
	phys_addr_t phys = bar->cpu_start + bar->p2p_offset;
	struct pci_p2pdma_map_state st = {};

	switch (pci_p2pdma_state(&st, s->dev[c], pfn_to_page(PHYS_PFN(phys)))) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		*dma = pci_p2pdma_bus_addr_map(st.mem, phys);
		return true;
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		*dma = dma_map_phys(s->dev[c], phys, PAGE_SIZE, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		if (dma_mapping_error(s->dev[c], *dma))
			return false;
		dma_unmap_phys(s->dev[c], *dma, PAGE_SIZE, DMA_BIDIRECTIONAL, DMA_ATTR_MMIO);
		return true;
	default:
		return false;
	}
}

int p2p_print_decisions(struct topo_system *s, FILE *f, bool with_dma)
{
	const struct topology *t = s->t;
	int p, b, c, disagree = 0;

	for (p = 0; p < (int)t->nr_nodes; p++) {
		for (b = 0; b < TOPO_NR_BARS; b++) {
			const struct topo_bar *bar = &t->nodes[p].bars[b];

			if (!s->provider[p][b])
				continue;
			fprintf(f, "\nP2P provider %s BAR%d, memory at %#llx:\n", t->nodes[p].name, b,
			       (unsigned long long)(bar->cpu_start + bar->p2p_offset));
			fprintf(f, "  %-15s %-17s %5s  %-18s  %s\n", "client", "kernel map type",
			       "dist", "DMA address", "reference model");
			for (c = 0; c < (int)t->nr_nodes; c++) {
				enum pci_p2pdma_map_type map;
				struct p2p_verdict v;
				dma_addr_t dma;
				char addr[24] = "-";
				int dist;

				if (!s->dev[c])
					continue;
				/*
				 * the distance first, quietly: it caches the map type,
				 * so that asking for that takes no verbose path
				 */
				dist = pci_p2pdma_distance(s->pdev[p], s->dev[c], false);
				map = pci_p2pdma_map_type(s->provider[p][b], s->dev[c]);
				if (with_dma && first_dma(s, p, b, c, &dma))
					snprintf(addr, sizeof(addr), "%#llx",
						 (unsigned long long)dma);
				p2p_model_decide(t, p, c, &v);
				fprintf(f, "  %-15s %-17s %5d  %-18s  ", t->nodes[c].name,
				       map_short(map), dist, addr);
				if (model_kernel_map(v.map) == map &&
				    (v.map == P2P_MAP_NOT_SUPPORTED ? -1 : v.distance) == dist) {
					fprintf(f, "agrees: %s\n", v.why);
				} else if (p2p_known_bug_own_acs(t, p, c)) {
					fprintf(f, "DISAGREES (known kernel bug: a function's own ACS "
					       "counted): %s, distance %d\n", p2p_map_name(v.map),
					       v.distance);
				} else {
					fprintf(f, "DISAGREES: %s, distance %d: %s\n",
					       p2p_map_name(v.map), v.distance, v.why);
					disagree++;
				}
			}
		}
	}
	return disagree;
}

