// SPDX-License-Identifier: GPL-2.0-only
/*
 * pci_p2pdma_add_resource(): which parts of a BAR it accepts; the bus
 * addresses pci_p2pmem_virt_to_bus() gives.
 */
#include "tests/p2p/p2p.h"

static const char bar_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"endpoint gpu parent=rp0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref\n";

/*
 * A test that pci_p2pdma_add_resource() publishes only memory inside the
 * BAR: "@size: size of the memory to add, may be zero to use the whole
 * BAR; @offset: offset into the bar". Expect -EINVAL for an offset at the
 * BAR's end and for a size that runs past it from its offset (mutation
 * class: an off-by-one in the offset check, a size check without the
 * offset), and success for the last page exactly, which then lies in the
 * provider's pool.
 */
bool test_add_resource_bounds(void)
{
	const size_t len = SZ_256M;
	struct pci_dev *pdev;
	void *p;

	if (!p2p_build_text(bar_topology))
		return false;
	pdev = sys.pdev[topo_find_node(&topo, "gpu")];
	KT_EXPECT_EQ(pci_resource_len(pdev, 0), len);
	KT_EXPECT_EQ(pci_p2pdma_add_resource(pdev, 0, 0, len), -EINVAL);
	KT_EXPECT_EQ(pci_p2pdma_add_resource(pdev, 0, len / 2 + PAGE_SIZE, len / 2), -EINVAL);
	KT_EXPECT_EQ(pci_p2pdma_add_resource(pdev, 0, PAGE_SIZE, len - PAGE_SIZE), 0);
	p = pci_alloc_p2pmem(pdev, PAGE_SIZE);
	KT_EXPECT_NOT_NULL(p);
	KT_EXPECT_EQ(pci_p2pmem_virt_to_bus(pdev, p),
		     pci_bus_address(pdev, 0) + len - PAGE_SIZE);
	pci_free_p2pmem(pdev, p, PAGE_SIZE);
	topo_teardown(&sys);
	return true;
}

static const char two_device_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"endpoint gpu parent=rp0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"root-port rp1 host=hb0 at=02.0 id=8086:2031\n"
	"endpoint nic parent=rp1 at=00.0 id=15b3:101d bar0=0x1010000000+32M,mem64,pref\n";

/*
 * A test of pci_p2pmem_virt_to_bus() where there is no P2P memory: the
 * header's answer without CONFIG_PCI_P2PDMA (the stub in pci-p2pdma.h) is
 * bus address 0, for any device and address. Expect 0 for the NULL a
 * failed pci_alloc_p2pmem() gives, and for a device that never had P2P
 * memory, even with an address of another device's pool; the pool's own
 * address still translates (bug class: a nonzero bus address handed out
 * for no memory).
 */
bool test_virt_to_bus_without_memory(void)
{
	struct pci_dev *gpu, *nic;
	uint64_t bus;
	void *p;
	bool ok = true;

	if (!p2p_build_text(two_device_topology))
		return false;
	gpu = sys.pdev[topo_find_node(&topo, "gpu")];
	nic = sys.pdev[topo_find_node(&topo, "nic")];
	p = pci_alloc_p2pmem(gpu, PAGE_SIZE);
	if (!p || pci_p2pmem_virt_to_bus(gpu, NULL) != 0 || pci_p2pmem_virt_to_bus(nic, p) != 0 ||
	    !topo_cpu_to_bus(&topo, topo_find_node(&topo, "gpu"), virt_to_phys(p), &bus) ||
	    pci_p2pmem_virt_to_bus(gpu, p) != bus) {
		kt_report(__FILE__, __LINE__, "alloc %p; bus addresses: NULL %#llx, nic %#llx, gpu %#llx",
			  p, (unsigned long long)pci_p2pmem_virt_to_bus(gpu, NULL),
			  (unsigned long long)(p ? pci_p2pmem_virt_to_bus(nic, p) : 0),
			  (unsigned long long)(p ? pci_p2pmem_virt_to_bus(gpu, p) : 0));
		ok = false;
	}
	if (p)
		pci_free_p2pmem(gpu, p, PAGE_SIZE);
	topo_teardown(&sys);
	return ok;
}
