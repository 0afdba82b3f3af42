// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rules of the P2P DMA reference model (oracle/p2p_model.c), one at a
 * time, on small topologies written here; every expected answer is worked
 * out by hand from docs/topology.md ("P2P decisions"), as model.c explains.
 */
#include <stdio.h>
#include <string.h>

#include "tests/topology/topology_tests.h"

/* Two endpoints under two root ports of one host bridge, identified by hbdev. */
static const char *two_root_ports(char *buf, size_t size, const char *hbdev)
{
	snprintf(buf, size,
		 "host hb0 %s window=0x1000000000+1G\n"
		 "root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
		 "endpoint a parent=rp0 at=00.0 id=15b3:1021\n"
		 "root-port rp1 host=hb0 at=02.0 id=8086:2030\n"
		 "endpoint b parent=rp1 at=00.0 id=15b3:1021\n", hbdev);
	return buf;
}

bool test_model_known_root_complexes(void)
{
	static const struct {
		const char *hbdev;
		bool same, cross;	/* routes P2P: within itself, towards another */
	} rcs[] = {
		{ "hbdev=8086:3c00", true, false },	/* Xeon E5: same host bridge only */
		{ "hbdev=8086:3c01", true, false },
		{ "hbdev=8086:2f00", true, false },	/* Xeon E5 v3 */
		{ "hbdev=8086:2f01", true, false },
		{ "hbdev=8086:2020", true, true },	/* Skylake-E */
		{ "hbdev=8086:2033", true, true },
		{ "hbdev=8086:09a2", true, true },
		{ "hbdev=8086:0b25", true, true },	/* DSA SPR0 */
		{ "hbdev=8086:0cfe", true, true },
		{ "hbdev=8086:11fb", true, true },
		{ "hbdev=8086:1212", true, true },
		{ "hbdev=8086:1216", true, true },
		{ "hbdev=8086:4940", true, true },	/* QAT */
		{ "hbdev=8086:4948", true, true },
		{ "hbdev=8086:4941", false, false },
		{ "hbdev=8086:3e30", false, false },	/* Coffee Lake: unknown */
		{ "hbdev=1ae0:0000", true, true },	/* Google: any device */
		{ "hbdev=1ae0:fffe", true, true },
		{ "hbdev=10de:2f95", true, true },	/* NVIDIA Grace */
		{ "hbdev=10de:2f98", true, true },
		{ "hbdev=10de:2f99", false, false },
		{ "hbdev=1022:1480", false, false },	/* AMD, but no AMD CPU line */
		/* no host bridge function: the first root port, 8086:2030, decides */
		{ "", true, true },
	};
	char text[512];
	struct topology t;
	struct p2p_verdict v;
	unsigned int i;

	for (i = 0; i < sizeof(rcs) / sizeof(rcs[0]); i++) {
		PARSE(two_root_ports(text, sizeof(text), rcs[i].hbdev), &t);
		KT_EXPECT_EQ(p2p_model_host_routes_p2p(&t, 0, true), rcs[i].same);
		KT_EXPECT_EQ(p2p_model_host_routes_p2p(&t, 0, false), rcs[i].cross);
		/* a and b: no common upstream device, 2 + 2, below the same host bridge */
		p2p_model_decide(&t, node(&t, "a"), node(&t, "b"), &v);
		if (v.map != (rcs[i].same ? THRU : NOT) || v.distance != 4)
			KT_FAIL("%s: %s %d (%s)", rcs[i].hbdev, p2p_map_name(v.map), v.distance, v.why);
	}
	KT_EXPECT(!p2p_model_host_routes_p2p(&t, 1, true));	/* no such host bridge */
	KT_EXPECT(!p2p_model_host_routes_p2p(&t, -1, true));
	return true;
}

/*
 * Without a host bridge function, the root-bus device with the lowest
 * (slot, fn) identifies the root complex, and only if it is a root port.
 */
bool test_model_host_bridge_identity(void)
{
	static const struct {
		const char *what, *text;
		enum p2p_map map;
	} cases[] = {
		{ "a DSA before the root ports: unidentified",
		  "host hb0 window=0x1000000000+1G\n"
		  "rc-endpoint dsa host=hb0 at=01.0 id=8086:0b25\n"
		  "root-port rp0 host=hb0 at=02.0 id=8086:2030\n"
		  "endpoint a parent=rp0 at=00.0 id=15b3:1021\n"
		  "root-port rp1 host=hb0 at=03.0 id=8086:2030\n"
		  "endpoint b parent=rp1 at=00.0 id=15b3:1021\n", NOT },
		{ "the lowest slot wins, not the first line",
		  "host hb0 window=0x1000000000+1G\n"
		  "rc-endpoint dsa host=hb0 at=04.0 id=8086:0b25\n"
		  "root-port rp1 host=hb0 at=03.0 id=8086:3e30\n"
		  "endpoint b parent=rp1 at=00.0 id=15b3:1021\n"
		  "root-port rp0 host=hb0 at=02.0 id=8086:2030\n"
		  "endpoint a parent=rp0 at=00.0 id=15b3:1021\n", THRU },
		{ "an unknown first root port",
		  "host hb0 window=0x1000000000+1G\n"
		  "root-port rp0 host=hb0 at=02.0 id=8086:3e30\n"
		  "endpoint a parent=rp0 at=00.0 id=15b3:1021\n"
		  "root-port rp1 host=hb0 at=03.0 id=8086:2030\n"
		  "endpoint b parent=rp1 at=00.0 id=15b3:1021\n", NOT },
	};
	struct topology t;
	struct p2p_verdict v;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		PARSE(cases[i].text, &t);
		p2p_model_decide(&t, node(&t, "a"), node(&t, "b"), &v);
		if (v.map != cases[i].map || v.distance != 4)
			KT_FAIL("%s: %s %d (%s)", cases[i].what, p2p_map_name(v.map), v.distance,
				v.why);
	}
	/* a host bridge with nothing on it identifies nothing */
	PARSE("host hb0\n", &t);
	KT_EXPECT(!p2p_model_host_routes_p2p(&t, 0, true));
	return true;
}

/* Across two host bridges: both known, neither restricted to itself. */
bool test_model_across_host_bridges(void)
{
	static const struct {
		const char *hb0, *hb1;
		enum p2p_map map;
	} cases[] = {
		{ "8086:2020", "8086:09a2", THRU },
		{ "8086:2020", "1ae0:0001", THRU },
		{ "8086:2f00", "8086:2020", NOT },	/* hb0 only within itself */
		{ "8086:2020", "8086:2f00", NOT },	/* hb1 only within itself */
		{ "8086:3c00", "8086:3c00", NOT },
		{ "8086:2020", "8086:3e30", NOT },	/* hb1 unknown */
	};
	struct topology t;
	struct p2p_verdict v;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];

		snprintf(text, sizeof(text),
			 "host hb0 hbdev=%s window=0x1000000000+1G\n"
			 "host hb1 bus=0x80 hbdev=%s window=0x1100000000+1G\n"
			 "root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
			 "endpoint a parent=rp0 at=00.0 id=15b3:1021\n"
			 "rc-endpoint b host=hb1 at=01.0 id=8086:0b25\n", cases[i].hb0, cases[i].hb1);
		PARSE(text, &t);
		/* a,rp0 + b (on hb1's root bus) */
		p2p_model_decide(&t, node(&t, "a"), node(&t, "b"), &v);
		if (v.map != cases[i].map || v.distance != 3)
			KT_FAIL("%s to %s: %s %d (%s)", cases[i].hb0, cases[i].hb1,
				p2p_map_name(v.map), v.distance, v.why);
	}
	return true;
}

/* Which ACS bits redirect (RR, CR, EC), and where on the path they count. */
bool test_model_acs_bits(void)
{
	static const struct {
		const char *up_acs, *dn_acs, *ep_acs;
		enum p2p_map map;
	} cases[] = {
		{ "", "", "", BUS },
		{ "", "acs=sv,tb,uf,dt", "acs=cap", BUS },	/* no redirect bit */
		{ "", "acs=rr", "", THRU },
		{ "", "acs=cr", "", THRU },
		{ "", "acs=ec", "", THRU },			/* egress control alone */
		{ "", "", "acs=rr,cr", THRU },			/* on the endpoint */
		{ "acs=rr", "", "", THRU },			/* on the common upstream device */
		{ "acs=sv,uf", "acs=sv,uf", "acs=sv,uf", BUS },
	};
	struct topology t;
	struct p2p_verdict v;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[1024];

		snprintf(text, sizeof(text),
			 "host hb0 hbdev=8086:2020 window=0x1000000000+1G\n"
			 "root-port rp0 host=hb0 at=01.0 id=8086:2030 acs=sv,rr,cr,uf\n"
			 "switch-up up parent=rp0 at=00.0 id=10b5:8796 %s\n"
			 "switch-down dn0 parent=up at=00.0 id=10b5:8796\n"
			 "switch-down dn1 parent=up at=01.0 id=10b5:8796 %s\n"
			 "endpoint a parent=dn0 at=00.0 id=15b3:1021\n"
			 "endpoint b parent=dn1 at=00.0 id=15b3:1021 %s\n",
			 cases[i].up_acs, cases[i].dn_acs, cases[i].ep_acs);
		PARSE(text, &t);
		/* common upstream up: a,dn0 + b,dn1 */
		p2p_model_decide(&t, node(&t, "a"), node(&t, "b"), &v);
		if (v.map != cases[i].map || v.distance != 4)
			KT_FAIL("up '%s' dn1 '%s' b '%s': %s %d (%s)", cases[i].up_acs,
				cases[i].dn_acs, cases[i].ep_acs, p2p_map_name(v.map), v.distance,
				v.why);
		/* b to itself: its own BAR, bus addresses whatever its ACS */
		p2p_model_decide(&t, node(&t, "b"), node(&t, "b"), &v);
		KT_EXPECT_EQ(v.map, BUS);
		KT_EXPECT_EQ(v.distance, 0);
	}
	return true;
}

/* Indices that are no node: no answer but NOT_SUPPORTED. */
bool test_model_bad_indices(void)
{
	struct topology t;
	struct p2p_verdict v;
	int clients[] = { 0, 99 };

	LOAD("gpu-nic-switch.topo", &t);
	p2p_model_decide(&t, -1, 0, &v);
	KT_EXPECT_EQ(v.map, NOT);
	KT_EXPECT_EQ(v.distance, -1);
	p2p_model_decide(&t, 0, t.nr_nodes, &v);
	KT_EXPECT_EQ(v.map, NOT);
	KT_EXPECT(one_line(v.why));
	KT_EXPECT_EQ(p2p_model_distance_many(&t, 0, clients, 2), -1);
	KT_EXPECT_EQ(p2p_model_distance_many(&t, 0, NULL, 1), -1);
	return true;
}

/* The reason names the rule and the devices that decided. */
bool test_model_why(void)
{
	static const struct {
		const char *file, *provider, *client, *why;
	} cases[] = {
		{ "acs-redirect.topo", "gpu", "nvme",
		  "common upstream sw0, ACS redirect at sw0d1 on the path; host bridge hb0 (8086:2020) routes P2P" },
		{ "acs-redirect.topo", "gpu", "nic",
		  "common upstream sw0, no ACS redirect on the path: bus addresses" },
		{ "nvme-rootport-gpu.topo", "nvme", "gpu",
		  "no common upstream device (rp0, rp1 on the root bus); host bridge hb0 (root port rp0, 8086:2030) routes P2P" },
		{ "two-sockets.topo", "nvme0", "nic1",
		  "no common upstream device (s0rp2, s1rp2 on the root bus); host bridges hb0 (8086:2f00) and hb1 (8086:2f00): P2P only within one host bridge" },
		{ "non-whitelisted.topo", "gpu0", "fpga",
		  "common upstream sw0, ACS redirect at sw0d2 on the path; host bridge hb0 (8086:3e30) is not known to route P2P" },
		{ "amd-zen.topo", "gpu0", "nic",
		  "no common upstream device (rp0, rp2 on the root bus); AMD family 0x17 CPU routes P2P" },
		{ "multifunction.topo", "nic1", "nic1",
		  "same function nic1: its own BAR, bus addresses" },
		{ "multifunction.topo", "xl0", "xl0",
		  "same function xl0: its own BAR, bus addresses" },
	};
	struct topology t;
	struct p2p_verdict v;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		LOAD(cases[i].file, &t);
		p2p_model_decide(&t, node(&t, cases[i].provider), node(&t, cases[i].client), &v);
		if (strcmp(v.why, cases[i].why))
			KT_FAIL("%s -> %s: '%s'", cases[i].provider, cases[i].client, v.why);
	}
	return true;
}
