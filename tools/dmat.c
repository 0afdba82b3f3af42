// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmat: convert fuzz programs between the binary form (what the engines
 * mutate) and the text form (what people read and write).
 *
 *   dmat FILE               print the program as text (either form in)
 *   dmat -b FILE [-o OUT]   write the canonical binary form
 *   dmat --roundtrip FILE   check both conversions give the program back
 *
 * FILE may be - for standard input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/prog.h"

static bool load_prog(const char *path, struct prog *p)
{
	char err[300];

	if (prog_load(path, p, err, sizeof(err)))
		return true;
	fprintf(stderr, "dmat: %s\n", err);
	return false;
}

static int roundtrip(const char *path)
{
	size_t cap = prog_max_encoded_size(), n1, n2;
	uint8_t *b1 = malloc(cap), *b2 = malloc(cap);
	struct prog p, q;
	char *text = NULL, err[256];
	size_t tlen = 0;
	FILE *f;

	if (!b1 || !b2 || !load_prog(path, &p))
		return 1;
	n1 = prog_encode(&p, b1, cap);
	f = open_memstream(&text, &tlen);
	prog_print(&p, f);
	fclose(f);
	if (!prog_parse(&q, text, err, sizeof(err))) {
		fprintf(stderr, "dmat: %s: the printed text does not parse: %s\n", path, err);
		return 1;
	}
	n2 = prog_encode(&q, b2, cap);
	if (n1 != n2 || memcmp(b1, b2, n1)) {
		fprintf(stderr, "dmat: %s: binary -> text -> binary changed the program\n", path);
		return 1;
	}
	prog_decode(&q, b1, n1);
	if (memcmp(&p, &q, sizeof(p))) {
		fprintf(stderr, "dmat: %s: text -> binary -> text changed the program\n", path);
		return 1;
	}
	printf("%s: round trip ok (%u ops, %zu bytes)\n", path, p.nops, n1);
	free(text);
	free(b1);
	free(b2);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dmat FILE | dmat -b FILE [-o OUT] | dmat --roundtrip FILE\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "binary", no_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "roundtrip", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *out = NULL;
	bool binary = false, rt = false;
	struct prog p;
	int opt;

	while ((opt = getopt_long(argc, argv, "bo:h", opts, NULL)) != -1) {
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
	if (rt)
		return roundtrip(argv[optind]);
	if (!load_prog(argv[optind], &p))
		return 1;
	if (binary) {
		size_t cap = prog_max_encoded_size(), n;
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
		n = prog_encode(&p, buf, cap);
		if (fwrite(buf, 1, n, f) != n || (out && fclose(f))) {
			fprintf(stderr, "dmat: cannot write %s\n", out ? out : "stdout");
			return 1;
		}
		free(buf);
		return 0;
	}
	prog_print(&p, stdout);
	return 0;
}
