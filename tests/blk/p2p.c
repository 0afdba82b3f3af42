// SPDX-License-Identifier: GPL-2.0-only
/*
 * The blk suite: requests of P2P memory (a BAR's ZONE_DEVICE pages, as
 * O_DIRECT to a GPU's or an NVMe CMB's memory makes them) on the example
 * topologies of corpus/topologies/, for every provider and client.
 *
 * blk_dma_map_iter_start() asks pci_p2pdma_state() about the first
 * segment and maps the whole request by its answer: bus addresses
 * (PCI_P2PDMA_MAP_BUS_ADDR), the streaming or IOVA path with DMA_ATTR_MMIO
 * (THRU_HOST_BRIDGE), or BLK_STS_INVAL (NOT_SUPPORTED). The reference
 * model (oracle/p2p_model.h) says which; the block mapping oracle checks
 * the segments: bus addresses from the topology's windows
 * (topo_cpu_to_bus()), or through the checker as MMIO.
 */
#include <linux/pci-p2pdma.h>

#include "tests/blk/blk.h"
#include "topology/topology.h"
#include "topology/topo_build.h"
#include "oracle/p2p_model.h"
#include "oracle/p2p_check.h"

#define TOPO_DIR	"corpus/topologies"

static const char *const examples[] = {
	"gpu-nic-switch", "nvme-rootport-gpu", "two-sockets", "acs-redirect",
	"multifunction", "non-whitelisted", "amd-zen",
};

static struct topology topo;
static struct topo_system sys;
/* requests mapped per map type (PCI_P2PDMA_MAP_*), and of them through an IOVA */
static unsigned int seen[8], seen_iova;

struct bus_ctx {
	const struct topology *t;
	int provider;
};

static bool to_bus(void *priv, phys_addr_t phys, u64 *bus)
{
	struct bus_ctx *c = priv;

	uint64_t b;

	if (!topo_cpu_to_bus(c->t, c->provider, phys, &b))
		return false;
	*bus = b;
	return true;
}

static const enum pci_p2pdma_map_type want_map[] = {
	[P2P_MAP_NOT_SUPPORTED] = PCI_P2PDMA_MAP_NOT_SUPPORTED,
	[P2P_MAP_BUS_ADDR] = PCI_P2PDMA_MAP_BUS_ADDR,
	[P2P_MAP_THRU_HOST_BRIDGE] = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE,
};

/* may a direct MMIO mapping of [phys, phys + len) be refused for the mask? */
static bool beyond_mask(struct device *dev, phys_addr_t phys, size_t len)
{
	u64 limit = min_not_zero(*dev->dma_mask, dev->bus_dma_limit);

	return phys + len - 1 > limit;
}

/*
 * A request of three bvecs of the provider's P2P memory (a page, a page
 * after a gap, half a page) for the client, both directions.
 */
static bool one_pair(int p, int c, const char *name, int fill)
{
	const struct topology *t = &topo;
	struct device *dev = sys.dev[c];
	struct p2p_verdict v;
	struct bus_ctx bc = { t, p };
	struct blk_model_rq m;
	struct request_queue q = { 0 };
	struct checker *ck;
	phys_addr_t base;
	void *mem;
	bool ok = true;
	int w;

	mem = pci_alloc_p2pmem(sys.pdev[p], 4 * P);
	if (!mem)
		KT_FAIL("%s: pci_alloc_p2pmem(%s) failed", name, t->nodes[p].name);
	base = virt_to_phys(mem);
	KT_EXPECT_EQ(blk_model_limits_validate(&q.limits), 0);
	p2p_model_verdict(t, p, c, &v);
	ck = check_create(NULL, NULL);
	ok = check_add_device(ck, dev);
	for (w = 0; w < 2 && ok; w++) {
		const struct blk_model_vec vecs[] = {
			{ base, P }, { base + 2 * P, P }, { base + 3 * P, P / 2 },
		};
		struct blk_check_result r;
		char msg[512];

		blk_model_rq_init(&m, &q, w, false);
		if (blk_model_rq_add_bio(&m, vecs, 3, NULL, 0)) {
			kt_report(__FILE__, __LINE__, "%s: the model refuses the request", name);
			ok = false;
			break;
		}
		ok = blk_check_drive_state(ck, dev, &m.rq, false, to_bus, &bc, fill, &r, msg,
					   sizeof(msg));
		if (!ok)
			kt_report(__FILE__, __LINE__, "%s: %s -> %s: %s", name, t->nodes[p].name,
				  t->nodes[c].name, msg);
		else if (v.map == P2P_MAP_NOT_SUPPORTED) {
			if (r.mapped || r.status != BLK_STS_INVAL) {
				kt_report(__FILE__, __LINE__, "%s: %s -> %s: not supported (%s), "
					  "but mapped %d status %u", name, t->nodes[p].name,
					  t->nodes[c].name, v.why, r.mapped, r.status);
				ok = false;
			}
		} else if (!r.mapped && !(v.map == P2P_MAP_THRU_HOST_BRIDGE &&
					  !sys.domain[c] && beyond_mask(dev, base, 4 * P) &&
					  r.status == BLK_STS_RESOURCE)) {
			kt_report(__FILE__, __LINE__, "%s: %s -> %s: %s, but the mapping stopped "
				  "with status %u", name, t->nodes[p].name, t->nodes[c].name,
				  p2p_map_name(v.map), r.status);
			ok = false;
		} else if (r.mapped && r.map != want_map[v.map]) {
			kt_report(__FILE__, __LINE__, "%s: %s -> %s: mapped as map type %d, the "
				  "model says %s", name, t->nodes[p].name, t->nodes[c].name,
				  r.map, p2p_map_name(v.map));
			ok = false;
		}
		if (ok) {
			seen[r.mapped ? r.map : PCI_P2PDMA_MAP_NOT_SUPPORTED]++;
			seen_iova += r.iova;
		}
		blk_model_rq_free(&m);
	}
	ok = check_remove_device(ck, dev) && ok;
	check_destroy(ck);
	pci_free_p2pmem(sys.pdev[p], mem, 4 * P);
	return ok;
}

static int find(const char *name)
{
	int n = topo_find_node(&topo, name);

	if (n < 0)
		kt_report(__FILE__, __LINE__, "no node %s", name);
	return n;
}

static bool load(const char *name)
{
	char path[256], err[256];

	snprintf(path, sizeof(path), "%s/%s.topo", TOPO_DIR, name);
	if (topo_load(path, &topo, err, sizeof(err)))
		KT_SETUP_FAIL("%s", err);
	if (topo_build(&topo, &sys, err, sizeof(err)))
		KT_SETUP_FAIL("%s: %s", name, err);
	return true;
}

static bool run_example(const char *name)
{
	bool ok = true;
	int p, c, b;

	if (!load(name))
		return false;
	for (p = 0; p < (int)topo.nr_nodes && ok; p++) {
		for (b = 0; b < TOPO_NR_BARS && !sys.provider[p][b]; b++)
			;
		if (b == TOPO_NR_BARS)
			continue;
		for (c = 0; c < (int)topo.nr_nodes && ok; c++) {
			/* a function's own ACS bits: the known bug p2p-own-acs */
			if (!sys.dev[c] || p2p_known_bug_own_acs(&topo, p, c))
				continue;
			ok = one_pair(p, c, name, 0);
		}
	}
	topo_teardown(&sys);
	return ok;
}

/*
 * A test of P2P requests on every example topology: for every P2P
 * provider and every endpoint as client, a request of three bvecs of its
 * P2P memory (two of them apart). Expect the model's map type: bus
 * addresses from the topology's windows, MMIO mappings through the
 * client's IOMMU or directly (refused only where the BAR is beyond a
 * client's DMA mask without an IOMMU), or BLK_STS_INVAL where P2P is not
 * supported; the segments as the oracle wants them, nothing left mapped.
 *
 * The driver zeroes the IOVA state first: left uninitialised, as the
 * kernel-doc allows, it is the known bug blk-p2p-bus-state-uninit
 * (p2p_bus_addr_state_uninitialised).
 */
bool test_p2p_examples(void)
{
	unsigned int i;

	memset(seen, 0, sizeof(seen));
	seen_iova = 0;
	for (i = 0; i < ARRAY_SIZE(examples); i++)
		if (!run_example(examples[i]))
			return false;
	kt_diag("requests: %u bus address, %u through the host bridge (%u as one IOVA "
		"range), %u refused", seen[PCI_P2PDMA_MAP_BUS_ADDR],
		seen[PCI_P2PDMA_MAP_THRU_HOST_BRIDGE], seen_iova,
		seen[PCI_P2PDMA_MAP_NOT_SUPPORTED]);
	/* the examples have all three */
	KT_EXPECT(seen[PCI_P2PDMA_MAP_BUS_ADDR] && seen[PCI_P2PDMA_MAP_THRU_HOST_BRIDGE] &&
		  seen[PCI_P2PDMA_MAP_NOT_SUPPORTED] && seen_iova);
	return true;
}

/*
 * A test of the bus-address path with the IOVA state left uninitialised.
 *
 * Inputs: gpu-nic-switch.topo; the GPU's P2P memory (BAR1) for the NIC
 * below the same switch: pci_p2pdma_state() says BUS_ADDR. A request of
 * three bvecs of it (a page, a page after a gap, half a page); the
 * driver's struct dma_iova_state holds stale bytes (0xa5), which the
 * kernel-doc of blk_rq_dma_map_iter_start() allows: "@state and @iter are
 * provided by the caller and don't need to be initialized".
 *
 * What happens: blk_dma_map_iter_start() returns blk_dma_map_bus() for
 * the first segment at once, before the "memset(state, 0, ...)" of the
 * direct path: the state is left as it was. The kernel-doc then tells the
 * caller it "can call blk_rq_dma_map_coalesce() to check if further
 * segments need to be mapped", and that reads state->__size
 * (dma_use_iova()): non-zero stale bytes say "all coalesced", and a driver
 * following the documented protocol (NVMe's SGL and PRP setup does)
 * sends the device the first segment only, 0x1000 of 0x2800 bytes.
 * (blk_rq_dma_unmap() returns before reading the state for BUS_ADDR, so
 * the unmap is right.)
 *
 * Expect (the oracle): the segments add up to the payload. They add up to
 * its first segment. (Whether NVMe's request setup zeroes the state is not
 * checked here: drivers/nvme is not in the extracted tree.)
 */
bool test_p2p_bus_addr_state_uninitialised(void)
{
	bool ok;
	int gpu, nic;

	if (!load("gpu-nic-switch"))
		return false;
	gpu = find("gpu");
	nic = find("nic");
	ok = gpu >= 0 && nic >= 0 && one_pair(gpu, nic, "gpu-nic-switch", 0xa5);
	topo_teardown(&sys);
	return ok;
}
