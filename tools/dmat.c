// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmat: convert fuzz inputs between the binary form (what the engines
 * mutate) and the text form (what people read and write).
 *
 *   dmat [--target T] FILE               print the input as text (either form in)
 *   dmat [--target T] -b FILE [-o OUT]   write the canonical binary form
 *   dmat [--target T] --roundtrip FILE   check both conversions give it back
 *
 * The form is the target's codec (a program, or for p2p a topology
 * program): --target, else the target the path names, else a program.
 * FILE may be - for standard input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"

/* the fuzz engines' kernel command line: inputs replay on the same kernel */
const char *const dmalab_program_cmdline = DMALAB_FUZZ_CMDLINE;

#define BIN_CAP	(FUZZ_INPUT_MAX)

static const struct codec *codec = &prog_codec;
static struct fuzz_input in, in2;

static bool load(const char *path, struct fuzz_input *i)
{
	char err[300];

	if (codec_load(codec, path, i, err, sizeof(err)))
		return true;
	fprintf(stderr, "dmat: %s\n", err);
	return false;
}

static int roundtrip(const char *path)
{
	uint8_t *b1 = malloc(BIN_CAP), *b2 = malloc(BIN_CAP);
	char *t1 = NULL, *t2 = NULL, err[256];
	size_t n1, n2, l1 = 0, l2 = 0;
	FILE *f;

	if (!b1 || !b2 || !load(path, &in))
		return 1;
	n1 = codec->encode(&in, b1, BIN_CAP);
	f = open_memstream(&t1, &l1);
	codec->print(&in, f);
	fclose(f);
	if (!codec->parse(&in2, t1, err, sizeof(err))) {
		fprintf(stderr, "dmat: %s: the printed text does not parse: %s\n", path, err);
		return 1;
	}
	n2 = codec->encode(&in2, b2, BIN_CAP);
	if (!n1 || n1 != n2 || memcmp(b1, b2, n1)) {
		fprintf(stderr, "dmat: %s: binary -> text -> binary changed the input\n", path);
		return 1;
	}
	if (!codec->decode(&in2, b1, n1, err, sizeof(err))) {
		fprintf(stderr, "dmat: %s: its own binary form does not decode: %s\n", path, err);
		return 1;
	}
	f = open_memstream(&t2, &l2);
	codec->print(&in2, f);
	fclose(f);
	if (l1 != l2 || memcmp(t1, t2, l1)) {
		fprintf(stderr, "dmat: %s: text -> binary -> text changed the input\n", path);
		return 1;
	}
	printf("%s: round trip ok (%u ops, %zu bytes)\n", path, in.prog.nops, n1);
	free(t1);
	free(t2);
	free(b1);
	free(b2);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dmat [--target T] FILE | dmat [--target T] -b FILE [-o OUT] | "
		"dmat [--target T] --roundtrip FILE\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "binary", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "roundtrip", no_argument, NULL, 'r' },
		{ "target", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const struct target *t = NULL;
	const char *out = NULL;
	bool binary = false, rt = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "bo:t:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			binary = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 'r':
			rt = true;
			break;
		case 't':
			t = target_find(optarg);
			if (!t) {
				fprintf(stderr, "dmat: no target '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (!t)
		t = target_from_path(argv[optind]);
	if (t)
		codec = t->codec;
	if (rt)
		return roundtrip(argv[optind]);
	if (!load(argv[optind], &in))
		return 1;
	if (binary) {
		size_t cap = BIN_CAP, n;
		uint8_t *buf = malloc(cap);
		FILE *f = out ? fopen(out, "wb") : stdout;

		if (!buf || !f) {
			fprintf(stderr, "dmat: cannot write %s\n", out ? out : "stdout");
			return 1;
		}
		if (!out && isatty(1)) {
			fprintf(stderr, "dmat: not writing binary to a terminal; use -o FILE\n");
			return 2;
		}
		n = codec->encode(&in, buf, cap);
		if (!n) {
			fprintf(stderr, "dmat: %s: cannot be encoded\n", argv[optind]);
			return 1;
		}
		if (fwrite(buf, 1, n, f) != n || (out && fclose(f))) {
			fprintf(stderr, "dmat: cannot write %s\n", out ? out : "stdout");
			return 1;
		}
		free(buf);
		return 0;
	}
	codec->print(&in, stdout);
	return 0;
}
