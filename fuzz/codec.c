// SPDX-License-Identifier: GPL-2.0-only
/*
 * The codecs of fuzz inputs (target.h): programs, and topology programs (a
 * PCI topology, then a program), and reading either form from a file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/target.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* ---- programs ---- */

static bool prog_decode_in(struct fuzz_input *in, const uint8_t *data, size_t size,
			   char *err, size_t errlen)
{
	prog_decode(&in->prog, data, size);
	in->topo = NULL;
	return true;
}

static size_t prog_encode_in(const struct fuzz_input *in, uint8_t *buf, size_t cap)
{
	return prog_encode(&in->prog, buf, cap);
}

static bool prog_parse_in(struct fuzz_input *in, const char *text, char *err, size_t errlen)
{
	in->topo = NULL;
	return prog_parse(&in->prog, text, err, errlen);
}

static void prog_print_in(const struct fuzz_input *in, FILE *f)
{
	prog_print(&in->prog, f);
}

const struct codec prog_codec = {
	.name = "program",
	.decode = prog_decode_in,
	.encode = prog_encode_in,
	.parse = prog_parse_in,
	.print = prog_print_in,
	.is_text = prog_is_text,
};

/* ---- topology programs ---- */

static bool topo_prog_decode(struct fuzz_input *in, const uint8_t *data, size_t size,
			     char *err, size_t errlen)
{
	size_t n = topo_binary_size(data, size);

	in->topo = NULL;
	if (!n || n > size)
		n = size;	/* topo_decode says what is wrong */
	if (topo_decode(data, n, &in->topo_buf, err, errlen))
		return false;
	in->topo = &in->topo_buf;
	/* a topology alone: the default program (as its text form says) */
	if (size == n)
		prog_init(&in->prog);
	else
		prog_decode(&in->prog, data + n, size - n);
	return true;
}

/* A program with nothing to say beyond the topology: no ops, default config. */
static bool prog_is_default(const struct prog *p)
{
	struct prog def;

	prog_init(&def);
	return !p->nops && !memcmp(p->cfg, def.cfg, sizeof(def.cfg));
}

static size_t topo_prog_encode(const struct fuzz_input *in, uint8_t *buf, size_t cap)
{
	size_t n, m;

	if (!in->topo || cap < TOPO_BIN_MAX)
		return 0;
	n = topo_encode(in->topo, buf, cap);
	if (!n || prog_is_default(&in->prog))
		return n;	/* canonical: the topology alone */
	m = prog_encode(&in->prog, buf + n, cap - n);
	return m ? n + m : 0;
}

/* Where the program part of a text begins: its first "config" line, or the end. */
static const char *program_part(const char *text)
{
	const char *line = text;

	while (line && *line) {
		const char *s = line;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!strncmp(s, "config", 6) && (isspace((unsigned char)s[6]) || !s[6]))
			return line;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return text + strlen(text);
}

static bool topo_prog_parse(struct fuzz_input *in, const char *text, char *err, size_t errlen)
{
	const char *prog = program_part(text);
	unsigned int lines = 0;
	const char *s;

	in->topo = NULL;
	if (topo_parse_text(text, prog - text, &in->topo_buf, err, errlen))
		return false;
	in->topo = &in->topo_buf;
	if (!*prog) {
		prog_init(&in->prog);
		return true;
	}
	if (!prog_parse(&in->prog, prog, err, errlen)) {
		/* "line N" of the program part: make it a line of the whole text */
		unsigned int n;
		char rest[256];

		for (s = text; s < prog; s++)
			lines += *s == '\n';
		if (sscanf(err, "line %u: %255[^\n]", &n, rest) == 2)
			snprintf(err, errlen, "line %u: %s", n + lines, rest);
		return false;
	}
	return true;
}

static void topo_prog_print(const struct fuzz_input *in, FILE *f)
{
	if (in->topo)
		topo_print_text(in->topo, f);
	prog_print(&in->prog, f);
}

/* Text: printable, and not the binary magic. */
static bool topo_prog_is_text(const uint8_t *data, size_t size)
{
	size_t i;

	if (size >= 8 && !memcmp(data, "DMATOPO1", 8))
		return false;
	for (i = 0; i < size; i++)
		if (!isprint(data[i]) && !isspace(data[i]))
			return false;
	return true;
}

const struct codec topo_prog_codec = {
	.name = "topology program",
	.decode = topo_prog_decode,
	.encode = topo_prog_encode,
	.parse = topo_prog_parse,
	.print = topo_prog_print,
	.is_text = topo_prog_is_text,
};

/* ---- files ---- */

bool codec_load_any_binary;

/*
 * Lines of printable text ending in a newline: what a person's file is
 * (/etc/hostname, a README) and an engine's input only by rare chance.
 */
static bool looks_like_text(const uint8_t *d, size_t n)
{
	size_t i;

	if (!n || d[n - 1] != '\n')
		return false;
	for (i = 0; i < n; i++)
		if (!isprint(d[i]) && !isspace(d[i]))
			return false;
	return true;
}

bool codec_load(const struct codec *c, const char *path, struct fuzz_input *in,
		char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t plen = strlen(path), n;
	char inner[300];
	uint8_t *buf;
	bool ok;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	buf = malloc(FUZZ_INPUT_MAX + 2);
	if (!buf) {
		if (f != stdin)
			fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return false;
	}
	/* never more than the cap (a device file would go on forever) */
	n = fread(buf, 1, FUZZ_INPUT_MAX + 1, f);
	ok = !ferror(f);
	if (f != stdin)
		fclose(f);
	if (!ok) {
		snprintf(err, errlen, "%s: read error", path);
	} else if (n > FUZZ_INPUT_MAX) {
		snprintf(err, errlen, "%s: larger than %u KiB: not a fuzz input", path,
			 FUZZ_INPUT_MAX >> 10);
		ok = false;
	} else if (!n && !codec_load_any_binary) {
		snprintf(err, errlen, "%s: an empty file (an empty input runs nothing; "
			 "--binary runs it anyway)", path);
		ok = false;
	} else if (!codec_load_any_binary && !(plen > 4 && !strcmp(path + plen - 4, ".txt")) &&
		   !c->is_text(buf, n) && looks_like_text(buf, n)) {
		snprintf(err, errlen, "%s: text that is not a %s (its first line is "
			 "not a comment, a config or an op; --binary runs the bytes anyway)",
			 path, c->name);
		ok = false;
	} else if ((plen > 4 && !strcmp(path + plen - 4, ".txt")) || c->is_text(buf, n)) {
		if (memchr(buf, '\0', n)) {
			snprintf(err, errlen, "%s: byte %zu: a NUL byte in the text form", path,
				 (size_t)((uint8_t *)memchr(buf, '\0', n) - buf));
			ok = false;
		} else {
			buf[n] = '\0';
			ok = c->parse(in, (const char *)buf, inner, sizeof(inner));
			if (!ok)
				snprintf(err, errlen, "%s: %s", path, inner);
		}
	} else {
		ok = c->decode(in, buf, n, inner, sizeof(inner));
		if (!ok)
			snprintf(err, errlen, "%s: %s", path, inner);
	}
	free(buf);
	return ok;
}

DMALAB_NOCOV_END
