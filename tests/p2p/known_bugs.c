// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel bugs the P2P oracle found, each on a topology of its own, as
 * XFAIL tests of correct behaviour (their registry entries: oracle/
 * known_bugs.c; the evidence is in each test's comment).
 */
#include "tests/p2p/p2p.h"

static bool load_text(const char *text, struct topology *t)
{
	char err[256];

	if (topo_parse_text(text, strlen(text), t, err, sizeof(err)))
		KT_FAIL("the test's topology: %s", err);
	return true;
}

bool p2p_build_text(const char *text)
{
	char err[256];

	if (!load_text(text, &topo))
		return false;
	if (topo_build(&topo, &sys, err, sizeof(err)))
		KT_FAIL("building it: %s", err);
	return true;
}

/*
 * A function's P2P access to its own BAR. calc_map_type_and_dist()'s comment:
 * "If the two devices are the same PCI function, return
 * PCI_P2PDMA_MAP_BUS_ADDR and a distance of 0." But it checks the ACS of
 * the provider before it finds that the client is the provider, so a
 * function whose own ACS control has request redirect set (as multi-function
 * NICs ship) gets THRU_HOST_BRIDGE, and NOT_SUPPORTED behind a host bridge
 * off the whitelist: a driver cannot use its own P2P memory. (The traffic
 * never leaves the function; a function's ACS governs its requests to its
 * peers, the other functions.)
 */
static const char own_acs_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:3e30 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:1901\n"
	"endpoint xl0 parent=rp0 at=00.0 id=8086:1572 acs=sv,rr,cr,uf "
	"bar0=0x1000000000+8M,mem64,pref,p2p\n"
	"endpoint xl1 parent=rp0 at=00.1 id=8086:1572 acs=sv,rr,cr,uf "
	"bar0=0x1000800000+8M,mem64,pref,p2p\n";

bool test_same_function_own_acs(void)
{
	int xl0;
	char msg[512];
	bool ok;

	if (!p2p_build_text(own_acs_topology))
		return false;
	xl0 = topo_find_node(&topo, "xl0");
	ok = p2p_check_decision(&sys, xl0, xl0, msg, sizeof(msg));
	topo_teardown(&sys);
	if (!ok)
		KT_FAIL("%s", msg);
	return true;
}

/*
 * dma_map_sgtable() for an untrusted device (dev_is_untrusted(): behind an
 * external-facing port) takes iommu_dma_map_sg_swiotlb(), which maps every
 * entry with iommu_dma_map_phys() and never asks pci_p2pdma_state(). So P2P
 * memory the device must not be given (PCI_P2PDMA_MAP_NOT_SUPPORTED: "DMA
 * Mapping routines should return an error", pci-p2pdma.h) is mapped; memory
 * it should reach by bus address gets an IOVA through the host bridge;
 * and an entry that does not fill whole IOMMU granules is bounced through
 * swiotlb: the CPU copies the BAR with memcpy() and the device is given the
 * copy. iommu_dma_map_sg()'s own loop, for trusted devices, handles all
 * three (-EREMOTEIO, the bus address, IOMMU_MMIO-less mapping in place).
 */
static bool untrusted_sg(const char *text, const char *provider, u64 off, u64 len)
{
	int p, c;
	char msg[512];
	bool ok;

	if (!p2p_build_text(text))
		return false;
	p = topo_find_node(&topo, provider);
	c = topo_find_node(&topo, "tb");
	ok = p2p_check_map(&sys, p, 0, c, P2P_PATH_SG, off, len, msg, sizeof(msg));
	topo_teardown(&sys);
	if (!ok)
		KT_FAIL("%s", msg);
	return true;
}

/* tb, a Thunderbolt-attached device, on a root port of its own */
#define UNTRUSTED_TOPOLOGY(hostid)						\
	"cpu intel family=0x6\n"						\
	"host hb0 segment=0 bus=0x00 hbdev=" hostid " window=0x1000000000+1G\n" \
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"			\
	"switch-up sw0 parent=rp0 at=00.0 id=10b5:8796\n"			\
	"switch-down sw0d0 parent=sw0 at=08.0 id=10b5:8796\n"			\
	"switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796\n"			\
	"endpoint gpu parent=sw0d0 at=00.0 id=10de:2330 "			\
	"bar0=0x1000000000+256M,mem64,pref,p2p\n"				\
	"endpoint tbgpu parent=sw0d1 at=00.0 id=10de:2330 "			\
	"bar0=0x1010000000+256M,mem64,pref,p2p\n"				\
	"root-port rp1 host=hb0 at=07.0 id=8086:2031\n"			\
	"endpoint tb parent=rp1 at=00.0 id=8086:15ef untrusted\n"

bool test_untrusted_sg_not_supported(void)
{
	/* 8086:3e30 routes no P2P: gpu -> tb is NOT_SUPPORTED */
	return untrusted_sg(UNTRUSTED_TOPOLOGY("8086:3e30"), "gpu", 0, 0x10000);
}

bool test_untrusted_sg_unaligned(void)
{
	/* 8086:2020 routes P2P: gpu -> tb through the host bridge, unaligned */
	return untrusted_sg(UNTRUSTED_TOPOLOGY("8086:2020"), "gpu", 0x1100, 0x2f00);
}

/* an untrusted device below the same switch as the provider: bus address */
static const char untrusted_switch_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"switch-up sw0 parent=rp0 at=00.0 id=8086:15ef\n"
	"switch-down sw0d0 parent=sw0 at=01.0 id=8086:15ef\n"
	"switch-down sw0d1 parent=sw0 at=02.0 id=8086:15ef\n"
	"endpoint gpu parent=sw0d0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"endpoint tb parent=sw0d1 at=00.0 id=15b3:1021 untrusted\n";

bool test_untrusted_sg_bus_addr(void)
{
	return untrusted_sg(untrusted_switch_topology, "gpu", 0, 0x10000);
}

/*
 * dma-direct's dma_map_sgtable() maps P2P memory that goes through the host
 * bridge with dma_direct_map_phys() but without DMA_ATTR_MMIO, so to a
 * device whose DMA mask does not reach the BAR it hands a swiotlb bounce
 * buffer: the CPU copies the BAR, and the device never touches it. Its own
 * comment: "Any P2P mapping that traverses the PCI host bridge must be
 * mapped with CPU physical address"; with DMA_ATTR_MMIO (as dma_map_phys()
 * callers pass) dma-direct fails such a mapping instead, which is right.
 */
static const char direct_beyond_mask_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"endpoint gpu parent=rp0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref,p2p\n"
	"root-port rp1 host=hb0 at=02.0 id=8086:2031\n"
	"endpoint dev32 parent=rp1 at=00.0 id=1b4b:9230 iommu=none dma-bits=32\n";

static bool direct_beyond_mask(enum p2p_path path)
{
	int p, c;
	char msg[512];
	bool ok;

	if (!p2p_build_text(direct_beyond_mask_topology))
		return false;
	p = topo_find_node(&topo, "gpu");
	c = topo_find_node(&topo, "dev32");
	ok = p2p_check_map(&sys, p, 0, c, path, 0, 0x10000, msg, sizeof(msg));
	topo_teardown(&sys);
	if (!ok)
		KT_FAIL("%s", msg);
	return true;
}

bool test_direct_sg_beyond_mask(void)
{
	return direct_beyond_mask(P2P_PATH_SG);
}

/* the same through dma_map_phys(DMA_ATTR_MMIO): refused, as it must be */
bool test_direct_phys_beyond_mask(void)
{
	return direct_beyond_mask(P2P_PATH_PHYS);
}


#ifdef HAVE_ASAN
/*
 * When P2P traffic is redirected, calc_map_type_and_dist() lists the
 * redirecting ports ("0000:03:00.0;" each) in a 128-byte seq_buf for its
 * warning, then drops the final semicolon with
 * acs_list.buffer[acs_list.len - 1] = 0. A seq_buf that overflows has
 * len = size + 1 (lib/seq_buf.c), so with ten or more redirecting devices
 * on the path that store lands one byte past the stack buffer. It happens
 * on the first P2P mapping between the two (pci_p2pdma_map_type(), verbose).
 * Five levels of switches with ACS on their downstream ports, and ACS on
 * the two endpoints, give ten.
 */
static const char deep_acs_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"switch-up s1 parent=rp0 at=00.0 id=10b5:8796\n"
	"switch-down s1a parent=s1 at=01.0 id=10b5:8796 acs=rr,cr\n"
	"switch-down s1b parent=s1 at=02.0 id=10b5:8796 acs=rr,cr\n"
	"switch-up s2 parent=s1a at=00.0 id=10b5:8796\n"
	"switch-down s2a parent=s2 at=01.0 id=10b5:8796 acs=rr,cr\n"
	"switch-up s3 parent=s2a at=00.0 id=10b5:8796\n"
	"switch-down s3a parent=s3 at=01.0 id=10b5:8796 acs=rr,cr\n"
	"switch-up s4 parent=s3a at=00.0 id=10b5:8796\n"
	"switch-down s4a parent=s4 at=01.0 id=10b5:8796 acs=rr,cr\n"
	"endpoint a parent=s4a at=00.0 id=10de:2330 acs=rr bar0=0x1000000000+16M,mem64,pref,p2p\n"
	"switch-up s5 parent=s1b at=00.0 id=10b5:8796\n"
	"switch-down s5a parent=s5 at=01.0 id=10b5:8796 acs=rr,cr\n"
	"switch-up s6 parent=s5a at=00.0 id=10b5:8796\n"
	"switch-down s6a parent=s6 at=01.0 id=10b5:8796 acs=rr,cr\n"
	"switch-up s7 parent=s6a at=00.0 id=10b5:8796\n"
	"switch-down s7a parent=s7 at=01.0 id=10b5:8796 acs=rr,cr\n"
	"endpoint b parent=s7a at=00.0 id=15b3:1021 acs=rr\n";

/*
 * Run fn(arg) in a child (a sanitizer report ends the child, not the suite)
 * and collect what it wrote on stderr. 0: it returned; 1: it died or
 * exited non-zero (report in buf); -1: fork or pipe failed.
 */
static int in_child(void (*fn)(void *), void *arg, char *buf, size_t size)
{
	int fds[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	buf[0] = '\0';
	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	while (got < size - 1 && (n = read(fds[0], buf + got, size - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

static void first_mapping(void *arg)
{
	int a = topo_find_node(&topo, "a"), b = topo_find_node(&topo, "b");
	char err[256];

	if (topo_build(&topo, &sys, err, sizeof(err)))
		_exit(3);
	pci_p2pdma_map_type(sys.provider[a][0], sys.dev[b]);
	topo_teardown(&sys);
}

bool test_acs_list_overflow(void)
{
	static char report[8192];

	if (!load_text(deep_acs_topology, &topo))
		return false;
	switch (in_child(first_mapping, NULL, report, sizeof(report))) {
	case -1:
		KT_FAIL("fork: %s", strerror(errno));
	case 1:
		if (strstr(report, "stack-buffer-overflow"))
			KT_FAIL("AddressSanitizer: stack-buffer-overflow in %s",
				strstr(report, "calc_map_type_and_dist") ?
				"calc_map_type_and_dist()" : "the child (see -v)");
		KT_FAIL("the child failed:\n%s", report);
	}
	return true;
}

/*
 * pci_p2pdma_add_resource() under allocation failure, each allocation in
 * turn, then the device goes away. When gen_pool_add_owner() fails (it
 * allocates the pool's chunk), the error path devm_kfree()s the
 * pci_p2pdma_pagemap but leaves the devm action pci_p2pdma_unmap_mappings()
 * registered with it as its data, so removing the device reads freed
 * memory (p2p_pgmap->mem->owner).
 */
static const char one_provider_topology[] =
	"cpu intel family=0x6\n"
	"host hb0 segment=0 bus=0x00 hbdev=8086:2020 window=0x1000000000+1G\n"
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	"endpoint gpu parent=rp0 at=00.0 id=10de:2330 bar0=0x1000000000+256M,mem64,pref\n";

static void add_resource_failing(void *arg)
{
	unsigned long nth = *(unsigned long *)arg;
	int gpu = topo_find_node(&topo, "gpu");
	char err[256];
	int ret;

	if (topo_build(&topo, &sys, err, sizeof(err)))
		_exit(3);
	dmalab_fail_nth(nth);
	ret = pci_p2pdma_add_resource(sys.pdev[gpu], 0, 0, 0);
	/* the nth was not reached: every allocation succeeded */
	if (dmalab_fail_attempts() < nth)
		_exit(ret ? 4 : 5);
	dmalab_fail_off();
	topo_teardown(&sys);
}

bool test_add_resource_fail_nth(void)
{
	static char report[8192];
	unsigned long nth;

	if (!load_text(one_provider_topology, &topo))
		return false;
	for (nth = 1; nth < 64; nth++) {
		int r = in_child(add_resource_failing, &nth, report, sizeof(report));

		if (r < 0)
			KT_FAIL("fork: %s", strerror(errno));
		if (!r)
			continue;
		/* the slab poisons freed objects itself: "use-after-poison" */
		if (strstr(report, "use-after-poison") || strstr(report, "use-after-free"))
			KT_FAIL("failing allocation %lu of pci_p2pdma_add_resource(): "
				"AddressSanitizer: use after free%s", nth,
				strstr(report, "in pci_p2pdma_unmap_mappings") ?
				" in pci_p2pdma_unmap_mappings() at device removal" : " (see -v)");
		if (strstr(report, "ERROR") || strstr(report, "BUG"))
			KT_FAIL("failing allocation %lu: the child failed:\n%s", nth, report);
		break;		/* exit 4/5: no nth-th allocation; all were tried */
	}
	KT_EXPECT_GT(nth, 1);
	return true;
}
#endif
