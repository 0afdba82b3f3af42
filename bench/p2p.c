// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine of the p2p workload: one PCI topology (docs/topology.md),
 * built with the harness when the first p2p benchmark asks for a device,
 * and kept. A GPU offers its 8 GiB BAR for P2P (pci_p2pdma_add_resource():
 * ZONE_DEVICE pages, P2P_BAR_BASE); its clients:
 *   nic      below the GPU's switch: PCI_P2PDMA_MAP_BUS_ADDR, bus addresses
 *            and no IOMMU work ("-p2pbus" paths)
 *   nvme     on another root port: PCI_P2PDMA_MAP_THRU_HOST_BRIDGE, mapped
 *            by its IOMMU, strict ("-p2p"); nvmefq: the same, flush queue
 * The clients get the bench device's DMA parameters, as their drivers set
 * them: dma_set_max_seg_size(UINT_MAX), no segment boundary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/dma-mapping.h>

#include "bench.h"
#include "topology/topo_build.h"

static const char topo_text[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+16G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"switch-up sw0 parent=rp0 at=00.0 id=10b5:8796\n"
	"switch-down sw0d0 parent=sw0 at=08.0 id=10b5:8796\n"
	"switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796\n"
	"endpoint gpu parent=sw0d0 at=00.0 id=10de:2330 iommu=none"
	" bar0=0x1000000000+8G,mem64,pref,p2p\n"
	"endpoint nic parent=sw0d1 at=00.0 id=15b3:1021 iommu=dma\n"
	"root-port rp1 host=hb0 at=02.0 id=8086:2031\n"
	"endpoint nvme parent=rp1 at=00.0 id=144d:a824 iommu=dma\n"
	"root-port rp2 host=hb0 at=03.0 id=8086:2032\n"
	"endpoint nvmefq parent=rp2 at=00.0 id=144d:a824 iommu=dma-fq\n";
_Static_assert(P2P_BAR_BASE == 0x1000000000ULL && P2P_BAR_SIZE == 8ULL << 30,
	       "the gpu's bar0 of topo_text");

static const struct {
	const char *name;
	enum pci_p2pdma_map_type map;	/* what the kernel must decide */
} clients[] = {
	{ "nvme", PCI_P2PDMA_MAP_THRU_HOST_BRIDGE },
	{ "nvmefq", PCI_P2PDMA_MAP_THRU_HOST_BRIDGE },
	{ "nic", PCI_P2PDMA_MAP_BUS_ADDR },
};

static struct topology topo;
static struct topo_system sys;
static struct bench_dev devs[ARRAY_SIZE(clients)];
static struct p2pdma_provider *gpu_provider;

static void __attribute__((noreturn)) die(const char *what, const char *err)
{
	fprintf(stderr, "dmalab-bench: the P2P topology: %s: %s\n", what, err);
	exit(1);
}

static void build(void)
{
	struct p2pdma_provider *gpu;
	char err[256];
	unsigned int i;

	if (topo_parse_text(topo_text, strlen(topo_text), &topo, err, sizeof(err)))
		die("topo_parse_text", err);
	if (topo_build(&topo, &sys, err, sizeof(err)))
		die("topo_build", err);
	gpu = sys.provider[topo_find_node(&topo, "gpu")][0];
	for (i = 0; i < ARRAY_SIZE(clients); i++) {
		int n = topo_find_node(&topo, clients[i].name);
		struct device *dev = sys.dev[n];

		if (!gpu || pci_p2pdma_map_type(gpu, dev) != clients[i].map)
			die(clients[i].name, "not the P2P map type the benchmark expects");
		dma_set_max_seg_size(dev, UINT_MAX);
		dma_set_seg_boundary(dev, ULONG_MAX);
		devs[i].dev = dev;
		devs[i].dom = sys.domain[n];
	}
	gpu_provider = gpu;
}

struct p2pdma_provider *bench_p2p_provider(void)
{
	if (!sys.t)
		build();
	return gpu_provider;
}

struct bench_dev *bench_p2p_dev(enum p2p_client client, bool fq)
{
	if (!sys.t)
		build();
	return &devs[client == P2P_BUS ? 2 : fq ? 1 : 0];
}

/*
 * A fresh device (bench_dev_create(): the probe's empty domain, -cold) on
 * the client's link: P2P to the GPU decides as for the client.
 */
void bench_p2p_place(enum p2p_client client, bool fq, struct dmalab_pci_place *place)
{
	struct pci_dev *pdev = to_pci_dev(bench_p2p_dev(client, fq)->dev);

	*place = (struct dmalab_pci_place){
		.bus = pdev->bus,
		.devfn = PCI_DEVFN(PCI_SLOT(pdev->devfn), 1),
		.vendor = pdev->vendor,
		.device = pdev->device,
		.pcie_type = PCI_EXP_TYPE_ENDPOINT,
	};
}
