// SPDX-License-Identifier: GPL-2.0-only
/*
 * What follows from a topology: bus numbers and BDFs, numbered by hand as
 * the kernel enumerates, and the bus addresses of the host bridge windows.
 */
#include <string.h>

#include "tests/topology/topology_tests.h"

/*
 * gpu-nic-switch.topo, numbered by hand: root bus 00; rp0 (01.0) takes 01,
 * the switch below it 02, its ports 08.0 and 09.0 take 03 and 04 before
 * rp1 (02.0), the next root-bus bridge, takes 05.
 */
bool test_bus_numbers_by_hand(void)
{
	static const struct {
		const char *name;
		int bus, secondary;
		const char *bdf;
	} want[] = {
		{ "rp0",   0x00, 0x01, "0000:00:01.0" },
		{ "sw0",   0x01, 0x02, "0000:01:00.0" },
		{ "sw0d0", 0x02, 0x03, "0000:02:08.0" },
		{ "sw0d1", 0x02, 0x04, "0000:02:09.0" },
		{ "gpu",   0x03, -1,   "0000:03:00.0" },
		{ "nic",   0x04, -1,   "0000:04:00.0" },
		{ "rp1",   0x00, 0x05, "0000:00:02.0" },
		{ "nvme",  0x05, -1,   "0000:05:00.0" },
	};
	int bus_of[TOPO_MAX_NODES], sec[TOPO_MAX_NODES];
	struct topology t;
	unsigned int i;

	LOAD("gpu-nic-switch.topo", &t);
	KT_EXPECT_EQ(t.nr_nodes, sizeof(want) / sizeof(want[0]));
	topo_bus_numbers(&t, bus_of, sec);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int n = node(&t, want[i].name);
		char bdf[16];

		KT_EXPECT(n >= 0);
		topo_bdf(&t, n, bdf);
		if (bus_of[n] != want[i].bus || sec[n] != want[i].secondary ||
		    strcmp(bdf, want[i].bdf))
			KT_FAIL("%s: bus %#x secondary %d %s, expected %#x %d %s", want[i].name,
				bus_of[n], sec[n], bdf, want[i].bus, want[i].secondary,
				want[i].bdf);
	}
	for (i = t.nr_nodes; i < TOPO_MAX_NODES; i++)
		KT_EXPECT_EQ(bus_of[i], -1);
	return true;
}

/*
 * Enumeration follows (slot, fn), not the order of the lines, and each
 * host bridge numbers from its own root bus (two-sockets.topo).
 */
bool test_bus_numbers_slot_order_and_second_host(void)
{
	static const char text[] =
		"host hb0 segment=0x0002 bus=0x10 window=0x1000000000+1G\n"
		"root-port late host=hb0 at=1c.0 id=8086:2030\n"
		"root-port early host=hb0 at=01.0 id=8086:2030\n"
		"switch-up up parent=late at=00.0 id=10b5:8796\n"
		"switch-down dn2 parent=up at=02.0 id=10b5:8796\n"
		"switch-down dn1 parent=up at=01.0 id=10b5:8796\n"
		"endpoint ep parent=dn2 at=00.0 id=15b3:1021\n";
	static const struct {
		const char *file, *name;
		int secondary;
		const char *bdf;
	} want[] = {
		/* bus 10: early (01.0) takes 11, late (1c.0) 12; up 13; dn1 14, dn2 15 */
		{ NULL, "early", 0x11, "0002:10:01.0" },
		{ NULL, "late", 0x12, "0002:10:1c.0" },
		{ NULL, "up", 0x13, "0002:12:00.0" },
		{ NULL, "dn1", 0x14, "0002:13:01.0" },
		{ NULL, "dn2", 0x15, "0002:13:02.0" },
		{ NULL, "ep", -1, "0002:15:00.0" },
		/* hb1's root bus is 80 */
		{ "two-sockets.topo", "s1rp2", 0x81, "0000:80:02.0" },
		{ "two-sockets.topo", "s1rp3", 0x82, "0000:80:03.0" },
		{ "two-sockets.topo", "nvme1", -1, "0000:82:00.0" },
	};
	int bus_of[TOPO_MAX_NODES], sec[TOPO_MAX_NODES];
	struct topology t;
	unsigned int i;
	char bdf[16];

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int n;

		if (want[i].file)
			LOAD(want[i].file, &t);
		else
			PARSE(text, &t);
		n = node(&t, want[i].name);
		KT_EXPECT(n >= 0);
		topo_bus_numbers(&t, bus_of, sec);
		topo_bdf(&t, n, bdf);
		if (sec[n] != want[i].secondary || strcmp(bdf, want[i].bdf))
			KT_FAIL("%s: secondary %d %s, expected %d %s", want[i].name, sec[n], bdf,
				want[i].secondary, want[i].bdf);
	}
	topo_bdf(&t, -1, bdf);
	KT_EXPECT(!strcmp(bdf, "?"));
	return true;
}

bool test_cpu_to_bus(void)
{
	struct topology t;
	uint64_t bus;
	int gpu;

	LOAD("gpu-nic-switch.topo", &t);
	gpu = node(&t, "gpu");
	/* 32-bit window 0x13c0000000+1G@0xc0000000 */
	KT_EXPECT(topo_cpu_to_bus(&t, gpu, 0x13c0000000ULL, &bus));
	KT_EXPECT_EQ(bus, 0xc0000000ULL);
	KT_EXPECT(topo_cpu_to_bus(&t, gpu, 0x13ffffffffULL, &bus));
	KT_EXPECT_EQ(bus, 0xffffffffULL);
	/* 64-bit window, no offset */
	KT_EXPECT(topo_cpu_to_bus(&t, gpu, 0x1000001000ULL, &bus));
	KT_EXPECT_EQ(bus, 0x1000001000ULL);
	/* between the windows, and below them */
	KT_EXPECT(!topo_cpu_to_bus(&t, gpu, 0x1200000000ULL, &bus));
	KT_EXPECT(!topo_cpu_to_bus(&t, gpu, 0x1000ULL, &bus));
	KT_EXPECT(!topo_cpu_to_bus(&t, 99, 0x1000000000ULL, &bus));

	/* acs-redirect.topo: 64-bit window 0x1000000000+4G@0x8000000000 */
	LOAD("acs-redirect.topo", &t);
	KT_EXPECT(topo_cpu_to_bus(&t, node(&t, "nic"), 0x1012000000ULL, &bus));
	KT_EXPECT_EQ(bus, 0x8012000000ULL);
	return true;
}
