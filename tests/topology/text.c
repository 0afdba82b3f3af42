// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text form and topo_load(): the examples parse and print losslessly,
 * other spellings give the canonical text, and every error of the text
 * form (syntax and validation) is the one line expected.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/topology/topology_tests.h"

bool test_every_example_parses(void)
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
bool test_text_round_trip(void)
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

bool test_load_missing_file(void)
{
	struct topology t;
	char err[256];

	KT_EXPECT(topo_load("/nonexistent/x.topo", &t, err, sizeof(err)) < 0);
	KT_EXPECT(!strcmp(err, "/nonexistent/x.topo: No such file or directory"));
	return true;
}

/* A load error names the file and the line. */
bool test_load_error_names_file_and_line(void)
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
bool test_text_spellings(void)
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

bool test_text_errors(void)
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
bool test_text_limits(void)
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
