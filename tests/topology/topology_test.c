// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the PCI topology format (harness/topology.c) and of the P2P DMA
 * reference model (harness/p2p_model.c), on the examples in
 * corpus/topologies/ and on small topologies written here.
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
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/ktest.h"
#include "oracle/p2p_model.h"
#include "topology/topology.h"

#define NOT	P2P_MAP_NOT_SUPPORTED
#define BUS	P2P_MAP_BUS_ADDR
#define THRU	P2P_MAP_THRU_HOST_BRIDGE

static const char *const examples[] = {
	"gpu-nic-switch.topo", "nvme-rootport-gpu.topo", "two-sockets.topo",
	"acs-redirect.topo", "multifunction.topo", "non-whitelisted.topo", "amd-zen.topo",
};
#define NR_EXAMPLES	(int)(sizeof(examples) / sizeof(examples[0]))

/* ---- helpers ------------------------------------------------------------- */

/*
 * The examples: below $DMALAB_SRC if set, else below the current directory
 * (make test runs the suites from the top of the tree).
 */
static const char *corpus_dir(void)
{
	static char dir[512];
	const char *src = getenv("DMALAB_SRC");

	snprintf(dir, sizeof(dir), "%s%scorpus/topologies", src ? src : "", src ? "/" : "");
	return dir;
}

static int load_example(const char *file, struct topology *t, char *err, size_t errlen)
{
	char path[640];

	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), file);
	return topo_load(path, t, err, errlen);
}

#define LOAD(file, t)							\
	do {								\
		char __err[256];					\
		if (load_example(file, t, __err, sizeof(__err)))	\
			KT_FAIL("%s", __err);				\
	} while (0)

#define PARSE(text, t)							\
	do {								\
		char __err[256];					\
		if (topo_parse_text(text, strlen(text), t, __err, sizeof(__err))) \
			KT_FAIL("%s", __err);				\
	} while (0)

/* the canonical text of t, malloc()ed */
static char *print_text(const struct topology *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (topo_print_text(t, f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

static int node(const struct topology *t, const char *name)
{
	int i = topo_find_node(t, name);

	if (i < 0)
		kt_report(__FILE__, __LINE__, "no node %s", name);
	return i;
}

static bool one_line(const char *s)
{
	return s[0] && !strchr(s, '\n');
}

/* ---- the examples parse, print and encode losslessly --------------------- */

static bool test_every_example_parses(void)
{
	struct topology t;
	struct dirent *d;
	int found = 0, named = 0, i;
	DIR *dir = opendir(corpus_dir());

	if (!dir)
		KT_FAIL("cannot open %s: run from the top of the tree or set DMALAB_SRC",
			corpus_dir());
	while ((d = readdir(dir))) {
		size_t len = strlen(d->d_name);
		char err[256];

		if (len < 5 || strcmp(d->d_name + len - 5, ".topo"))
			continue;
		found++;
		if (load_example(d->d_name, &t, err, sizeof(err))) {
			closedir(dir);
			KT_FAIL("%s", err);
		}
		for (i = 0; i < NR_EXAMPLES; i++)
			named += !strcmp(d->d_name, examples[i]);
	}
	closedir(dir);
	KT_EXPECT_EQ(named, NR_EXAMPLES);
	KT_EXPECT_GE(found, NR_EXAMPLES);
	return true;
}

/* parse(print(t)) == t, byte for byte, and print is a fixed point */
static bool test_text_round_trip(void)
{
	struct topology t, u;
	int i;

	for (i = 0; i < NR_EXAMPLES; i++) {
		char *text, *again;
		bool same;

		LOAD(examples[i], &t);
		text = print_text(&t);
		KT_EXPECT_NOT_NULL(text);
		PARSE(text, &u);
		again = print_text(&u);
		same = again && !strcmp(text, again);
		free(text);
		free(again);
		if (memcmp(&t, &u, sizeof(t)) || !same)
			KT_FAIL("%s: the printed text does not parse back to the same topology",
				examples[i]);
	}
	return true;
}

/* decode(encode(t)) == t, and text -> binary -> text gives the same text */
static bool test_binary_round_trip(void)
{
	static uint8_t buf[TOPO_BIN_MAX];
	struct topology t, u;
	char err[256];
	int i;

	for (i = 0; i < NR_EXAMPLES; i++) {
		size_t size;
		char *a, *b;
		bool same;

		LOAD(examples[i], &t);
		size = topo_encode(&t, buf, sizeof(buf));
		KT_EXPECT_GT(size, 0);
		if (topo_decode(buf, size, &u, err, sizeof(err)))
			KT_FAIL("%s: %s", examples[i], err);
		a = print_text(&t);
		b = print_text(&u);
		same = a && b && !strcmp(a, b);
		free(a);
		free(b);
		if (memcmp(&t, &u, sizeof(t)) || !same)
			KT_FAIL("%s: the binary form does not decode to the same topology",
				examples[i]);
		/* too small a buffer: nothing written, 0 */
		KT_EXPECT_EQ(topo_encode(&t, buf, size - 1), 0);
	}
	return true;
}

/* topo_load() tells the forms apart by the magic */
static bool test_load_binary_file(void)
{
	static uint8_t buf[TOPO_BIN_MAX];
	char path[] = "/tmp/dmalab-topo-XXXXXX", err[256];
	struct topology t, u;
	size_t size;
	FILE *f;
	int fd, ret;

	LOAD("two-sockets.topo", &t);
	size = topo_encode(&t, buf, sizeof(buf));
	fd = mkstemp(path);
	KT_EXPECT(fd >= 0);
	f = fdopen(fd, "wb");
	KT_EXPECT_NOT_NULL(f);
	KT_EXPECT_EQ(fwrite(buf, 1, size, f), size);
	fclose(f);
	ret = topo_load(path, &u, err, sizeof(err));
	unlink(path);
	if (ret)
		KT_FAIL("%s", err);
	KT_EXPECT(!memcmp(&t, &u, sizeof(t)));
	return true;
}

static bool test_load_missing_file(void)
{
	struct topology t;
	char err[256];

	KT_EXPECT(topo_load("/nonexistent/x.topo", &t, err, sizeof(err)) < 0);
	KT_EXPECT(!strcmp(err, "/nonexistent/x.topo: No such file or directory"));
	return true;
}

/* A load error names the file and the line. */
static bool test_load_error_names_file_and_line(void)
{
	static const char text[] = "cpu intel\n\nhost hb0 bus=0x100\n";
	char path[] = "/tmp/dmalab-topo-XXXXXX", err[256], want[320];
	struct topology t;
	int fd = mkstemp(path), ret;

	KT_EXPECT(fd >= 0);
	KT_EXPECT_EQ(write(fd, text, sizeof(text) - 1), sizeof(text) - 1);
	close(fd);
	ret = topo_load(path, &t, err, sizeof(err));
	unlink(path);
	KT_EXPECT(ret < 0);
	snprintf(want, sizeof(want), "%s: line 3: bus=0x100: expected a number up to 0xff", path);
	if (strcmp(err, want))
		KT_FAIL("got '%s'", err);
	return true;
}

/* Other spellings of the same topology: numbers, suffixes, defaults, comments. */
static bool test_text_spellings(void)
{
	static const char canonical[] =
		"cpu intel family=0x6\n"
		"host hb0 segment=0x0000 bus=0x00 window=0x1000000000+0x40000000\n"
		"root-port rp0 host=hb0 at=01.0 id=8086:2030 acs=rr,cr\n"
		"endpoint ep parent=rp0 at=00.0 id=15b3:1021 bar0=0x1000000000+0x2000000,mem64,pref,p2p=0x1000000\n";
	static const char other[] =
		"# a comment line, then a blank one\n"
		"\n"
		"host hb0 window=68719476736+1G@0x1000000000   # decimal, suffix, explicit @\r\n"
		"\tcpu   intel family=6\n"
		"root-port rp0 at=01.0 host=hb0 id=8086:2030 acs=cr,rr\n"
		"endpoint ep parent=rp0 id=15B3:1021 at=00.0 coherent iommu=dma dma-bits=64 "
		"bar0=64G+32M,pref,mem32,mem64,p2p=16M\n";
	struct topology a, b;
	char *text;

	PARSE(canonical, &a);
	PARSE(other, &b);
	KT_EXPECT(!memcmp(&a, &b, sizeof(a)));
	text = print_text(&b);
	KT_EXPECT_NOT_NULL(text);
	if (strcmp(text, canonical)) {
		kt_report(__FILE__, __LINE__, "printed:\n%s", text);
		free(text);
		return false;
	}
	free(text);
	return true;
}

/* ---- bus numbers, names, addresses ---------------------------------------- */

/*
 * gpu-nic-switch.topo, numbered by hand: root bus 00; rp0 (01.0) takes 01,
 * the switch below it 02, its ports 08.0 and 09.0 take 03 and 04 before
 * rp1 (02.0), the next root-bus bridge, takes 05.
 */
static bool test_bus_numbers_by_hand(void)
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
static bool test_bus_numbers_slot_order_and_second_host(void)
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

static bool test_cpu_to_bus(void)
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

/* ---- errors in the text form ---------------------------------------------- */

/* lines 1-5 of every bad snippet below; the bad part starts on line 6 */
#define BASE								\
	"cpu intel family=0x6\n"					\
	"host hb0 hbdev=8086:2020 window=0x1000000000+1G window=0x13f0000000+256M@0xf0000000\n" \
	"root-port rp0 host=hb0 at=01.0 id=8086:2030\n"			\
	"switch-up sw0 parent=rp0 at=00.0 id=10b5:8796\n"		\
	"switch-down sw0d0 parent=sw0 at=08.0 id=10b5:8796\n"
#define EP	"endpoint ep parent=sw0d0 at=00.0 id=15b3:1021"

static const struct bad_text {
	const char *what, *text, *err;
} bad_texts[] = {
	/* syntax */
	{ "unknown line kind", BASE "endpont ep parent=sw0d0 at=00.0 id=15b3:1021\n",
	  "line 6: unknown line kind 'endpont' (cpu, host, root-port, switch-up, switch-down, endpoint, rc-endpoint)" },
	{ "unknown key", BASE EP " colour=red\n",
	  "line 6: unknown key 'colour' for an endpoint" },
	{ "host key on a node", BASE EP " segment=1\n",
	  "line 6: unknown key 'segment' for an endpoint" },
	{ "endpoint key on a port", BASE "switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796 iommu=dma\n",
	  "line 6: iommu applies to endpoints, not to a switch-down" },
	{ "host= below a port", BASE "endpoint ep host=hb0 at=00.0 id=15b3:1021\n",
	  "line 6: an endpoint sits below a port: parent=, not host=" },
	{ "parent= on the root bus", BASE "root-port rp1 parent=rp0 at=02.0 id=8086:2030\n",
	  "line 6: a root-port sits on a host bridge's root bus: host=, not parent=" },
	{ "key given twice", BASE EP " at=00.0\n", "line 6: at given twice" },
	{ "flag with a value", BASE EP " untrusted=1\n", "line 6: untrusted takes no value" },
	{ "key without a value", BASE EP " iommu\n", "line 6: iommu needs a value (iommu=...)" },
	{ "coherent and noncoherent", BASE EP " coherent noncoherent\n",
	  "line 6: both coherent and noncoherent" },
	{ "missing at=", BASE "endpoint ep parent=sw0d0 id=15b3:1021\n",
	  "line 6: missing at=: expected the device and function, SS.F (e.g. at=01.0)" },
	{ "bad at=", BASE "endpoint ep parent=sw0d0 at=0.0 id=15b3:1021\n",
	  "line 6: bad at=: expected the device and function, SS.F (e.g. at=01.0)" },
	{ "missing id=", BASE "endpoint ep parent=sw0d0 at=00.0\n",
	  "line 6: missing id=: expected VVVV:DDDD" },
	{ "bad id=", BASE "endpoint ep parent=sw0d0 at=00.0 id=15b3:10210\n",
	  "line 6: bad id=: expected VVVV:DDDD" },
	{ "missing parent=", BASE "endpoint ep at=00.0 id=15b3:1021\n",
	  "line 6: missing parent= (the port above an endpoint)" },
	{ "bad number", BASE "host hb1 bus=0x80 window=0x1100000000+1X\n",
	  "line 6: window=: expected CPU+SIZE[@BUS]" },
	{ "number too large", BASE "host hb1 segment=0x10000\n",
	  "line 6: segment=0x10000: expected a number up to 0xffff" },
	{ "number overflows", BASE "host hb1 window=0x1100000000+16777216T\n",
	  "line 6: window=: expected CPU+SIZE[@BUS]" },
	{ "bad BAR", BASE EP " bar0=0x1000000000\n",
	  "line 6: bar0=: expected START+SIZE[,mem64][,pref][,p2p[=OFFSET[+SIZE]]]" },
	{ "bad BAR flag", BASE EP " bar0=0x1000000000+16M,prefetch\n",
	  "line 6: bar0=: unknown flag 'prefetch' (mem32, mem64, pref, p2p[=OFFSET[+SIZE]])" },
	{ "BAR of size 0", BASE EP " bar0=0x1000000000+0\n",
	  "line 6: bar0=: size 0 (leave the BAR out instead)" },
	{ "bad ACS bit", BASE EP " acs=sv,xx\n",
	  "line 6: acs=: unknown bit 'xx' (sv, tb, rr, cr, uf, ec, dt; or cap alone)" },
	{ "bad iommu", BASE EP " iommu=strict\n",
	  "line 6: iommu=strict: expected dma, dma-fq, identity or none" },
	{ "second cpu line", BASE "cpu amd family=0x19\n",
	  "line 6: a second cpu line (the first is line 1)" },
	{ "unknown CPU vendor", "cpu arm\n", "line 1: unknown CPU vendor 'arm' (intel, amd or other)" },
	{ "NUL byte", BASE "endpoint\0 ep\n", "line 6: a NUL byte" },

	/* names */
	{ "duplicate name", BASE "endpoint sw0 parent=sw0d0 at=00.0 id=15b3:1021\n",
	  "line 6: name sw0 is already used on line 4" },
	{ "node named like a host bridge", BASE "endpoint hb0 parent=sw0d0 at=00.0 id=15b3:1021\n",
	  "line 6: name hb0 is already used on line 2" },
	{ "name too long", BASE "endpoint a23456789abcdef0 parent=sw0d0 at=00.0 id=15b3:1021\n",
	  "line 6: name 'a23456789abcdef0' is longer than 15 characters" },
	{ "bad name", BASE "endpoint ep.0 parent=sw0d0 at=00.0 id=15b3:1021\n",
	  "line 6: name 'ep.0' is not 1..15 characters of A-Z a-z 0-9 _ -" },

	/* the tree */
	{ "parent not declared", BASE "endpoint ep parent=sw9 at=00.0 id=15b3:1021\n",
	  "line 6: parent=sw9: no node of that name above" },
	{ "parent declared below", BASE "endpoint ep parent=sw0d1 at=00.0 id=15b3:1021\n"
	  "switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796\n",
	  "line 6: parent=sw0d1: no node of that name above" },
	{ "host bridge not declared", BASE "root-port rp1 host=hb1 at=02.0 id=8086:2030\n",
	  "line 6: host=hb1: no host bridge of that name above" },
	{ "endpoint below a switch-up", BASE "endpoint ep parent=sw0 at=00.0 id=15b3:1021\n",
	  "line 6: parent sw0 is a switch-up: an endpoint sits below a root-port or switch-down" },
	{ "switch-down below a root port", BASE "switch-down dn parent=rp0 at=00.0 id=10b5:8796\n",
	  "line 6: parent rp0 is a root-port: a switch-down sits below a switch-up" },
	{ "switch-up below an endpoint", BASE EP "\nswitch-up up parent=ep at=00.0 id=10b5:8796\n",
	  "line 7: parent ep is an endpoint: a switch-up sits below a root-port or switch-down" },
	{ "device number above 31", BASE "root-port rp1 host=hb0 at=20.0 id=8086:2030\n",
	  "line 6: device number 0x20 is above 0x1f" },
	{ "function number above 7", BASE "root-port rp1 host=hb0 at=02.8 id=8086:2030\n",
	  "line 6: function number 8 is above 7" },
	{ "device 1 below a PCIe port", BASE "endpoint ep parent=sw0d0 at=01.0 id=15b3:1021\n",
	  "line 6: at=01.0: below the switch-down sw0d0 (a PCIe link) only device 0 exists" },
	{ "same slot.fn twice", BASE EP "\nendpoint ep2 parent=sw0d0 at=00.0 id=15b3:1021\n",
	  "line 7: at=00.0 is already taken by ep on this bus" },
	{ "00.0 of the host bridge", BASE "rc-endpoint dsa host=hb0 at=00.0 id=8086:0b25\n",
	  "line 6: at=00.0 is the host bridge function of hb0 (hbdev=)" },
	{ "function 1 without function 0", BASE "rc-endpoint dsa host=hb0 at=02.1 id=8086:0b25\n",
	  "line 6: at=02.1: device 02 has no function 0" },
	{ "buses of two host bridges overlap", BASE "host hb1 bus=0x03\n",
	  "line 6: buses 0x03-0x03 overlap buses 0x00-0x03 of hb0 on segment 0x0000" },
	{ "bus numbers past 0xff", "host hb0 bus=0xfe\n"
	  "root-port rp0 host=hb0 at=01.0 id=8086:2030\n"
	  "root-port rp1 host=hb0 at=02.0 id=8086:2030\n",
	  "line 3: its secondary bus would be 0x100: too many bridges below hb0" },

	/* windows */
	{ "window outside the MMIO space", "host hb0 window=0x800000000+1G\n",
	  "line 1: window [mem 0x800000000-0x83fffffff] is outside the MMIO space [mem 0x1000000000-0x13ffffffff]" },
	{ "window past the MMIO space", "host hb0 window=0x13f0000000+512M\n",
	  "line 1: window [mem 0x13f0000000-0x140fffffff] is outside the MMIO space [mem 0x1000000000-0x13ffffffff]" },
	{ "window not page aligned", "host hb0 window=0x1000000000+0x1800\n",
	  "line 1: window [mem 0x1000000000-0x10000017ff] is not 4 KiB aligned" },
	{ "windows of two host bridges overlap", BASE "host hb1 bus=0x80 window=0x1030000000+1G\n",
	  "line 6: window [mem 0x1030000000-0x106fffffff] overlaps window [mem 0x1000000000-0x103fffffff] of hb0" },
	{ "bus addresses of two windows overlap",
	  "host hb0 window=0x1000000000+1G@0x80000000 window=0x1100000000+1G@0xa0000000\n",
	  "line 1: window [mem 0x1100000000-0x113fffffff]: bus addresses 0xa0000000-0xdfffffff overlap those of window [mem 0x1000000000-0x103fffffff]" },
	{ "too many windows", "host hb0 window=64G+1G window=65G+1G window=66G+1G window=67G+1G window=68G+1G\n",
	  "line 1: more than 4 windows" },

	/* BARs */
	{ "BAR size not a power of two", BASE EP " bar0=0x1000000000+0x3000,mem64\n",
	  "line 6: bar0: size 0x3000 is not a power of two of at least 4 KiB" },
	{ "BAR below 4 KiB", BASE EP " bar0=0x1000000000+2K,mem64\n",
	  "line 6: bar0: size 0x800 is not a power of two of at least 4 KiB" },
	{ "BAR not aligned", BASE EP " bar2=0x1000001000+16K,mem64\n",
	  "line 6: bar2 [mem 0x1000001000-0x1000004fff] is not aligned to its size" },
	{ "BAR outside the windows", BASE EP " bar0=0x1100000000+16M,mem64\n",
	  "line 6: bar0 [mem 0x1100000000-0x1100ffffff] is outside every window of hb0 "
	  "([mem 0x1000000000-0x103fffffff], [mem 0x13f0000000-0x13ffffffff])" },
	{ "BAR across two windows", "host hb0 window=0x1000000000+16M window=0x1001000000+16M\n"
	  "rc-endpoint ep host=hb0 at=00.0 id=15b3:1021 bar0=0x1000000000+32M,mem64\n",
	  "line 2: bar0 [mem 0x1000000000-0x1001ffffff] is outside every window of hb0 "
	  "([mem 0x1000000000-0x1000ffffff], [mem 0x1001000000-0x1001ffffff])" },
	{ "BARs overlap", BASE EP " bar0=0x1000000000+32M,mem64\n"
	  "switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796\n"
	  "endpoint ep2 parent=sw0d1 at=00.0 id=15b3:1021 bar2=0x1001000000+16M,mem64\n",
	  "line 8: bar2 [mem 0x1001000000-0x1001ffffff] overlaps bar0 of ep [mem 0x1000000000-0x1001ffffff]" },
	{ "32-bit BAR above 4 GiB", BASE EP " bar0=0x1000000000+16M\n",
	  "line 6: bar0 is 32-bit but its bus addresses 0x1000000000-0x1000ffffff are above 4 GiB" },
	{ "64-bit bar5", BASE EP " bar5=0x1000000000+16M,mem64\n",
	  "line 6: bar5 is 64-bit but has no bar6 for its upper half" },
	{ "BAR in the upper half of a 64-bit one", BASE EP
	  " bar0=0x1000000000+16M,mem64 bar1=0x1001000000+16M,mem64\n",
	  "line 6: bar1 is the upper half of the 64-bit bar0" },
	{ "bar2 on a bridge", BASE "switch-down sw0d1 parent=sw0 at=09.0 id=10b5:8796 bar2=0x13f0000000+16K\n",
	  "line 6: bar2: a bridge (switch-down) has only bar0 and bar1" },
	{ "p2p past the BAR", BASE EP " bar0=0x1000000000+32M,mem64,p2p=16M+32M\n",
	  "line 6: bar0: p2p=0x1000000+0x2000000 is outside the BAR (size 0x2000000)" },
	{ "p2p offset at the end of the BAR", BASE EP " bar0=0x1000000000+32M,mem64,p2p=32M\n",
	  "line 6: bar0: p2p=0x2000000+0x0 is outside the BAR (size 0x2000000)" },
	{ "p2p not page aligned", BASE EP " bar0=0x1000000000+32M,mem64,p2p=0x800\n",
	  "line 6: bar0: p2p=0x800+0x0 is not 4 KiB aligned" },

	/* DMA */
	{ "dma-bits too small", BASE EP " dma-bits=16\n",
	  "line 6: dma-bits=16 is out of range (24..64)" },
	{ "dma-bits too large", BASE EP " dma-bits=65\n",
	  "line 6: dma-bits=65 is out of range (24..64)" },
};

static bool test_text_errors(void)
{
	struct topology t;
	unsigned int i;
	bool ok = true;

	for (i = 0; i < sizeof(bad_texts) / sizeof(bad_texts[0]); i++) {
		const struct bad_text *b = &bad_texts[i];
		/* the NUL case: the whole literal, not up to its NUL */
		size_t len = strcmp(b->what, "NUL byte") ? strlen(b->text) :
			     strlen(BASE) + sizeof("endpoint\0 ep\n") - 1;
		char err[320] = "";
		int ret = topo_parse_text(b->text, len, &t, err, sizeof(err));

		if (ret >= 0 || strcmp(err, b->err)) {
			kt_report(__FILE__, __LINE__, "%s: returned %d, '%s'\n      expected '%s'",
				  b->what, ret, err, b->err);
			ok = false;
		}
	}
	return ok;
}

/* The limits: nodes, host bridges; and a line too long. */
static bool test_text_limits(void)
{
	static char text[8192];
	struct topology t;
	char err[256];
	size_t len;
	int i;

	/* 48 root ports fit (slots 01-06, 8 functions each), the 49th does not */
	len = snprintf(text, sizeof(text), "host hb0\n");
	for (i = 0; i < TOPO_MAX_NODES; i++)
		len += snprintf(text + len, sizeof(text) - len,
				"root-port rp%d host=hb0 at=%02x.%d id=8086:2030\n",
				i, 1 + i / 8, i % 8);
	PARSE(text, &t);
	KT_EXPECT_EQ(t.nr_nodes, TOPO_MAX_NODES);
	len += snprintf(text + len, sizeof(text) - len, "root-port rpx host=hb0 at=07.0 id=8086:2030\n");
	KT_EXPECT(topo_parse_text(text, len, &t, err, sizeof(err)) < 0);
	KT_EXPECT(!strcmp(err, "line 50: more than 48 nodes"));

	len = 0;
	for (i = 0; i <= TOPO_MAX_HOSTS; i++)
		len += snprintf(text + len, sizeof(text) - len, "host hb%d segment=%d\n", i, i);
	KT_EXPECT(topo_parse_text(text, len, &t, err, sizeof(err)) < 0);
	KT_EXPECT(!strcmp(err, "line 5: more than 4 host bridges"));

	memset(text, ' ', 2000);
	memcpy(text + 2000, "\n", 2);
	KT_EXPECT(topo_parse_text(text, 2001, &t, err, sizeof(err)) < 0);
	KT_EXPECT(!strcmp(err, "line 1: longer than 1023 characters"));
	return true;
}

/* ---- errors in the binary form -------------------------------------------- */

/* gpu-nic-switch.topo: one host record, then rp0 sw0 sw0d0 sw0d1 gpu nic rp1 nvme */
#define HOST0		12
#define NODE(i)		(12 + 121 + 112 * (i))
#define N_TYPE		16
#define N_UP		17
#define N_IOMMU		26
#define N_DMA_BITS	27
#define N_BAR(b)	(28 + 14 * (b))

static const struct bad_binary {
	const char *what;
	size_t at;		/* the first byte to change */
	uint8_t value;
	const char *err;
	size_t len;		/* how many bytes (0: one) */
} bad_binaries[] = {
	{ "bad magic", 3, 'X', "byte 3: not a binary topology (no DMATOPO1 magic)" },
	{ "CPU vendor", 8, 3, "byte 8: unknown CPU vendor 3 (0 other, 1 intel, 2 amd)" },
	{ "too many host bridges", 10, 5, "byte 10: 5 host bridges, at most 4" },
	{ "too many nodes", 11, 49, "byte 11: 49 nodes, at most 48" },
	{ "more nodes than records", 11, 9, "byte 1029: truncated node record 8 of 9 (112 bytes)" },
	{ "fewer nodes than records", 11, 7, "byte 917: 112 extra bytes after the last record" },
	{ "too many windows", HOST0 + 24, 5, "byte 36: host hb0: 5 windows, at most 4" },
	{ "unterminated name", NODE(0), 'x', "byte 133: node name is not NUL-terminated", 16 },
	{ "unknown node type", NODE(1) + N_TYPE, 5, "byte 261: node sw0: unknown type 5" },
	{ "root port on a missing host bridge", NODE(0) + N_UP, 1,
	  "byte 150: node rp0: host bridge 1 does not exist" },
	{ "missing parent", NODE(4) + N_UP, 8, "byte 598: node gpu: parent 8 does not exist" },
	{ "unknown iommu mode", NODE(4) + N_IOMMU, 4, "byte 607: node gpu: unknown iommu mode 4" },
	{ "BAR of 2^64 bytes", NODE(4) + N_BAR(0) + 4, 64, "byte 613: node gpu: bar0 size 2^64" },
	/* semantic errors, found by topo_validate() */
	{ "parent cycle", NODE(1) + N_UP, 2, "node sw0: parents form a cycle: sw0 -> sw0d0 -> sw0" },
	{ "self parent", NODE(2) + N_UP, 2, "node sw0d0: parents form a cycle: sw0d0 -> sw0d0" },
	{ "parent after child", NODE(5) + N_UP, 6, "node nic: declared before its parent rp1" },
	{ "endpoint as a parent", NODE(5) + N_UP, 4,
	  "node nic: parent gpu is an endpoint: an endpoint sits below a root-port or switch-down" },
	{ "dma-bits", NODE(4) + N_DMA_BITS, 16, "node gpu: dma-bits=16 is out of range (24..64)" },
	{ "BAR size 2^11", NODE(4) + N_BAR(0) + 4, 11,
	  "node gpu: bar0: size 0x800 is not a power of two of at least 4 KiB" },
};

static bool test_binary_errors(void)
{
	static uint8_t good[TOPO_BIN_MAX], buf[TOPO_BIN_MAX + 1];
	struct topology t;
	unsigned int i;
	size_t size;
	bool ok = true;

	LOAD("gpu-nic-switch.topo", &t);
	size = topo_encode(&t, good, sizeof(good));
	KT_EXPECT_EQ(size, NODE(8));
	for (i = 0; i < sizeof(bad_binaries) / sizeof(bad_binaries[0]); i++) {
		const struct bad_binary *b = &bad_binaries[i];
		char err[320] = "";
		int ret;

		memcpy(buf, good, size);
		memset(buf + b->at, b->value, b->len ? b->len : 1);
		ret = topo_decode(buf, size, &t, err, sizeof(err));
		if (ret >= 0 || strcmp(err, b->err)) {
			kt_report(__FILE__, __LINE__, "%s: returned %d, '%s'\n      expected '%s'",
				  b->what, ret, err, b->err);
			ok = false;
		}
	}
	/* one byte too many */
	{
		char err[256] = "";

		memcpy(buf, good, size);
		buf[size] = 0;
		KT_EXPECT(topo_decode(buf, size + 1, &t, err, sizeof(err)) < 0);
		KT_EXPECT(!strcmp(err, "byte 1029: 1 extra bytes after the last record"));
	}
	return ok;
}

/* Every proper prefix of a valid binary fails, in one line that says so. */
static bool test_decode_every_truncation(void)
{
	static uint8_t buf[TOPO_BIN_MAX];
	struct topology t;
	int i;

	for (i = 0; i < NR_EXAMPLES; i++) {
		size_t size, len;

		LOAD(examples[i], &t);
		size = topo_encode(&t, buf, sizeof(buf));
		for (len = 0; len < size; len++) {
			/* a copy of exactly len bytes, so ASan sees any read past it */
			uint8_t *copy = malloc(len ? len : 1);
			char err[256] = "", want[48];
			int ret;

			memcpy(copy, buf, len);
			ret = topo_decode(copy, len, &t, err, sizeof(err));
			free(copy);
			snprintf(want, sizeof(want), "byte %zu: truncated ", len);
			if (ret >= 0 || strncmp(err, want, strlen(want)) || !one_line(err))
				KT_FAIL("%s cut at %zu: returned %d, '%s'", examples[i], len, ret, err);
		}
	}
	return true;
}

/* The model answers the same both ways round, with sane values. */
static bool model_sane(const struct topology *t)
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

/*
 * Random byte changes of valid binaries never crash decode; what decodes
 * is valid, round-trips through both forms, and the model handles it.
 */
static bool test_decode_random_mutations(void)
{
	static uint8_t good[NR_EXAMPLES][TOPO_BIN_MAX], buf[TOPO_BIN_MAX];
	size_t size[NR_EXAMPLES];
	struct topology t, u;
	int i, iter, valid = 0;
	const int iters = 4000;

	for (i = 0; i < NR_EXAMPLES; i++) {
		LOAD(examples[i], &t);
		size[i] = topo_encode(&t, good[i], sizeof(good[i]));
	}
	for (iter = 0; iter < iters; iter++) {
		int ex = kt_rand_range(0, NR_EXAMPLES - 1), flips = kt_rand_range(1, 4), f;
		char err[256] = "";
		uint8_t *copy;
		char *text;
		bool ok;

		memcpy(buf, good[ex], size[ex]);
		for (f = 0; f < flips; f++) {
			size_t at = kt_rand_range(0, size[ex] - 1);

			if (kt_rand() & 1)
				buf[at] ^= 1u << kt_rand_range(0, 7);
			else
				buf[at] = kt_rand();
		}
		copy = malloc(size[ex]);
		memcpy(copy, buf, size[ex]);
		ok = !topo_decode(copy, size[ex], &t, err, sizeof(err));
		free(copy);
		if (!ok) {
			if (!one_line(err))
				KT_FAIL("seed %llu: not one line: '%s'", (unsigned long long)kt_seed(), err);
			continue;
		}
		valid++;
		KT_EXPECT_EQ(topo_validate(&t, err, sizeof(err)), 0);
		KT_EXPECT_EQ(topo_encode(&t, buf, sizeof(buf)), size[ex]);
		KT_EXPECT_EQ(topo_decode(buf, size[ex], &u, err, sizeof(err)), 0);
		KT_EXPECT(!memcmp(&t, &u, sizeof(t)));
		text = print_text(&t);
		KT_EXPECT_NOT_NULL(text);
		ok = !topo_parse_text(text, strlen(text), &u, err, sizeof(err));
		free(text);
		if (!ok || memcmp(&t, &u, sizeof(t)))
			KT_FAIL("seed %llu: a decoded topology does not survive the text form: %s",
				(unsigned long long)kt_seed(), ok ? "differs" : err);
		if (!model_sane(&t))
			return false;
	}
	/* the binary form is made so that most small changes stay valid */
	if (valid < iters / 4)
		KT_FAIL("only %d of %d mutated binaries decoded", valid, iters);
	return true;
}

/* ---- the P2P model on the examples ---------------------------------------- */

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

static bool test_model_gpu_nic_switch(void)
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

static bool test_model_nvme_rootport_gpu(void)
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

static bool test_model_two_sockets(void)
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

static bool test_model_acs_redirect(void)
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

static bool test_model_multifunction(void)
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

static bool test_model_non_whitelisted(void)
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

static bool test_model_amd_zen(void)
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
static bool test_model_cpu_rule(void)
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
static bool test_model_distance_many(void)
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

/* ---- the P2P model's rules, one at a time ---------------------------------- */

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

static bool test_model_known_root_complexes(void)
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
static bool test_model_host_bridge_identity(void)
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
static bool test_model_across_host_bridges(void)
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
static bool test_model_acs_bits(void)
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
static bool test_model_bad_indices(void)
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
static bool test_model_why(void)
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
		  "no common upstream device (rp0, rp2 on the root bus); AMD family 0x19 CPU routes P2P" },
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

static const struct ktest tests[] = {
	KTEST(every_example_parses),
	KTEST(text_round_trip),
	KTEST(binary_round_trip),
	KTEST(load_binary_file),
	KTEST(load_missing_file),
	KTEST(load_error_names_file_and_line),
	KTEST(text_spellings),
	KTEST(bus_numbers_by_hand),
	KTEST(bus_numbers_slot_order_and_second_host),
	KTEST(cpu_to_bus),
	KTEST(text_errors),
	KTEST(text_limits),
	KTEST(binary_errors),
	KTEST(decode_every_truncation),
	KTEST(decode_random_mutations),
	KTEST(model_gpu_nic_switch),
	KTEST(model_nvme_rootport_gpu),
	KTEST(model_two_sockets),
	KTEST(model_acs_redirect),
	KTEST(model_multifunction),
	KTEST(model_non_whitelisted),
	KTEST(model_amd_zen),
	KTEST(model_cpu_rule),
	KTEST(model_distance_many),
	KTEST(model_known_root_complexes),
	KTEST(model_host_bridge_identity),
	KTEST(model_across_host_bridges),
	KTEST(model_acs_bits),
	KTEST(model_bad_indices),
	KTEST(model_why),
};

KTEST_MAIN("topology", tests)
