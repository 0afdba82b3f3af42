// SPDX-License-Identifier: GPL-2.0-only
/*
 * Peer-to-peer DMA on PCI topologies: drivers/pci/p2pdma.c as compiled
 * from the tree, and the P2P branches of dma-iommu and dma-direct, against
 * the reference model (oracle/p2p_model.h) and the topology's addresses.
 *
 * Each example in corpus/topologies/ is built into a mock PCI tree (every
 * endpoint a DMA device with its IOMMU domain, every BAR marked p2p given
 * to pci_p2pdma_add_resource() and published) and then, for every provider
 * and every endpoint as client:
 *  - pci_p2pdma_map_type() and pci_p2pdma_distance() must give the model's
 *    map type and distance, and pci_p2pdma_distance_many() over all
 *    endpoints the model's sum;
 *  - pci_p2pmem_find_many() must pick a nearest provider, and
 *    pci_alloc_p2pmem()/pci_p2pmem_virt_to_bus() give its memory and bus
 *    addresses (check_p2pmem());
 *  - mapping P2P memory for the client on each path (dma_map_sgtable of
 *    the BAR's pages, alone and between two RAM entries; pci_p2pdma_state()
 *    then the bus address or dma_map_phys(DMA_ATTR_MMIO); the same with
 *    dma_iova_link) must be
 *    refused with -EREMOTEIO when the model says not supported, give the
 *    BAR's bus address (from the topology's host bridge windows) when peer
 *    to peer, and reach the BAR's CPU address through the client's IOMMU
 *    (or directly) through the host bridge; unmapping leaves nothing.
 *
 * Three kernel bugs this found are left out of the example runs and each
 * reproduced by tests of its own (known_bugs.c;
 * oracle/p2p_check.h, p2p_map_known_bug(), says which inputs show them): a function's own ACS
 * redirect bits turn its P2P access to its own BAR into THRU_HOST_BRIDGE;
 * dma_map_sgtable() for an untrusted device ignores the P2P map type
 * altogether; dma-direct's dma_map_sgtable() bounces P2P memory beyond the
 * device's mask. And two the sanitizers find: the ACS list of a long
 * redirected path overflows a stack buffer; an allocation failure in
 * pci_p2pdma_add_resource() leaves a devm action on freed memory.
 */
#include "tests/p2p/p2p.h"

#define TOPO_DIR	"corpus/topologies"

static const char *const examples[] = {
	"gpu-nic-switch", "nvme-rootport-gpu", "two-sockets", "acs-redirect",
	"multifunction", "non-whitelisted", "amd-zen", "amd-family-16h",
	"mixed-root-complexes",
};

struct topology topo;
struct topo_system sys;

/* every decision and every mapping of every (provider, client) pair */
static bool check_all(struct topo_system *s, const char *what)
{
	char msg[640];

	if (!p2p_check_topology(s, 0, msg, sizeof(msg)))
		KT_FAIL("%s: %s", what, msg);
	return true;
}

/*
 * The p2pmem allocator, as nvmet uses it: pci_p2pmem_find_many() must pick
 * a provider with published memory at the least distance the model knows
 * for the client (any of them on a tie: the kernel picks at random), or
 * none if none is reachable; pci_alloc_p2pmem() must give memory of that
 * provider's P2P BARs, and pci_p2pmem_virt_to_bus() its bus address
 * (from the topology's windows); pci_p2pdma_enable_store() must find the
 * provider by name.
 */
static bool check_p2pmem(struct topo_system *s, const char *what)
{
	const struct topology *t = s->t;
	int c, p, b, best, dist;

	for (c = 0; c < (int)t->nr_nodes; c++) {
		struct pci_dev *got;
		bool own_bug = false, use;
		void *addr;
		uint64_t bus;

		if (!s->dev[c])
			continue;
		best = INT_MAX;
		for (p = 0; p < (int)t->nr_nodes; p++) {
			if (!p2p_has_memory(s, p))
				continue;
			own_bug |= p2p_known_bug_own_acs(t, p, c);
			dist = p2p_model_distance_many(t, p, &c, 1);
			if (dist >= 0 && dist < best)
				best = dist;
		}
		if (own_bug)
			continue;	/* the kernel's distance to itself is wrong */
		got = pci_p2pmem_find_many(&s->dev[c], 1);
		if (best == INT_MAX) {
			if (got)
				KT_FAIL("%s: pci_p2pmem_find_many for %s gave %s, the model "
					"reaches no provider", what, t->nodes[c].name, pci_name(got));
			continue;
		}
		if (!got)
			KT_FAIL("%s: pci_p2pmem_find_many for %s found nothing, the model "
				"reaches a provider at distance %d", what, t->nodes[c].name, best);
		for (p = 0; p < (int)t->nr_nodes && s->pdev[p] != got; p++)
			;
		if (p == (int)t->nr_nodes)
			KT_FAIL("%s: pci_p2pmem_find_many gave a device outside the topology", what);
		dist = p2p_model_distance_many(t, p, &c, 1);
		if (dist != best)
			KT_FAIL("%s: pci_p2pmem_find_many for %s chose %s at distance %d, the "
				"least is %d", what, t->nodes[c].name, t->nodes[p].name, dist, best);

		addr = pci_alloc_p2pmem(got, 2 * PAGE_SIZE);
		if (!addr)
			KT_FAIL("%s: pci_alloc_p2pmem(%s) failed", what, t->nodes[p].name);
		for (b = 0, use = false; b < TOPO_NR_BARS; b++) {
			const struct topo_bar *bar = &t->nodes[p].bars[b];
			u64 lo = bar->cpu_start + bar->p2p_offset;
			u64 hi = bar->p2p_size ? lo + bar->p2p_size : bar->cpu_start + bar->size;

			if (s->provider[p][b] && virt_to_phys(addr) >= lo &&
			    virt_to_phys(addr) + 2 * PAGE_SIZE <= hi)
				use = true;
		}
		KT_EXPECT(use);
		KT_EXPECT(topo_cpu_to_bus(t, p, virt_to_phys(addr), &bus));
		KT_EXPECT_EQ(pci_p2pmem_virt_to_bus(got, addr), bus);
		pci_free_p2pmem(got, addr, 2 * PAGE_SIZE);
		pci_dev_put(got);

		{
			struct pci_dev *named = NULL;
			bool on = false;

			KT_EXPECT_EQ(pci_p2pdma_enable_store(pci_name(got), &named, &on), 0);
			KT_EXPECT(on && named == got);
			/* the device comes with a reference, the caller's to put (nvmet's is) */
			pci_dev_put(named);
			KT_EXPECT_EQ(pci_p2pdma_enable_store("0", &named, &on), 0);
			KT_EXPECT(!on);
		}
	}
	return true;
}

static bool run_topology_format(const struct topology *t, const char *what, int format)
{
	char err[256];
	bool ok;

	if (topo_build_format(t, &sys, format, err, sizeof(err)))
		KT_FAIL("%s: building it: %s", what, err);
	ok = check_all(&sys, what) && check_p2pmem(&sys, what);
	topo_teardown(&sys);
	return ok;
}

static bool run_example_format(const char *name, int format)
{
	char path[256], err[256];

	snprintf(path, sizeof(path), "%s/%s.topo", TOPO_DIR, name);
	if (topo_load(path, &topo, err, sizeof(err)))
		KT_SETUP_FAIL("%s", err);
	return run_topology_format(&topo, name, format);
}

static bool run_example(const char *name)
{
	return run_example_format(name, DMALAB_PT_X86_64);
}

/*
 * A test that runs every example again with the endpoints' IOMMU domains
 * in other page-table formats: AMD v1 (4 KiB and up) and the iommufd
 * selftest's AMD v1 variant with its 2 KiB granule. The mappings go
 * through the checker, which samples every granule edge of the client's
 * own granule: expect the same agreement with the model as on x86_64.
 */
struct p2p_format {
	const char *name;
	int format;
};

static const struct p2p_format p2p_formats[] = {
	{ "amdv1", DMALAB_PT_AMDV1 },
	{ "amdv1_mock", DMALAB_PT_AMDV1_MOCK },
};

const struct kt_params p2p_format_params = KT_PARAMS(p2p_formats);

bool test_every_example(const void *param, const void *arg)
{
	const struct p2p_format *f = param;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(examples); i++)
		if (!run_example_format(examples[i], f->format))
			return false;
	return true;
}

#define EXAMPLE_TEST(fn, name)					\
	bool test_##fn(void) { return run_example(name); }

EXAMPLE_TEST(gpu_nic_switch, "gpu-nic-switch")
EXAMPLE_TEST(nvme_rootport_gpu, "nvme-rootport-gpu")
EXAMPLE_TEST(two_sockets, "two-sockets")
EXAMPLE_TEST(acs_redirect, "acs-redirect")
EXAMPLE_TEST(multifunction, "multifunction")
EXAMPLE_TEST(non_whitelisted, "non-whitelisted")
EXAMPLE_TEST(amd_zen, "amd-zen")
/* mutation class: the CPU family check of cpu_supports_p2pdma() dropped */
EXAMPLE_TEST(amd_family_16h, "amd-family-16h")
/* mutation class: a host bridge list match without its flags, any-device or both-ends rules */
EXAMPLE_TEST(mixed_root_complexes, "mixed-root-complexes")

/*
 * Every .topo file shipped is one of the examples above, so a new example
 * cannot be added without being tested.
 */
bool test_every_example_is_tested(void)
{
	DIR *d = opendir(TOPO_DIR);
	struct dirent *e;
	size_t i, n = 0;

	if (!d)
		KT_FAIL("%s: %s (run from the repository root)", TOPO_DIR, strerror(errno));
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		bool known = false;

		if (len < 6 || strcmp(e->d_name + len - 5, ".topo"))
			continue;
		n++;
		for (i = 0; i < ARRAY_SIZE(examples); i++)
			if (strlen(examples[i]) == len - 5 &&
			    !strncmp(examples[i], e->d_name, len - 5))
				known = true;
		if (!known) {
			closedir(d);
			KT_FAIL("%s/%s is not tested: add it to tests/p2p/examples.c", TOPO_DIR, e->d_name);
		}
	}
	closedir(d);
	KT_EXPECT_EQ(n, ARRAY_SIZE(examples));
	return true;
}
