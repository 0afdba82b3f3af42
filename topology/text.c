// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text form of a topology: one declaration a line (docs/topology.md,
 * "Text form"), parsed into a struct topology and printed back in its
 * canonical form; parse(print(t)) == t.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "topology/internal.h"

static const char *const cpu_names[] = { "other", "intel", "amd" };
/* in bit order: TOPO_ACS_SV is bit 0 */
static const char *const acs_names[] = { "sv", "tb", "rr", "cr", "uf", "ec", "dt" };

#define LINE_CHARS	1024
#define MAX_TOKENS	32

struct text_parser {
	struct topology *t;
	int line;
	int cpu_line;
	int host_line[TOPO_MAX_HOSTS];
	int node_line[TOPO_MAX_NODES];
	char *err;
	size_t errlen;
};

static int __attribute__((format(printf, 2, 3)))
perr(struct text_parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errf(p->err, p->errlen, "line %d: %s", p->line, msg);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 0x-prefixed hex or decimal, with an optional K, M, G or T (binary) suffix */
static bool parse_u64(const char *s, uint64_t *v)
{
	unsigned int base = 10, shift = 0;
	const char *digits;
	uint64_t x = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (digits = s; (d = hex_digit(*s)) >= 0 && d < (int)base; s++) {
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	if (s == digits)
		return false;
	if (*s) {
		static const char units[] = "KMGT";	/* binary multiples */
		const char *u = memchr(units, *s & ~0x20, 4);

		shift = u ? 10 * (u - units + 1) : 0;
		if (!u || s[1] || x > UINT64_MAX >> shift)
			return false;
	}
	*v = x << shift;
	return true;
}

static bool parse_max(const char *s, uint64_t max, uint64_t *v)
{
	return parse_u64(s, v) && *v <= max;
}

/* "START+SIZE" */
static bool parse_range(char *s, uint64_t *start, uint64_t *size)
{
	char *plus = strchr(s, '+');

	if (!plus)
		return false;
	*plus = '\0';
	return parse_u64(s, start) && parse_u64(plus + 1, size);
}

/* 1 to 4 hex digits up to end (a NUL or the given character) */
static const char *parse_hex16(const char *s, char end, uint16_t *v)
{
	int n, d;

	for (*v = 0, n = 0; (d = hex_digit(*s)) >= 0; s++, n++)
		*v = (*v << 4) | d;
	return n >= 1 && n <= 4 && *s == end ? s : NULL;
}

/* "VVVV:DDDD", as lspci -n prints it */
static bool parse_id(const char *s, uint16_t *vendor, uint16_t *device)
{
	s = parse_hex16(s, ':', vendor);
	return s && parse_hex16(s + 1, '\0', device);
}

/* "SS.F": device in hex, function in decimal, as in a BDF */
static bool parse_at(const char *s, uint8_t *slot, uint8_t *fn)
{
	int hi = hex_digit(s[0]), lo = hex_digit(s[1]);

	if (hi < 0 || lo < 0 || s[2] != '.' || s[3] < '0' || s[3] > '9' || s[4])
		return false;
	*slot = hi << 4 | lo;
	*fn = s[3] - '0';
	return true;
}

static int parse_acs(struct text_parser *p, char *val, struct topo_node *n)
{
	char *bit, *next;
	unsigned int i;

	n->acs_cap = true;
	if (!strcmp(val, "cap"))
		return 0;
	for (bit = val; bit; bit = next) {
		next = strchr(bit, ',');
		if (next)
			*next++ = '\0';
		for (i = 0; i < sizeof(acs_names) / sizeof(acs_names[0]); i++)
			if (!strcmp(bit, acs_names[i]))
				break;
		if (i == sizeof(acs_names) / sizeof(acs_names[0]))
			return perr(p, "acs=: unknown bit '%s' (sv, tb, rr, cr, uf, ec, dt; or cap alone)",
				    bit);
		n->acs_ctrl |= 1u << i;
	}
	return 0;
}

/* "START+SIZE[,mem32|mem64][,pref][,p2p[=OFFSET[+SIZE]]]" */
static int parse_bar(struct text_parser *p, int b, char *val, struct topo_bar *bar)
{
	char *flag, *next = strchr(val, ',');

	if (next)
		*next++ = '\0';
	if (!parse_range(val, &bar->cpu_start, &bar->size))
		return perr(p, "bar%d=: expected START+SIZE[,mem64][,pref][,p2p[=OFFSET[+SIZE]]]", b);
	if (!bar->size)
		return perr(p, "bar%d=: size 0 (leave the BAR out instead)", b);
	for (flag = next; flag; flag = next) {
		next = strchr(flag, ',');
		if (next)
			*next++ = '\0';
		if (!strcmp(flag, "mem64") || !strcmp(flag, "mem32")) {
			bar->mem64 = flag[3] == '6';
		} else if (!strcmp(flag, "pref")) {
			bar->prefetch = true;
		} else if (!strcmp(flag, "p2p")) {
			bar->p2p = true;
		} else if (!strncmp(flag, "p2p=", 4)) {
			bar->p2p = true;
			if (!(strchr(flag, '+') ?
			      parse_range(flag + 4, &bar->p2p_offset, &bar->p2p_size) :
			      parse_u64(flag + 4, &bar->p2p_offset)))
				return perr(p, "bar%d=: p2p=OFFSET[+SIZE] expected", b);
		} else {
			return perr(p, "bar%d=: unknown flag '%s' (mem32, mem64, pref, p2p[=OFFSET[+SIZE]])",
				    b, flag);
		}
	}
	return 0;
}

/* "CPU+SIZE[@BUS]" */
static int parse_window(struct text_parser *p, char *val, struct topo_host *host)
{
	struct topo_window *win = &host->windows[host->nr_windows];
	char *at = strchr(val, '@');

	if (host->nr_windows == TOPO_MAX_WINDOWS)
		return perr(p, "more than %d windows", TOPO_MAX_WINDOWS);
	if (at)
		*at++ = '\0';
	if (!parse_range(val, &win->cpu_start, &win->size) ||
	    (at && !parse_u64(at, &win->bus_start)))
		return perr(p, "window=: expected CPU+SIZE[@BUS]");
	if (!at)
		win->bus_start = win->cpu_start;
	host->nr_windows++;
	return 0;
}

/* Where each key may appear: a node type mask (bit per type), or one line kind. */
#define ALL_NODES	((1u << TOPO_NR_NODE_TYPES) - 1)
#define ROOT_BUS	(1u << TOPO_ROOT_PORT | 1u << TOPO_RC_ENDPOINT)
#define ENDPOINTS	(1u << TOPO_ENDPOINT | 1u << TOPO_RC_ENDPOINT)
#define KIND_CPU	(1u << 8)
#define KIND_HOST	(1u << 9)

enum key {
	K_FAMILY, K_SEGMENT, K_BUS, K_HBDEV, K_WINDOW, K_HOST, K_PARENT, K_AT, K_ID, K_ACS,
	K_BAR0, K_BAR5 = K_BAR0 + TOPO_NR_BARS - 1, K_IOMMU, K_DMA_BITS, K_COHERENT,
	K_NONCOHERENT, K_UNTRUSTED, K_NR
};

static const struct key_spec {
	const char *name;
	unsigned int where;
	bool flag;		/* no value */
} keys[K_NR] = {
	[K_FAMILY] = { "family", KIND_CPU, false },
	[K_SEGMENT] = { "segment", KIND_HOST, false },
	[K_BUS] = { "bus", KIND_HOST, false },
	[K_HBDEV] = { "hbdev", KIND_HOST, false },
	[K_WINDOW] = { "window", KIND_HOST, false },
	[K_HOST] = { "host", ROOT_BUS, false },
	[K_PARENT] = { "parent", ALL_NODES & ~ROOT_BUS, false },
	[K_AT] = { "at", ALL_NODES, false },
	[K_ID] = { "id", ALL_NODES, false },
	[K_ACS] = { "acs", ALL_NODES, false },
	[K_BAR0] = { "bar0", ALL_NODES, false }, { "bar1", ALL_NODES, false },
	{ "bar2", ALL_NODES, false }, { "bar3", ALL_NODES, false },
	{ "bar4", ALL_NODES, false }, { "bar5", ALL_NODES, false },
	[K_IOMMU] = { "iommu", ENDPOINTS, false },
	[K_DMA_BITS] = { "dma-bits", ENDPOINTS, false },
	[K_COHERENT] = { "coherent", ENDPOINTS, true },
	[K_NONCOHERENT] = { "noncoherent", ENDPOINTS, true },
	[K_UNTRUSTED] = { "untrusted", ENDPOINTS, true },
};

/*
 * Split the fields of a line after its first two (kind, name) into keys and
 * values: vals[key] is the value (or "" for a flag), NULL if absent; window=
 * may repeat and is handed to the host parser as it comes.
 */
static int split_keys(struct text_parser *p, char **tok, int ntok, unsigned int where,
		      const char *what, char *vals[K_NR], struct topo_host *host)
{
	int i, k, ret;
	unsigned int kind = where & ALL_NODES ? ALL_NODES : where;

	memset(vals, 0, K_NR * sizeof(vals[0]));
	for (i = 0; i < ntok; i++) {
		char *val = strchr(tok[i], '=');

		if (val)
			*val++ = '\0';
		for (k = 0; k < K_NR && strcmp(keys[k].name, tok[i]); k++)
			;
		if (k == K_NR || !(keys[k].where & kind))
			return perr(p, "unknown key '%s' for %s %s", tok[i], article(what), what);
		if (k == K_HOST && !(keys[k].where & where))
			return perr(p, "%s %s sits below a port: parent=, not host=", article(what), what);
		if (k == K_PARENT && !(keys[k].where & where))
			return perr(p, "%s %s sits on a host bridge's root bus: host=, not parent=",
				    article(what), what);
		if (!(keys[k].where & where))
			return perr(p, "%s applies to endpoints, not to %s %s", tok[i], article(what),
				    what);
		if (keys[k].flag && val)
			return perr(p, "%s takes no value", tok[i]);
		if (!keys[k].flag && !val)
			return perr(p, "%s needs a value (%s=...)", tok[i], tok[i]);
		if (k == K_WINDOW) {
			ret = parse_window(p, val, host);
			if (ret)
				return ret;
			continue;
		}
		if (vals[k])
			return perr(p, "%s given twice", tok[i]);
		vals[k] = val ? val : "";
	}
	if (vals[K_COHERENT] && vals[K_NONCOHERENT])
		return perr(p, "both coherent and noncoherent");
	return 0;
}

/* a new name: well formed and unique among host bridges and nodes */
static int take_name(struct text_parser *p, const char *name, char dst[TOPO_NAME_LEN])
{
	const struct topology *t = p->t;
	unsigned int i;

	if (strlen(name) >= TOPO_NAME_LEN)
		return perr(p, "name '%s' is longer than %d characters", name, TOPO_NAME_LEN - 1);
	strcpy(dst, name);
	if (!name_ok(dst))
		return perr(p, "name '%s' is not 1..15 characters of A-Z a-z 0-9 _ -", name);
	for (i = 0; i < t->nr_hosts; i++)
		if (!strcmp(t->hosts[i].name, name))
			return perr(p, "name %s is already used on line %d", name, p->host_line[i]);
	for (i = 0; i < t->nr_nodes; i++)
		if (!strcmp(t->nodes[i].name, name))
			return perr(p, "name %s is already used on line %d", name, p->node_line[i]);
	return 0;
}

static int parse_cpu(struct text_parser *p, char **tok, int ntok)
{
	struct topology *t = p->t;
	char *vals[K_NR];
	uint64_t v;
	int ret;

	if (p->cpu_line)
		return perr(p, "a second cpu line (the first is line %d)", p->cpu_line);
	p->cpu_line = p->line;
	if (ntok < 2)
		return perr(p, "cpu needs a vendor: intel, amd or other");
	for (v = 0; v < 3 && strcmp(tok[1], cpu_names[v]); v++)
		;
	if (v == 3)
		return perr(p, "unknown CPU vendor '%s' (intel, amd or other)", tok[1]);
	t->cpu_vendor = v;
	ret = split_keys(p, tok + 2, ntok - 2, KIND_CPU, "cpu line", vals, NULL);
	if (ret)
		return ret;
	if (vals[K_FAMILY] && !parse_max(vals[K_FAMILY], 0xff, &v))
		return perr(p, "family=%s: expected a number up to 0xff", vals[K_FAMILY]);
	if (vals[K_FAMILY])
		t->cpu_family = v;
	return 0;
}

static int parse_host(struct text_parser *p, char **tok, int ntok)
{
	struct topology *t = p->t;
	struct topo_host *host = &t->hosts[t->nr_hosts];
	char *vals[K_NR];
	uint64_t v;
	int ret;

	if (t->nr_hosts == TOPO_MAX_HOSTS)
		return perr(p, "more than %d host bridges", TOPO_MAX_HOSTS);
	if (ntok < 2)
		return perr(p, "host needs a name");
	ret = take_name(p, tok[1], host->name);
	if (!ret)
		ret = split_keys(p, tok + 2, ntok - 2, KIND_HOST, "host", vals, host);
	if (ret)
		return ret;
	if (vals[K_SEGMENT] && !parse_max(vals[K_SEGMENT], 0xffff, &v))
		return perr(p, "segment=%s: expected a number up to 0xffff", vals[K_SEGMENT]);
	host->segment = vals[K_SEGMENT] ? v : 0;
	if (vals[K_BUS] && !parse_max(vals[K_BUS], 0xff, &v))
		return perr(p, "bus=%s: expected a number up to 0xff", vals[K_BUS]);
	host->bus = vals[K_BUS] ? v : 0;
	if (vals[K_HBDEV]) {
		if (!parse_id(vals[K_HBDEV], &host->vendor, &host->device))
			return perr(p, "hbdev=%s: expected VVVV:DDDD", vals[K_HBDEV]);
		host->hb_dev = true;
	}
	p->host_line[t->nr_hosts++] = p->line;
	return 0;
}

static int find_host(const struct topology *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nr_hosts; i++)
		if (!strcmp(t->hosts[i].name, name))
			return i;
	return -1;
}

static int parse_node(struct text_parser *p, enum topo_node_type type, char **tok, int ntok)
{
	struct topology *t = p->t;
	struct topo_node *n = &t->nodes[t->nr_nodes];
	const char *what = topo_type_names[type];
	char *vals[K_NR];
	uint64_t v;
	int b, ret;

	if (t->nr_nodes == TOPO_MAX_NODES)
		return perr(p, "more than %d nodes", TOPO_MAX_NODES);
	if (ntok < 2)
		return perr(p, "%s needs a name", what);
	ret = take_name(p, tok[1], n->name);
	if (!ret)
		ret = split_keys(p, tok + 2, ntok - 2, 1u << type, what, vals, NULL);
	if (ret)
		return ret;
	n->type = type;
	n->dma_bits = 64;
	n->coherent = true;
	if (on_root_bus(type)) {
		if (!vals[K_HOST])
			return perr(p, "missing host= (the host bridge of %s %s)", article(what), what);
		n->host = find_host(t, vals[K_HOST]);
		n->parent = -1;
		if (n->host < 0)
			return perr(p, "host=%s: no host bridge of that name above", vals[K_HOST]);
	} else {
		if (!vals[K_PARENT])
			return perr(p, "missing parent= (the port above %s %s)", article(what), what);
		n->parent = topo_find_node(t, vals[K_PARENT]);
		if (n->parent < 0)
			return perr(p, "parent=%s: no node of that name above", vals[K_PARENT]);
		n->host = t->nodes[n->parent].host;
	}
	if (!vals[K_AT] || !parse_at(vals[K_AT], &n->slot, &n->fn))
		return perr(p, "%s at=: expected the device and function, SS.F (e.g. at=01.0)",
			    vals[K_AT] ? "bad" : "missing");
	if (!vals[K_ID] || !parse_id(vals[K_ID], &n->vendor, &n->device))
		return perr(p, "%s id=: expected VVVV:DDDD", vals[K_ID] ? "bad" : "missing");
	if (vals[K_ACS]) {
		ret = parse_acs(p, vals[K_ACS], n);
		if (ret)
			return ret;
	}
	for (b = 0; b < TOPO_NR_BARS; b++) {
		if (vals[K_BAR0 + b]) {
			ret = parse_bar(p, b, vals[K_BAR0 + b], &n->bars[b]);
			if (ret)
				return ret;
		}
	}
	if (vals[K_IOMMU]) {
		for (v = 0; v < TOPO_NR_IOMMU && strcmp(vals[K_IOMMU], topo_iommu_names[v]); v++)
			;
		if (v == TOPO_NR_IOMMU)
			return perr(p, "iommu=%s: expected dma, dma-fq, identity or none",
				    vals[K_IOMMU]);
		n->iommu = v;
	}
	if (vals[K_DMA_BITS]) {
		if (!parse_max(vals[K_DMA_BITS], 0xff, &v))
			return perr(p, "dma-bits=%s: expected a number", vals[K_DMA_BITS]);
		n->dma_bits = v;
	}
	n->coherent = !vals[K_NONCOHERENT];
	n->untrusted = vals[K_UNTRUSTED] != NULL;
	p->node_line[t->nr_nodes++] = p->line;
	return 0;
}

static int parse_line(struct text_parser *p, char *line)
{
	char *tok[MAX_TOKENS], *s = line;
	int ntok = 0, type;

	for (;;) {
		s += strspn(s, " \t\r\v\f");
		if (!*s)
			break;
		if (ntok == MAX_TOKENS)
			return perr(p, "more than %d fields", MAX_TOKENS);
		tok[ntok++] = s;
		s += strcspn(s, " \t\r\v\f");
		if (*s)
			*s++ = '\0';
	}
	if (!ntok)
		return 0;
	if (!strcmp(tok[0], "cpu"))
		return parse_cpu(p, tok, ntok);
	if (!strcmp(tok[0], "host"))
		return parse_host(p, tok, ntok);
	for (type = 0; type < TOPO_NR_NODE_TYPES; type++)
		if (!strcmp(tok[0], topo_type_names[type]))
			return parse_node(p, type, tok, ntok);
	return perr(p, "unknown line kind '%s' (cpu, host, root-port, switch-up, switch-down, endpoint, rc-endpoint)",
		    tok[0]);
}

int topo_parse_text(const char *text, size_t len, struct topology *t, char *err, size_t errlen)
{
	struct text_parser p = { .t = t, .err = err, .errlen = errlen };
	char line[LINE_CHARS];
	size_t pos = 0;
	struct verr e;
	int ret;

	/* zeroed first, padding included: parsed topologies compare with memcmp() */
	memset(t, 0, sizeof(*t));
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text) - pos : len - pos;

		p.line++;
		if (n >= LINE_CHARS)
			return perr(&p, "longer than %d characters", LINE_CHARS - 1);
		if (memchr(text + pos, '\0', n))
			return perr(&p, "a NUL byte");
		memcpy(line, text + pos, n);
		line[n] = '\0';
		line[strcspn(line, "#")] = '\0';
		ret = parse_line(&p, line);
		if (ret)
			return ret;
		pos += n + 1;
	}
	if (!topo_check(t, &e))
		return 0;
	/* the line that declared what is wrong */
	p.line = e.subj == SUBJ_HOST ? p.host_line[e.idx] :
		 e.subj == SUBJ_NODE ? p.node_line[e.idx] : p.cpu_line;
	return perr(&p, "%s", e.msg);
}

static void print_bar(int b, const struct topo_bar *bar, FILE *f)
{
	fprintf(f, " bar%d=0x%llx+0x%llx%s%s", b, (unsigned long long)bar->cpu_start,
		(unsigned long long)bar->size, bar->mem64 ? ",mem64" : "",
		bar->prefetch ? ",pref" : "");
	if (!bar->p2p)
		return;
	fputs(",p2p", f);
	if (bar->p2p_size)
		fprintf(f, "=0x%llx+0x%llx", (unsigned long long)bar->p2p_offset,
			(unsigned long long)bar->p2p_size);
	else if (bar->p2p_offset)
		fprintf(f, "=0x%llx", (unsigned long long)bar->p2p_offset);
}

static void print_node(const struct topology *t, const struct topo_node *n, FILE *f)
{
	unsigned int i;
	int b;

	fprintf(f, "%s %s", topo_node_type_name(n->type), n->name);
	if (n->parent < 0 && n->host >= 0 && n->host < (int)t->nr_hosts)
		fprintf(f, " host=%s", t->hosts[n->host].name);
	else if (n->parent >= 0 && n->parent < (int)t->nr_nodes)
		fprintf(f, " parent=%s", t->nodes[n->parent].name);
	fprintf(f, " at=%02x.%u id=%04x:%04x", n->slot, n->fn, n->vendor, n->device);
	if (n->acs_cap && !n->acs_ctrl)
		fputs(" acs=cap", f);
	for (i = 0; n->acs_cap && i < sizeof(acs_names) / sizeof(acs_names[0]); i++)
		if (n->acs_ctrl & 1u << i)
			fprintf(f, "%s%s", n->acs_ctrl & ((1u << i) - 1) ? "," : " acs=",
				acs_names[i]);
	for (b = 0; b < TOPO_NR_BARS; b++)
		if (n->bars[b].size)
			print_bar(b, &n->bars[b], f);
	if (is_endpoint(n->type)) {
		if (n->iommu != TOPO_IOMMU_DMA)
			fprintf(f, " iommu=%s", topo_iommu_name(n->iommu));
		if (n->dma_bits != 64)
			fprintf(f, " dma-bits=%u", n->dma_bits);
		if (!n->coherent)
			fputs(" noncoherent", f);
		if (n->untrusted)
			fputs(" untrusted", f);
	}
	fputc('\n', f);
}

int topo_print_text(const struct topology *t, FILE *f)
{
	unsigned int h, w, i;

	fprintf(f, "cpu %s", (unsigned int)t->cpu_vendor <= TOPO_CPU_AMD ?
		cpu_names[t->cpu_vendor] : "other");
	if (t->cpu_family)
		fprintf(f, " family=0x%x", t->cpu_family);
	fputc('\n', f);
	for (h = 0; h < t->nr_hosts && h < TOPO_MAX_HOSTS; h++) {
		const struct topo_host *host = &t->hosts[h];

		fprintf(f, "host %s segment=0x%04x bus=0x%02x", host->name, host->segment, host->bus);
		if (host->hb_dev)
			fprintf(f, " hbdev=%04x:%04x", host->vendor, host->device);
		for (w = 0; w < host->nr_windows && w < TOPO_MAX_WINDOWS; w++) {
			const struct topo_window *win = &host->windows[w];

			fprintf(f, " window=0x%llx+0x%llx", (unsigned long long)win->cpu_start,
				(unsigned long long)win->size);
			if (win->bus_start != win->cpu_start)
				fprintf(f, "@0x%llx", (unsigned long long)win->bus_start);
		}
		fputc('\n', f);
	}
	for (i = 0; i < t->nr_nodes && i < TOPO_MAX_NODES; i++)
		print_node(t, &t->nodes[i], f);
	return ferror(f) ? -EIO : 0;
}
