// SPDX-License-Identifier: GPL-2.0-only
/*
 * The P2P DMA reference model (oracle/p2p_model.c) on the examples in
 * corpus/topologies/.
 *
 * Every expected P2P answer below is worked out by hand from the rules of
 * docs/topology.md ("P2P decisions"), as the comment next to it shows:
 *  - a common upstream device (the lowest one; a device is its own
 *    ancestor, so a function is its own with itself, distance 0): distance =
 *    steps from each side up to it; BUS_ADDR unless a device on the path
 *    (the common device included) has ACS RR, CR or EC set, then through
 *    the host bridge;
 *  - no common upstream device: distance = devices from each side up to and
 *    including its root-bus device; through the host bridge;
 *  - through the host bridge works on AMD family >= 0x17 CPUs, or if the
 *    host bridges are known to route P2P (within one host bridge, or across
 *    two if neither is restricted to one); else NOT_SUPPORTED.
 * The verdict keeps the distance of the path also when NOT_SUPPORTED.
 */
#include <string.h>

#include "tests/topology/topology_tests.h"

/* The model answers the same both ways round, with sane values. */
bool model_sane(const struct topology *t)
{
	int a, b;

	for (a = 0; a < (int)t->nr_nodes; a++) {
		for (b = 0; b < (int)t->nr_nodes; b++) {
			struct p2p_verdict ab, ba;

			p2p_model_decide(t, a, b, &ab);
			p2p_model_decide(t, b, a, &ba);
			if (ab.map != ba.map || ab.distance != ba.distance ||
			    (unsigned int)ab.map > THRU || !one_line(ab.why) ||
			    (a == b ? ab.distance != 0 : ab.distance < 1))
				KT_FAIL("%s -> %s: %s %d (%s), back: %s %d (%s)", t->nodes[a].name,
					t->nodes[b].name, p2p_map_name(ab.map), ab.distance, ab.why,
					p2p_map_name(ba.map), ba.distance, ba.why);
		}
	}
	return true;
}

struct pair {
	const char *provider, *client;
	enum p2p_map map;
	int distance;
};

static bool check_pairs(const char *file, const struct pair *pairs, unsigned int nr)
{
	struct topology t;
	unsigned int i;
	bool ok = true;

	LOAD(file, &t);
	for (i = 0; i < nr; i++) {
		int p = node(&t, pairs[i].provider), c = node(&t, pairs[i].client);
		struct p2p_verdict v;

		if (p < 0 || c < 0)
			return false;
		p2p_model_decide(&t, p, c, &v);
		if (v.map != pairs[i].map || v.distance != pairs[i].distance || !one_line(v.why)) {
			kt_report(__FILE__, __LINE__, "%s: %s -> %s: %s %d (%s), expected %s %d",
				  file, pairs[i].provider, pairs[i].client, p2p_map_name(v.map),
				  v.distance, v.why, p2p_map_name(pairs[i].map), pairs[i].distance);
			ok = false;
		}
	}
	return ok && model_sane(&t);
}

#define CHECK_PAIRS(file, pairs) check_pairs(file, pairs, sizeof(pairs) / sizeof(pairs[0]))

bool test_model_gpu_nic_switch(void)
{
	static const struct pair pairs[] = {
		/* common upstream sw0: gpu,sw0d0 + nic,sw0d1 = 2 + 2; sw0d* only sv,uf */
		{ "gpu", "nic", BUS, 4 },
		{ "nic", "gpu", BUS, 4 },
		/* rp0 vs rp1: gpu,sw0d0,sw0,rp0 (4) + nvme,rp1 (2); hb0 is 8086:2020 */
		{ "gpu", "nvme", THRU, 6 },
		{ "nvme", "gpu", THRU, 6 },
		{ "nic", "nvme", THRU, 6 },
		{ "gpu", "gpu", BUS, 0 },
		/* a port as client is its own upstream device: gpu,sw0d0 (1 step) */
		{ "gpu", "sw0d0", BUS, 1 },
		/* common upstream rp0 is on the path and redirects (rr,cr): 3 steps */
		{ "gpu", "rp0", THRU, 3 },
	};

	return CHECK_PAIRS("gpu-nic-switch.topo", pairs);
}

bool test_model_nvme_rootport_gpu(void)
{
	static const struct pair pairs[] = {
		/* rp0 vs rp1: nvme,rp0 + gpu,rp1; hb0 known by its first root port 8086:2030 */
		{ "nvme", "gpu", THRU, 4 },
		{ "gpu", "nvme", THRU, 4 },
		{ "gpu", "gpu", BUS, 0 },
		/* two root ports: one device each, no common upstream */
		{ "rp0", "rp1", THRU, 2 },
		/* common upstream rp0 (1 step) redirects */
		{ "nvme", "rp0", THRU, 1 },
	};

	return CHECK_PAIRS("nvme-rootport-gpu.topo", pairs);
}

bool test_model_two_sockets(void)
{
	static const struct pair pairs[] = {
		/* within a socket: 2 + 2 through hb0 (8086:2f00 routes P2P below itself) */
		{ "nvme0", "gpu0", THRU, 4 },
		{ "gpu0", "nvme0", THRU, 4 },
		{ "nic1", "nvme1", THRU, 4 },
		/* across the sockets: 2f00 needs both below the same host bridge */
		{ "nvme0", "nic1", NOT, 4 },
		{ "nic1", "gpu0", NOT, 4 },
		{ "gpu0", "nvme1", NOT, 4 },
	};

	return CHECK_PAIRS("two-sockets.topo", pairs);
}

bool test_model_acs_redirect(void)
{
	static const struct pair pairs[] = {
		/* common upstream sw0, path gpu,sw0d0,sw0,nic,sw0d2: no redirect */
		{ "gpu", "nic", BUS, 4 },
		{ "nic", "gpu", BUS, 4 },
		/* sw0d1 (rr,cr) on the client's side: through hb0 (8086:2020) */
		{ "gpu", "nvme", THRU, 4 },
		{ "nic", "nvme", THRU, 4 },
		/* sw0d1 on the provider's side */
		{ "nvme", "gpu", THRU, 4 },
		{ "nvme", "nic", THRU, 4 },
		/* the redirecting port is the common upstream device itself */
		{ "nvme", "sw0d1", THRU, 1 },
		/* up to the switch's upstream port only: gpu,sw0d0,sw0 */
		{ "gpu", "sw0", BUS, 2 },
	};

	return CHECK_PAIRS("acs-redirect.topo", pairs);
}

bool test_model_multifunction(void)
{
	static const struct pair pairs[] = {
		/* functions of one device: common upstream rp0, 1 + 1; rp0 acs=cap only */
		{ "nic0", "nic1", BUS, 2 },
		{ "nic1", "nic0", BUS, 2 },
		/* the functions themselves redirect: through hb0 */
		{ "xl0", "xl1", THRU, 2 },
		{ "xl1", "xl0", THRU, 2 },
		/* a function reaching its own BAR: bus addresses, whatever its ACS */
		{ "xl0", "xl0", BUS, 0 },
		{ "nic0", "nic0", BUS, 0 },
		/* root-bus functions have no upstream device: 1 + 1 */
		{ "ioat0", "ioat1", THRU, 2 },
		/* rp0 vs rp1: 2 + 2; root bus vs rp0: 1 + 2 */
		{ "nic0", "xl0", THRU, 4 },
		{ "xl0", "nic1", THRU, 4 },
		{ "ioat0", "nic0", THRU, 3 },
		/* nic0 up to rp0, which has ACS but no bits set */
		{ "nic0", "rp0", BUS, 1 },
	};

	return CHECK_PAIRS("multifunction.topo", pairs);
}

bool test_model_non_whitelisted(void)
{
	static const struct pair pairs[] = {
		/* common upstream sw0, no redirect: the switch routes it */
		{ "gpu0", "gpu1", BUS, 4 },
		{ "gpu1", "gpu0", BUS, 4 },
		/* sw0d2 redirects and 8086:3e30 is not a known root complex */
		{ "gpu0", "fpga", NOT, 4 },
		{ "fpga", "gpu1", NOT, 4 },
		/* rp0 vs rp1: gpu0,sw0d0,sw0,rp0 + nvme,rp1 */
		{ "gpu0", "nvme", NOT, 6 },
		{ "nvme", "gpu1", NOT, 6 },
	};

	return CHECK_PAIRS("non-whitelisted.topo", pairs);
}

bool test_model_amd_zen(void)
{
	static const struct pair pairs[] = {
		/* rp0 vs rp1 below hb0: AMD family 0x19 routes it */
		{ "gpu0", "nvme0", THRU, 4 },
		{ "nvme0", "gpu0", THRU, 4 },
		/* hb0 vs hb1: so does it between root complexes */
		{ "gpu0", "nic", THRU, 4 },
		/* the dummy host bridge functions are root-bus devices: 1 + 2, 1 + 1 */
		{ "dummy0", "gpu0", THRU, 3 },
		{ "dummy0", "dummy1", THRU, 2 },
	};

	return CHECK_PAIRS("amd-zen.topo", pairs);
}

/* The CPU rule: AMD from family 0x17 (Zen) on, nothing else. */
bool test_model_cpu_rule(void)
{
	static const struct {
		enum topo_cpu_vendor vendor;
		uint8_t family;
		enum p2p_map map;
	} cpus[] = {
		{ TOPO_CPU_AMD, 0x19, THRU },
		{ TOPO_CPU_AMD, 0x17, THRU },
		{ TOPO_CPU_AMD, 0x16, NOT },	/* pre-Zen, and 1022:14a4 is unknown */
		{ TOPO_CPU_INTEL, 0x19, NOT },
		{ TOPO_CPU_OTHER, 0x19, NOT },
	};
	struct topology t;
	struct p2p_verdict v;
	unsigned int i;

	LOAD("amd-zen.topo", &t);
	for (i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++) {
		t.cpu_vendor = cpus[i].vendor;
		t.cpu_family = cpus[i].family;
		p2p_model_decide(&t, node(&t, "gpu0"), node(&t, "nvme0"), &v);
		KT_EXPECT_EQ(v.map, cpus[i].map);
		KT_EXPECT_EQ(v.distance, 4);
		p2p_model_decide(&t, node(&t, "gpu0"), node(&t, "nic"), &v);
		KT_EXPECT_EQ(v.map, cpus[i].map);
	}
	return true;
}

/* pci_p2pdma_distance_many(): a sum, or -1 as soon as one client cannot. */
bool test_model_distance_many(void)
{
	static const struct {
		const char *file, *provider, *clients[4];
		int distance;
	} cases[] = {
		{ "gpu-nic-switch.topo", "gpu", { "nic" }, 4 },
		{ "gpu-nic-switch.topo", "gpu", { "nic", "nvme" }, 4 + 6 },
		{ "gpu-nic-switch.topo", "nvme", { "gpu", "nic", "nvme" }, 6 + 6 + 0 },
		{ "two-sockets.topo", "nvme0", { "gpu0" }, 4 },
		{ "two-sockets.topo", "nvme0", { "gpu0", "nic1" }, -1 },
		{ "two-sockets.topo", "nic1", { "nvme1", "nic1" }, 4 + 0 },
		{ "acs-redirect.topo", "gpu", { "nic", "nvme" }, 4 + 4 },
		{ "multifunction.topo", "nic0", { "nic1", "xl0", "ioat0" }, 2 + 4 + 3 },
		{ "non-whitelisted.topo", "gpu0", { "gpu1" }, 4 },
		{ "non-whitelisted.topo", "gpu0", { "gpu1", "nvme" }, -1 },
		{ "non-whitelisted.topo", "gpu0", { "fpga", "gpu1" }, -1 },
		{ "amd-zen.topo", "nic", { "gpu0", "nvme0" }, 4 + 4 },
	};
	struct topology t;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int clients[4], n, d, provider;

		LOAD(cases[i].file, &t);
		for (n = 0; n < 4 && cases[i].clients[n]; n++)
			clients[n] = node(&t, cases[i].clients[n]);
		provider = node(&t, cases[i].provider);
		d = p2p_model_distance_many(&t, provider, clients, n);
		if (d != cases[i].distance)
			KT_FAIL("%s: %s to %d clients: %d, expected %d", cases[i].file,
				cases[i].provider, n, d, cases[i].distance);
		/* no clients at all */
		KT_EXPECT_EQ(p2p_model_distance_many(&t, provider, clients, 0), -1);
	}
	return true;
}
