// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma suite: P2P memory (a GPU's BAR pages, as GPUDirect and the
 * NVMe-oF target's p2pmem give them) moved by an HCA of the example
 * topologies, through both APIs. rdma_rw_ctx_init() maps its sg list with
 * dma_map_sgtable(), which asks pci_p2pdma_state() about every P2P page;
 * rdma_rw_ctx_init_bvec() maps bvecs with dma_map_phys(..., 0) or
 * dma_iova_link(..., 0): no P2P attribute, no P2P decision. The reference
 * model (oracle/p2p_model.h) says what each pair needs; the oracle checks
 * the SGEs against it (oracle/rdma_check.h, struct rdma_check_p2p).
 */
#include <linux/pci-p2pdma.h>

#include "tests/rdma/rdma.h"
#include "topology/topology.h"
#include "topology/topo_build.h"
#include "oracle/p2p_model.h"

#define TOPO_DIR	"corpus/topologies"

static struct topology topo;
static struct topo_system sys;

struct bus_ctx {
	int provider;
};

static bool to_bus(void *priv, phys_addr_t phys, u64 *bus)
{
	struct bus_ctx *c = priv;
	uint64_t b;

	if (!topo_cpu_to_bus(&topo, c->provider, phys, &b))
		return false;
	*bus = b;
	return true;
}

static const int want_map[] = {
	[P2P_MAP_NOT_SUPPORTED] = PCI_P2PDMA_MAP_NOT_SUPPORTED,
	[P2P_MAP_BUS_ADDR] = PCI_P2PDMA_MAP_BUS_ADDR,
	[P2P_MAP_THRU_HOST_BRIDGE] = PCI_P2PDMA_MAP_THRU_HOST_BRIDGE,
};

static void report(void *priv, const char *msg)
{
	kt_report(__FILE__, __LINE__, "checker: %s", msg);
}

/*
 * Three pieces of the provider's P2P memory (a page, a page after a gap,
 * half a page) for the HCA on client c, as an sg list or as bvecs, RDMA
 * WRITE then READ.
 */
static bool one_pair(const char *topo_name, const char *provider, const char *client,
		     bool bvec, enum p2p_map expect)
{
	struct dmalab_rdma_cfg cfg;
	struct p2p_verdict v;
	struct bus_ctx bc;
	struct rdma_check_p2p p2p;
	struct checker *ck;
	struct ib_qp *qp;
	char path[256], err[256], msg[512];
	phys_addr_t base;
	void *mem = NULL;
	bool ok = true;
	int p, c, w, e = 0;

	snprintf(path, sizeof(path), "%s/%s.topo", TOPO_DIR, topo_name);
	if (topo_load(path, &topo, err, sizeof(err)))
		KT_SETUP_FAIL("%s", err);
	if (topo_build(&topo, &sys, err, sizeof(err)))
		KT_SETUP_FAIL("%s: %s", topo_name, err);
	p = topo_find_node(&topo, provider);
	c = topo_find_node(&topo, client);
	if (p < 0 || c < 0 || !sys.dev[c]) {
		topo_teardown(&sys);
		KT_FAIL("%s: no %s or %s", topo_name, provider, client);
	}
	p2p_model_verdict(&topo, p, c, &v);
	if (v.map != expect) {
		topo_teardown(&sys);
		KT_FAIL("%s: %s -> %s is %s, the test wants %s", topo_name, provider, client,
			p2p_map_name(v.map), p2p_map_name(expect));
	}
	bc.provider = p;
	p2p = (struct rdma_check_p2p){ want_map[v.map], to_bus, &bc };
	ck = check_create(report, NULL);
	ok = check_add_device(ck, sys.dev[c]);
	cfg_ib(&cfg);
	cfg.dma_device = sys.dev[c];
	qp = ok ? dmalab_rdma_create(&cfg, &e) : NULL;
	if (ok && !qp)
		kt_report(__FILE__, __LINE__, "dmalab_rdma_create: %d", e), ok = false;
	mem = ok ? pci_alloc_p2pmem(sys.pdev[p], 4 * P) : NULL;
	if (ok && !mem)
		kt_report(__FILE__, __LINE__, "pci_alloc_p2pmem failed"), ok = false;
	base = mem ? virt_to_phys(mem) : 0;
	for (w = 0; w < 2 && ok; w++) {
		const struct vec vecs[] = { { base, P }, { base + 2 * P, P },
					    { base + 3 * P, P / 2 } };
		enum dma_data_direction dir = w ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
		struct rdma_check_result r;
		struct scatterlist sgl[3];
		struct sg_table sgt = { .sgl = sgl, .orig_nents = 3 };
		struct bio_vec bv[3];
		struct bvec_iter iter = { .bi_size = 2 * P + P / 2 };
		int i;

		sg_init_table(sgl, 3);
		for (i = 0; i < 3; i++) {
			sg_set_page(&sgl[i], pfn_to_page(PHYS_PFN(vecs[i].phys)), vecs[i].len, 0);
			bvec_set_page(&bv[i], pfn_to_page(PHYS_PFN(vecs[i].phys)), vecs[i].len, 0);
		}
		ok = bvec ? rdma_check_drive_bvec_p2p(ck, qp, bv, 3, iter, REMOTE, RKEY, dir,
						      &p2p, &r, msg, sizeof(msg)) :
			    rdma_check_drive_sg_p2p(ck, qp, &sgt, 0, REMOTE, RKEY, dir, &p2p, &r,
						    msg, sizeof(msg));
		if (!ok)
			kt_report(__FILE__, __LINE__, "%s: %s -> %s (%s): %s", topo_name, provider,
				  client, p2p_map_name(v.map), msg);
		else if (v.map == P2P_MAP_NOT_SUPPORTED && r.ret != -EREMOTEIO)
			kt_report(__FILE__, __LINE__, "%s: %s -> %s not supported: init returned "
				  "%d, expected -EREMOTEIO", topo_name, provider, client, r.ret),
				ok = false;
		else if (v.map != P2P_MAP_NOT_SUPPORTED && r.ret <= 0)
			kt_report(__FILE__, __LINE__, "%s: %s -> %s: init returned %d", topo_name,
				  provider, client, r.ret), ok = false;
	}
	if (mem)
		pci_free_p2pmem(sys.pdev[p], mem, 4 * P);
	if (qp)
		dmalab_rdma_destroy(qp);
	ok = check_remove_device(ck, sys.dev[c]) && ok;
	check_destroy(ck);
	topo_teardown(&sys);
	return ok;
}

/*
 * A test of P2P memory through rdma_rw_ctx_init(): a GPU's memory for the
 * NIC below the same switch (gpu-nic-switch: BUS_ADDR, GPUDirect RDMA's
 * case), for a device across the host bridge (THRU_HOST_BRIDGE) and for
 * one the host bridge does not route to (non-whitelisted's FPGA behind an
 * ACS redirect: NOT_SUPPORTED).
 * dma_map_sgtable() decides per page. Expect bus addresses, an MMIO
 * mapping, and -EREMOTEIO (dma_map_sgtable()'s "cannot access P2PDMA
 * memory"), each checked by the oracle.
 */
bool test_p2p_sg(void)
{
	return one_pair("gpu-nic-switch", "gpu", "nic", false, P2P_MAP_BUS_ADDR) &&
	       one_pair("gpu-nic-switch", "gpu", "nvme", false, P2P_MAP_THRU_HOST_BRIDGE) &&
	       one_pair("non-whitelisted", "gpu0", "fpga", false, P2P_MAP_NOT_SUPPORTED);
}


/*
 * Known bug rdma-rw-bvec-p2p-ignored. The same GPU memory for the NIC
 * below the same switch, through rdma_rw_ctx_init_bvec(): the reference
 * model (and pci_p2pdma_map_type(), which dma_map_sgtable() consults in
 * p2p_sg) says BUS_ADDR, the switch turns the traffic around, and the NIC
 * must be given the GPU's bus addresses (from 0x1000000000 here). rw.c
 * never asks: rdma_rw_init_iova_wrs_bvec() links the BAR's CPU address
 * into an IOVA range with attrs 0 (dma_iova_link(..., dir, 0)), and the
 * NIC gets one SGE at IOVA 0xbfffc000, whose reads and writes go up to
 * the root complex's IOMMU instead of across the switch (they work only
 * where the host bridge routes P2P; the per-bvec fallback, dma_map_phys(
 * ..., 0), hands out an IOVA or the CPU address the same way). No
 * caller in 7.3 passes P2P bvecs (svcrdma's pages are host memory); the
 * NVMe-oF target, which uses P2P memory, still maps sg lists. Expect the
 * bus addresses.
 */
bool test_p2p_bvec_bus_addr(void)
{
	return one_pair("gpu-nic-switch", "gpu", "nic", true, P2P_MAP_BUS_ADDR);
}

/*
 * The pair across the host bridge (THRU_HOST_BRIDGE), through
 * rdma_rw_ctx_init_bvec(): the IOVA path maps the BAR's CPU address through
 * the client's IOMMU, which is where an MMIO mapping puts it too; rw.c
 * passes no DMA_ATTR_MMIO, which makes a difference only where the
 * mapping would bounce or sync caches (untrusted or non-coherent devices,
 * rdma-rw-bvec-p2p-ignored), not for this coherent, trusted NIC. Expect
 * the oracle to accept it as an MMIO mapping: it does.
 */
bool test_p2p_bvec_host_bridge(void)
{
	return one_pair("gpu-nic-switch", "gpu", "nvme", true, P2P_MAP_THRU_HOST_BRIDGE);
}

/*
 * Known bug rdma-rw-bvec-p2p-ignored, the refusal: on non-whitelisted the
 * FPGA's downstream port redirects to a host bridge not known to route
 * P2P, so GPU memory is NOT_SUPPORTED for it, and dma_map_sgtable()
 * refuses it (-EREMOTEIO, p2p_sg). rdma_rw_ctx_init_bvec() maps it
 * anyway: init returns 1 (the IOVA path), and the FPGA would be handed
 * addresses its traffic cannot reach. Expect -EREMOTEIO.
 */
bool test_p2p_bvec_not_supported(void)
{
	return one_pair("non-whitelisted", "gpu0", "fpga", true, P2P_MAP_NOT_SUPPORTED);
}
