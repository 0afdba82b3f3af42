// SPDX-License-Identifier: GPL-2.0-only
/*
 * pci_p2pdma_add_resource(): which parts of a BAR it accepts.
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
