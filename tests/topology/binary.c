// SPDX-License-Identifier: GPL-2.0-only
/*
 * The binary form: the examples encode and decode losslessly, every error
 * of the binary form is the one line expected, and neither truncation nor
 * random byte changes make decode read past its input or crash.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/topology/topology_tests.h"

/* decode(encode(t)) == t, and text -> binary -> text gives the same text */
bool test_binary_round_trip(void)
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
bool test_load_binary_file(void)
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

bool test_binary_errors(void)
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
bool test_decode_every_truncation(void)
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

/*
 * Random byte changes of valid binaries never crash decode; what decodes
 * is valid, round-trips through both forms, and the model handles it.
 */
bool test_decode_random_mutations(void)
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
