// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz programs: the tables that define both forms, and the conversions.
 * See prog.h for the format; fuzz/README.md documents every target.
 */
#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/prog.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

static const char *const format_names[] = { "x86_64", "amdv1", "amdv1_mock", NULL };
static const char *const domain_names[] = { "strict", "fq", "identity", "none", NULL };
/* in the kernel's enum dma_data_direction order; DMA_NONE is not a mapping */
static const char *const dir_names[] = { "bidirectional", "to_device", "from_device", NULL };
/* enum p2p_path's order (oracle/p2p_check.h) */
static const char *const p2p_path_names[] = { "sg", "phys", "iova", "sg_mixed", NULL };

/* how a dma-buf is exported, how an importer attaches (fuzz/targets/dmabuf.c) */
static const char *const dmabuf_via_names[] = { "vfio", "exporter", NULL };
static const char *const dmabuf_kind_names[] = { "revocable", "pinned", "no_p2p", NULL };

/* which R/W API a context is made with (fuzz/targets/rdma.c) */
static const char *const rdma_api_names[] = { "sg", "bvec", NULL };

/* migrate_pfn entries and migration directions (fuzz/targets/gpu_sparse.c) */
static const char *const gpu_kind_names[] = { "hole", "folio", NULL };
static const char *const gpu_dir_names[] = { "to_devmem", "to_ram", NULL };

#define U8(n, l, h)		{ n, 1, l, h, NULL, false }
#define U16(n, l, h)		{ n, 2, l, h, NULL, false }
#define X16(n, l, h)		{ n, 2, l, h, NULL, true }
#define U32(n, l, h)		{ n, 4, l, h, NULL, false }
#define X32(n, l, h)		{ n, 4, l, h, NULL, true }
#define X64(n)			{ n, 8, 0, UINT64_MAX, NULL, true }
#define ENUM(n, names, h)	{ n, 1, 0, h, names, false }
#define DIR			ENUM("dir", dir_names, 2)
/* attrs bits: 1 DMA_ATTR_SKIP_CPU_SYNC, 2 DMA_ATTR_MMIO (see the executor) */
#define ATTRS			{ "attrs", 1, 0, 3, NULL, true }
#define SLOT			U8("slot", 0, 63)
#define LIMIT			U8("limit_log2", 12, 48)

const struct prog_op_spec prog_cfg_spec = {
	"config", CFG_NR_FIELDS, {
		[CFG_FORMAT] = ENUM("format", format_names, 2),
		[CFG_DOMAIN] = ENUM("domain", domain_names, 3),
		[CFG_COHERENT] = U8("coherent", 0, 1),
		[CFG_UNTRUSTED] = U8("untrusted", 0, 1),
		[CFG_MASK_BITS] = U8("mask_bits", 24, 64),
		[CFG_MAX_SEG_LOG2] = U8("max_seg_log2", 0, 32),
		[CFG_BOUNDARY_LOG2] = U8("boundary_log2", 0, 63),
		[CFG_MIN_ALIGN_LOG2] = U8("min_align_log2", 0, 12),
		[CFG_CPUS] = U8("cpus", 1, 8),
	}
};

_Static_assert(CFG_NR_FIELDS <= PROG_SPEC_ARGS, "the configuration fits a spec");

const struct prog_op_spec prog_op_specs[PROG_NR_OPS] = {
	[OP_RANGE]	= { "range", 4, { U16("pfn", 0, 65535), U8("order", 0, 9),
					  X16("offset", 0, 0xffff), X32("len", 0, UINT32_MAX) } },
	[OP_CLEAR]	= { "clear", 0 },
	[OP_SG_BUILD]	= { "sg_build", 1, { U8("max_seg_log2", 12, 32) } },
	[OP_SG_APPEND]	= { "sg_append", 2, { U8("max_seg_log2", 12, 32), U8("left", 0, 255) } },
	[OP_SG_FREE]	= { "sg_free", 0 },
	[OP_SG_NENTS]	= { "sg_nents", 1, { X32("len", 0, UINT32_MAX) } },
	[OP_MAP_SG]	= { "map_sg", 2, { DIR, ATTRS } },
	[OP_UNMAP_SG]	= { "unmap_sg", 0 },
	[OP_MAP_PHYS]	= { "map_phys", 3, { U8("range", 0, 63), DIR, ATTRS } },
	[OP_UNMAP_PHYS]	= { "unmap_phys", 1, { SLOT } },
	[OP_IOVA_ALLOC]	= { "iova_alloc", 0 },
	[OP_IOVA_LINK]	= { "iova_link", 2, { DIR, ATTRS } },
	[OP_IOVA_SYNC]	= { "iova_sync", 0 },
	[OP_IOVA_UNLINK] = { "iova_unlink", 1, { U8("piece", 0, 63) } },
	[OP_IOVA_DESTROY] = { "iova_destroy", 0 },
	[OP_DIFF]	= { "diff", 1, { DIR } },
	[OP_ALLOC_IOVA]	= { "alloc_iova", 3, { U32("size", 1, 1 << 20), LIMIT, U8("aligned", 0, 1) } },
	[OP_FREE_IOVA]	= { "free_iova", 1, { SLOT } },
	[OP_RESERVE_IOVA] = { "reserve_iova", 2, { X32("lo", 0, UINT32_MAX), U16("len", 1, 65535) } },
	[OP_ALLOC_FAST]	= { "alloc_fast", 2, { U16("size", 1, 1024), LIMIT } },
	[OP_FREE_FAST]	= { "free_fast", 1, { SLOT } },
	[OP_CPU]	= { "cpu", 1, { U8("cpu", 0, 7) } },
	[OP_CPU_DEAD]	= { "cpu_dead", 1, { U8("cpu", 0, 7) } },
	[OP_DRAIN]	= { "drain", 0 },
	[OP_FAIL_NTH]	= { "fail_nth", 1, { U8("n", 0, 255) } },
	[OP_P2P_CHECK_ALL] = { "p2p_check_all", 0 },
	[OP_P2P_PAIR]	= { "p2p_pair", 2, { U8("provider", 0, 255), U8("client", 0, 255) } },
	[OP_P2P_MAP]	= { "p2p_map", 6, { U8("provider", 0, 255), U8("bar", 0, 5),
					    U8("client", 0, 255), ENUM("path", p2p_path_names, 3),
					    X32("off", 0, UINT32_MAX), X32("len", 1, UINT32_MAX) } },
	[OP_BLK_LIMITS]	= { "blk_limits", 6, { U8("max_seg_log2", 0, 24),
					       U8("boundary_log2", 0, 40), U8("virt_boundary", 0, 1),
					       U8("dma_align_log2", 0, 12), U8("pi_size", 0, 64),
					       U8("max_pi_segs", 1, 8) } },
	[OP_BLK_BIO]	= { "blk_bio", 1, { U8("pi_ranges", 0, 8) } },
	[OP_BLK_MAP]	= { "blk_map", 2, { U8("write", 0, 1), U8("pi", 0, 1) } },
	[OP_DMABUF_RANGE] = { "dmabuf_range", 3, { X32("off_pages", 0, UINT32_MAX),
						  X32("len_pages", 1, UINT32_MAX),
						  X16("skew", 0, 4095) } },
	[OP_DMABUF_EXPORT] = { "dmabuf_export", 3, { U8("provider", 0, 255), U8("bar", 0, 5),
						    ENUM("via", dmabuf_via_names, 1) } },
	[OP_DMABUF_ATTACH] = { "dmabuf_attach", 3, { U8("buf", 0, 3), U8("client", 0, 255),
						    ENUM("kind", dmabuf_kind_names, 2) } },
	[OP_DMABUF_MAP]	= { "dmabuf_map", 2, { U8("att", 0, 7), DIR } },
	[OP_DMABUF_UNMAP] = { "dmabuf_unmap", 1, { U8("att", 0, 7) } },
	[OP_DMABUF_REVOKE] = { "dmabuf_revoke", 2, { U8("buf", 0, 3), U8("enable", 0, 1) } },
	[OP_DMABUF_CLOSE] = { "dmabuf_close", 1, { U8("buf", 0, 3) } },
	[OP_RDMA_QP]	= { "rdma_qp", 4, { U8("iwarp", 0, 1), U8("max_sge", 1, 32),
					    U16("mr_pages", 1, 512), U8("ctxs", 0, 16) } },
	[OP_RDMA_RW]	= { "rdma_rw", 3, { ENUM("api", rdma_api_names, 1), U8("read", 0, 1),
					    X32("offset", 0, UINT32_MAX) } },
	[OP_GPU_ENTRY]	= { "gpu_entry", 4, { ENUM("kind", gpu_kind_names, 1),
					      U16("pfn", 0, 65535), U8("order", 0, 9),
					      U8("count", 1, 64) } },
	[OP_GPU_MIGRATE] = { "gpu_migrate", 1, { ENUM("dir", gpu_dir_names, 1) } },
	[OP_TSO_XMIT]	= { "tso_xmit", 5, { U8("hdr_len", 0, 255), U16("head_payload", 0, 65535),
					     X16("head_off", 0, 0xffff), U16("gso_size", 1, 65535),
					     U8("list", 0, 8) } },
};

/* ---- values ---- */

static uint64_t reduce(const struct prog_arg_spec *a, uint64_t raw)
{
	uint64_t span = a->hi - a->lo;

	if (!(span & (span + 1)))	/* 2^n - 1, UINT64_MAX too: no division */
		return a->lo + (raw & span);
	return a->lo + raw % (span + 1);
}

static uint64_t get_le(const uint8_t *d, size_t size, size_t *pos, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++, (*pos)++)
		if (*pos < size)
			v |= (uint64_t)d[*pos] << (8 * i);
	return v;
}

static void put_le(uint8_t *b, size_t *pos, unsigned int bytes, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		b[(*pos)++] = v >> (8 * i);
}

static unsigned int spec_bytes(const struct prog_op_spec *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nargs; i++)
		n += s->args[i].bytes;
	return n;
}

static void args_defaults(const struct prog_op_spec *s, uint64_t *v)
{
	unsigned int i;

	for (i = 0; i < s->nargs; i++)
		v[i] = s->args[i].lo;
}

/* ---- binary ---- */

void prog_init(struct prog *p)
{
	memset(p, 0, sizeof(*p));
	args_defaults(&prog_cfg_spec, p->cfg);
	p->cfg[CFG_COHERENT] = 1;
	p->cfg[CFG_MASK_BITS] = 64;
	p->cfg[CFG_CPUS] = 2;
}

static void decode_args(const struct prog_op_spec *s, uint64_t *v,
			const uint8_t *d, size_t size, size_t *pos)
{
	unsigned int i;

	for (i = 0; i < s->nargs; i++)
		v[i] = reduce(&s->args[i], get_le(d, size, pos, s->args[i].bytes));
}

void prog_decode(struct prog *p, const uint8_t *d, size_t size)
{
	size_t pos = 0;

	/* what is decoded, not all PROG_MAX_OPS ops: this runs on every exec */
	memset(p, 0, offsetof(struct prog, ops));
	decode_args(&prog_cfg_spec, p->cfg, d, size, &pos);
	while (pos < size && p->nops < PROG_MAX_OPS) {
		struct prog_op *op = &p->ops[p->nops++];

		memset(op, 0, sizeof(*op));
		op->code = d[pos++] % PROG_NR_OPS;
		decode_args(&prog_op_specs[op->code], op->arg, d, size, &pos);
	}
}

size_t prog_max_encoded_size(void)
{
	unsigned int i, max = 0;

	for (i = 0; i < PROG_NR_OPS; i++)
		if (spec_bytes(&prog_op_specs[i]) > max)
			max = spec_bytes(&prog_op_specs[i]);
	return spec_bytes(&prog_cfg_spec) + PROG_MAX_OPS * (1 + max);
}

static void encode_args(const struct prog_op_spec *s, const uint64_t *v,
			uint8_t *b, size_t *pos)
{
	unsigned int i;

	for (i = 0; i < s->nargs; i++)
		put_le(b, pos, s->args[i].bytes, v[i] - s->args[i].lo);
}

size_t prog_encode(const struct prog *p, uint8_t *b, size_t cap)
{
	size_t pos = 0;
	unsigned int i;

	if (cap < prog_max_encoded_size())
		return 0;
	encode_args(&prog_cfg_spec, p->cfg, b, &pos);
	for (i = 0; i < p->nops; i++) {
		b[pos++] = p->ops[i].code;
		encode_args(&prog_op_specs[p->ops[i].code], p->ops[i].arg, b, &pos);
	}
	return pos;
}

/* ---- text ---- */

static void print_args(const struct prog_op_spec *s, const uint64_t *v, FILE *f)
{
	unsigned int i;

	fputs(s->name, f);
	for (i = 0; i < s->nargs; i++) {
		const struct prog_arg_spec *a = &s->args[i];

		if (a->names)
			fprintf(f, " %s=%s", a->name, a->names[v[i]]);
		else if (a->hex)
			fprintf(f, " %s=%#llx", a->name, (unsigned long long)v[i]);
		else
			fprintf(f, " %s=%llu", a->name, (unsigned long long)v[i]);
	}
	fputc('\n', f);
}

void prog_print_op(const struct prog_op *op, FILE *f)
{
	print_args(&prog_op_specs[op->code], op->arg, f);
}

void prog_print(const struct prog *p, FILE *f)
{
	unsigned int i;

	print_args(&prog_cfg_spec, p->cfg, f);
	for (i = 0; i < p->nops; i++)
		print_args(&prog_op_specs[p->ops[i].code], p->ops[i].arg, f);
}

static bool fail(char *err, size_t len, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, len, "line %u: ", line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < len)
		vsnprintf(err + n, len - n, fmt, ap);
	va_end(ap);
	return false;
}

static bool parse_value(const struct prog_arg_spec *a, const char *s, uint64_t *v)
{
	char *end;

	if (a->names) {
		for (unsigned int i = 0; a->names[i]; i++)
			if (!strcmp(s, a->names[i])) {
				*v = i;
				return true;
			}
	}
	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end && *v >= a->lo && *v <= a->hi;
}

/* why parse_value() refused s for a (a numeric argument) */
static const char *why_not(const char *s)
{
	char *end;

	if (!*s)
		return "no value";
	if (*s == '-')
		return "negative";
	errno = 0;
	strtoull(s, &end, 0);
	if (*s == '+' || *end)
		return "not a number";
	if (errno == ERANGE)
		return "more than 64 bits";
	return "out of range";
}

/* v holds the defaults; the line's key=value pairs replace them */
static bool parse_line(const struct prog_op_spec *s, uint64_t *v, char *rest,
		       unsigned int line, char *err, size_t errlen)
{
	char *save, *tok;
	uint64_t seen = 0;	/* the config's and every op's arguments are fewer than 64 */
	for (tok = strtok_r(rest, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(tok, '=');
		unsigned int i;

		if (!eq)
			return fail(err, errlen, line, "'%s': expected key=value", tok);
		*eq = '\0';
		for (i = 0; i < s->nargs; i++)
			if (!strcmp(tok, s->args[i].name))
				break;
		if (i == s->nargs)
			return fail(err, errlen, line, "%s has no argument '%s'", s->name, tok);
		/* the text form is exact: one value a key */
		if (seen & (1ULL << i))
			return fail(err, errlen, line, "%s given twice", tok);
		seen |= 1ULL << i;
		if (!parse_value(&s->args[i], eq + 1, &v[i])) {
			const struct prog_arg_spec *a = &s->args[i];

			if (a->names)
				return fail(err, errlen, line, "%s=%s: not one of the names of %s",
					    tok, eq + 1, tok);
			return fail(err, errlen, line, "%s=%s: %s (a number in %llu..%llu)", tok,
				    eq + 1, why_not(eq + 1), (unsigned long long)a->lo,
				    (unsigned long long)a->hi);
		}
	}
	return true;
}

bool prog_parse(struct prog *p, const char *text, char *err, size_t errlen)
{
	char *copy = strdup(text), *line, *next;
	unsigned int lineno = 0;
	bool ok = true, seen_op = false;

	if (!copy)
		return fail(err, errlen, 0, "out of memory");
	prog_init(p);
	for (line = copy; line && ok; line = next) {
		char *hash, *name, *rest;
		unsigned int i;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		/* CRLF files, as dmalab-topo takes them */
		if (*line && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		while (isspace((unsigned char)*line))
			line++;
		if (!*line)
			continue;
		name = line;
		rest = name + strcspn(name, " \t");
		if (*rest)
			*rest++ = '\0';
		if (!strcmp(name, "config")) {
			if (seen_op || p->nops)
				ok = fail(err, errlen, lineno, "config must come before the ops");
			else
				ok = parse_line(&prog_cfg_spec, p->cfg, rest, lineno, err, errlen);
			seen_op = true;
			continue;
		}
		seen_op = true;
		for (i = 0; i < PROG_NR_OPS; i++)
			if (!strcmp(name, prog_op_specs[i].name))
				break;
		if (i == PROG_NR_OPS) {
			ok = fail(err, errlen, lineno, "unknown op '%s'", name);
			break;
		}
		if (p->nops == PROG_MAX_OPS) {
			ok = fail(err, errlen, lineno, "more than %d ops", PROG_MAX_OPS);
			break;
		}
		p->ops[p->nops].code = i;
		args_defaults(&prog_op_specs[i], p->ops[p->nops].arg);
		ok = parse_line(&prog_op_specs[i], p->ops[p->nops].arg, rest, lineno, err, errlen);
		p->nops++;
	}
	free(copy);
	return ok;
}

/*
 * Text: every byte printable or blank, and it starts (after blanks) with
 * '#', "config" or an op name followed by a blank. An engine's binary
 * input is all printable only by rare chance; prog_load() also takes a
 * file ending in ".txt" as text.
 */
bool prog_is_text(const uint8_t *d, size_t size)
{
	size_t i = 0, n;
	unsigned int op;

	for (n = 0; n < size; n++)
		if (!isprint(d[n]) && !isspace(d[n]))
			return false;

	while (i < size && isspace(d[i]))
		i++;
	if (i < size && d[i] == '#')
		return true;
	for (n = 0; i + n < size && (isalnum(d[i + n]) || d[i + n] == '_'); n++)
		;
	if (i + n < size && !isspace(d[i + n]))
		return false;
	if (n == 6 && !memcmp(d + i, "config", 6))
		return true;
	for (op = 0; op < PROG_NR_OPS; op++)
		if (strlen(prog_op_specs[op].name) == n &&
		    !memcmp(d + i, prog_op_specs[op].name, n))
			return true;
	return false;
}

DMALAB_NOCOV_END
