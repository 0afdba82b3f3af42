// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI topologies: the text and binary forms, the checks both run, and what
 * follows from a topology (bus numbers, bus addresses). docs/topology.md is
 * the reference for both forms and for every check made here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "topology/topology.h"

#define SZ_4K		0x1000ULL
#define SZ_4G		0x100000000ULL
#define MAGIC		"DMATOPO1"
#define MAGIC_LEN	8

/* binary record sizes (docs/topology.md has the field offsets) */
#define BIN_HDR		12
#define BIN_WIN		24
#define BIN_HOST	(25 + TOPO_MAX_WINDOWS * BIN_WIN)
#define BIN_BAR		14
#define BIN_NODE	(28 + TOPO_NR_BARS * BIN_BAR)

_Static_assert(BIN_HDR + TOPO_MAX_HOSTS * BIN_HOST + TOPO_MAX_NODES * BIN_NODE <= TOPO_BIN_MAX,
	       "the largest topology fits TOPO_BIN_MAX");
_Static_assert(TOPO_MAX_NODES <= 127 && TOPO_MAX_HOSTS <= 127, "indices fit an int8_t");

static const char *const type_names[TOPO_NR_NODE_TYPES] = {
	"root-port", "switch-up", "switch-down", "endpoint", "rc-endpoint",
};
static const char *const iommu_names[TOPO_NR_IOMMU] = { "dma", "dma-fq", "identity", "none" };
static const char *const cpu_names[] = { "other", "intel", "amd" };
/* in bit order: TOPO_ACS_SV is bit 0 */
static const char *const acs_names[] = { "sv", "tb", "rr", "cr", "uf", "ec", "dt" };

const char *topo_node_type_name(enum topo_node_type type)
{
	return (unsigned int)type < TOPO_NR_NODE_TYPES ? type_names[type] : "unknown";
}

const char *topo_iommu_name(enum topo_iommu iommu)
{
	return (unsigned int)iommu < TOPO_NR_IOMMU ? iommu_names[iommu] : "unknown";
}

static bool on_root_bus(enum topo_node_type type)
{
	return type == TOPO_ROOT_PORT || type == TOPO_RC_ENDPOINT;
}

static bool is_bridge(enum topo_node_type type)
{
	return type == TOPO_ROOT_PORT || type == TOPO_SWITCH_UP || type == TOPO_SWITCH_DOWN;
}

static bool is_endpoint(enum topo_node_type type)
{
	return type == TOPO_ENDPOINT || type == TOPO_RC_ENDPOINT;
}

/* the port above a PCIe link: the only device below it is device 0 */
static bool is_link_port(enum topo_node_type type)
{
	return type == TOPO_ROOT_PORT || type == TOPO_SWITCH_DOWN;
}

/* (device, function) order */
static int devfn(const struct topo_node *n)
{
	return n->slot * 8 + n->fn;
}

static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

static bool name_ok(const char *name)
{
	size_t i;

	for (i = 0; i < TOPO_NAME_LEN && name[i]; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return i > 0 && i < TOPO_NAME_LEN;
}

/* a name fit for a one-line message, whatever bytes it holds */
static const char *safe(const char *name, char buf[TOPO_NAME_LEN])
{
	int i;

	for (i = 0; i < TOPO_NAME_LEN - 1 && name[i]; i++)
		buf[i] = name[i] >= 0x20 && name[i] < 0x7f ? name[i] : '?';
	buf[i] = '\0';
	return buf;
}

static int __attribute__((format(printf, 3, 4)))
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* inclusive ends, as the kernel's %pR prints them */
#define RANGE(start, size)	(unsigned long long)(start), \
				(unsigned long long)((start) + (size) - 1)
#define MEM_FMT			"[mem 0x%llx-0x%llx]"

static bool ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a <= b + (bsize - 1) && b <= a + (asize - 1);
}

/* ---- validation ---------------------------------------------------------- */

/*
 * What an error is about: each parser turns it into its own prefix (the
 * text parser into the line that declared the object).
 */
enum subject { SUBJ_TOPOLOGY, SUBJ_CPU, SUBJ_HOST, SUBJ_NODE };

struct verr {
	enum subject subj;
	int idx;
	char msg[224];
};

static int __attribute__((format(printf, 4, 5)))
fail(struct verr *e, enum subject subj, int idx, const char *fmt, ...)
{
	va_list ap;

	e->subj = subj;
	e->idx = idx;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int check_host(const struct topology *t, int h, struct verr *e)
{
	const struct topo_host *host = &t->hosts[h];
	char buf[TOPO_NAME_LEN];
	unsigned int w, v;
	int g;

	if (!name_ok(host->name))
		return fail(e, SUBJ_HOST, h, "name '%s' is not 1..15 characters of A-Z a-z 0-9 _ -",
			    safe(host->name, buf));
	for (g = 0; g < h; g++)
		if (!strcmp(t->hosts[g].name, host->name))
			return fail(e, SUBJ_HOST, h, "name %s is already used", host->name);
	if (host->nr_windows > TOPO_MAX_WINDOWS)
		return fail(e, SUBJ_HOST, h, "%u windows, at most %d", host->nr_windows,
			    TOPO_MAX_WINDOWS);
	for (w = 0; w < host->nr_windows; w++) {
		const struct topo_window *win = &host->windows[w];

		if (!win->size)
			return fail(e, SUBJ_HOST, h, "window %u has size 0", w);
		if ((win->cpu_start | win->size | win->bus_start) & (SZ_4K - 1))
			return fail(e, SUBJ_HOST, h, "window " MEM_FMT " is not 4 KiB aligned",
				    RANGE(win->cpu_start, win->size));
		if (win->cpu_start < TOPO_MMIO_START || win->cpu_start >= TOPO_MMIO_END ||
		    win->size > TOPO_MMIO_END - win->cpu_start)
			return fail(e, SUBJ_HOST, h, "window " MEM_FMT " is outside the MMIO space "
				    MEM_FMT, RANGE(win->cpu_start, win->size),
				    RANGE(TOPO_MMIO_START, TOPO_MMIO_END - TOPO_MMIO_START));
		if (win->bus_start + (win->size - 1) < win->bus_start)
			return fail(e, SUBJ_HOST, h, "window " MEM_FMT ": its bus addresses from 0x%llx wrap around",
				    RANGE(win->cpu_start, win->size),
				    (unsigned long long)win->bus_start);
		/* every earlier window, of earlier host bridges and of this one */
		for (g = 0; g <= h; g++) {
			const struct topo_host *other = &t->hosts[g];

			for (v = 0; v < (g < h ? other->nr_windows : w); v++) {
				const struct topo_window *o = &other->windows[v];

				if (ranges_overlap(win->cpu_start, win->size,
						   o->cpu_start, o->size))
					return fail(e, SUBJ_HOST, h, "window " MEM_FMT " overlaps window "
						    MEM_FMT " of %s", RANGE(win->cpu_start, win->size),
						    RANGE(o->cpu_start, o->size), other->name);
				/* a host bridge must map bus addresses back unambiguously */
				if (g == h && ranges_overlap(win->bus_start, win->size,
							     o->bus_start, o->size))
					return fail(e, SUBJ_HOST, h, "window " MEM_FMT ": bus addresses 0x%llx-0x%llx overlap those of window "
						    MEM_FMT, RANGE(win->cpu_start, win->size),
						    RANGE(win->bus_start, win->size),
						    RANGE(o->cpu_start, o->size));
			}
		}
	}
	return 0;
}

static bool same_bus(const struct topo_node *a, const struct topo_node *b)
{
	return a->parent == b->parent && (a->parent >= 0 || a->host == b->host);
}

/* The up-links of node i: parent or host, their kinds, no cycle, host. */
static int check_links(const struct topology *t, int i, struct verr *e)
{
	const struct topo_node *n = &t->nodes[i], *p;
	const char *type = type_names[n->type];
	bool seen[TOPO_MAX_NODES] = { false };
	char chain[160], buf[TOPO_NAME_LEN];
	size_t len = 0;
	int cur;

	if (on_root_bus(n->type)) {
		if (n->parent != -1)
			return fail(e, SUBJ_NODE, i, "%s %s sits on a host bridge's root bus, not below node %d",
				    article(type), type, n->parent);
		if (n->host < 0 || n->host >= (int)t->nr_hosts)
			return fail(e, SUBJ_NODE, i, "host bridge %d does not exist", n->host);
		return 0;
	}
	if (n->parent < 0 || n->parent >= (int)t->nr_nodes)
		return fail(e, SUBJ_NODE, i, "parent %d does not exist", n->parent);

	/* the text form cannot say this (parents come first), the binary one can */
	for (cur = i; cur >= 0 && cur < (int)t->nr_nodes && !seen[cur];
	     cur = t->nodes[cur].parent) {
		seen[cur] = true;
		if (len < sizeof(chain))
			len += snprintf(chain + len, sizeof(chain) - len, "%s -> ",
					safe(t->nodes[cur].name, buf));
	}
	if (cur >= 0 && cur < (int)t->nr_nodes)
		return fail(e, SUBJ_NODE, i, "parents form a cycle: %s%s", chain,
			    safe(t->nodes[cur].name, buf));

	p = &t->nodes[n->parent];
	if (n->parent > i)
		return fail(e, SUBJ_NODE, i, "declared before its parent %s", safe(p->name, buf));
	switch (n->type) {
	case TOPO_SWITCH_UP:
	case TOPO_ENDPOINT:
		if (is_link_port(p->type))
			break;
		return fail(e, SUBJ_NODE, i, "parent %s is %s %s: %s %s sits below a root-port or switch-down",
			    p->name, article(type_names[p->type]), type_names[p->type],
			    article(type), type);
	default:		/* TOPO_SWITCH_DOWN */
		if (p->type == TOPO_SWITCH_UP)
			break;
		return fail(e, SUBJ_NODE, i, "parent %s is %s %s: a switch-down sits below a switch-up",
			    p->name, article(type_names[p->type]), type_names[p->type]);
	}
	if (n->host != p->host)
		return fail(e, SUBJ_NODE, i, "host bridge %d differs from its parent's (%d)",
			    n->host, p->host);
	return 0;
}

/* Its place on its bus: device and function numbers, and who else is there. */
static int check_devfn(const struct topology *t, int i, struct verr *e)
{
	const struct topo_node *n = &t->nodes[i];
	const struct topo_host *host = &t->hosts[n->host];
	bool has_fn0 = n->parent < 0 && host->hb_dev && n->slot == 0;
	int j;

	if (n->slot > 31)
		return fail(e, SUBJ_NODE, i, "device number 0x%x is above 0x1f", n->slot);
	if (n->fn > 7)
		return fail(e, SUBJ_NODE, i, "function number %u is above 7", n->fn);
	/* pci_scan_slot() only looks at device 0 below a PCIe port */
	if (n->parent >= 0 && is_link_port(t->nodes[n->parent].type) && n->slot)
		return fail(e, SUBJ_NODE, i, "at=%02x.%u: below the %s %s (a PCIe link) only device 0 exists",
			    n->slot, n->fn, type_names[t->nodes[n->parent].type],
			    t->nodes[n->parent].name);
	if (n->parent < 0 && host->hb_dev && n->slot == 0 && n->fn == 0)
		return fail(e, SUBJ_NODE, i, "at=00.0 is the host bridge function of %s (hbdev=)",
			    host->name);
	for (j = 0; j < (int)t->nr_nodes; j++) {
		const struct topo_node *o = &t->nodes[j];

		if (j == i || !same_bus(n, o) || o->slot != n->slot)
			continue;
		if (j < i && o->fn == n->fn)
			return fail(e, SUBJ_NODE, i, "at=%02x.%u is already taken by %s on this bus",
				    n->slot, n->fn, o->name);
		has_fn0 |= o->fn == 0;
	}
	if (n->fn && !has_fn0)
		return fail(e, SUBJ_NODE, i, "at=%02x.%u: device %02x has no function 0",
			    n->slot, n->fn, n->slot);
	return 0;
}

static int check_bar(const struct topology *t, int i, int b, struct verr *e)
{
	const struct topo_node *n = &t->nodes[i];
	const struct topo_bar *bar = &n->bars[b];
	const struct topo_host *host = &t->hosts[n->host];
	int nr_bars = is_bridge(n->type) ? 2 : TOPO_NR_BARS;
	const struct topo_window *win = NULL;
	uint64_t bus, end;
	char list[160];
	size_t len = 0;
	unsigned int w;
	int j, c;

	if (!bar->size) {
		if (bar->cpu_start || bar->mem64 || bar->prefetch || bar->p2p || bar->p2p_offset ||
		    bar->p2p_size)
			return fail(e, SUBJ_NODE, i, "bar%d has size 0 (no BAR) but other fields set", b);
		return 0;
	}
	if (b >= nr_bars)
		return fail(e, SUBJ_NODE, i, "bar%d: a bridge (%s) has only bar0 and bar1", b,
			    type_names[n->type]);
	if (b > 0 && n->bars[b - 1].size && n->bars[b - 1].mem64)
		return fail(e, SUBJ_NODE, i, "bar%d is the upper half of the 64-bit bar%d", b, b - 1);
	if (bar->mem64 && b + 1 >= nr_bars)
		return fail(e, SUBJ_NODE, i, "bar%d is 64-bit but has no bar%d for its upper half", b, b + 1);
	if (bar->size & (bar->size - 1) || bar->size < SZ_4K)
		return fail(e, SUBJ_NODE, i, "bar%d: size 0x%llx is not a power of two of at least 4 KiB",
			    b, (unsigned long long)bar->size);
	if (bar->cpu_start & (bar->size - 1))
		return fail(e, SUBJ_NODE, i, "bar%d " MEM_FMT " is not aligned to its size", b,
			    RANGE(bar->cpu_start, bar->size));
	end = bar->cpu_start + (bar->size - 1);
	for (w = 0; w < host->nr_windows && !win; w++) {
		const struct topo_window *o = &host->windows[w];

		if (bar->cpu_start >= o->cpu_start && end <= o->cpu_start + (o->size - 1))
			win = o;
		else if (len < sizeof(list))
			len += snprintf(list + len, sizeof(list) - len, "%s" MEM_FMT,
					w ? ", " : "", RANGE(o->cpu_start, o->size));
	}
	if (!win)
		return fail(e, SUBJ_NODE, i, "bar%d " MEM_FMT " is outside every window of %s (%s)",
			    b, RANGE(bar->cpu_start, bar->size), host->name,
			    host->nr_windows ? list : "it has none");
	bus = bar->cpu_start - win->cpu_start + win->bus_start;
	if (!bar->mem64 && bus + (bar->size - 1) >= SZ_4G)
		return fail(e, SUBJ_NODE, i, "bar%d is 32-bit but its bus addresses 0x%llx-0x%llx are above 4 GiB",
			    b, RANGE(bus, bar->size));
	if (!bar->p2p && (bar->p2p_offset || bar->p2p_size))
		return fail(e, SUBJ_NODE, i, "bar%d: a p2p range without p2p", b);
	if (bar->p2p && (bar->p2p_offset | bar->p2p_size) & (SZ_4K - 1))
		return fail(e, SUBJ_NODE, i, "bar%d: p2p=0x%llx+0x%llx is not 4 KiB aligned", b,
			    (unsigned long long)bar->p2p_offset, (unsigned long long)bar->p2p_size);
	if (bar->p2p && (bar->p2p_offset >= bar->size ||
			 bar->p2p_size > bar->size - bar->p2p_offset))
		return fail(e, SUBJ_NODE, i, "bar%d: p2p=0x%llx+0x%llx is outside the BAR (size 0x%llx)",
			    b, (unsigned long long)bar->p2p_offset,
			    (unsigned long long)bar->p2p_size, (unsigned long long)bar->size);
	/* the BARs checked before this one */
	for (j = 0; j <= i; j++) {
		const struct topo_node *o = &t->nodes[j];

		for (c = 0; c < (j < i ? TOPO_NR_BARS : b); c++) {
			const struct topo_bar *ob = &o->bars[c];

			if (ob->size && ranges_overlap(bar->cpu_start, bar->size,
						       ob->cpu_start, ob->size))
				return fail(e, SUBJ_NODE, i, "bar%d " MEM_FMT " overlaps bar%d of %s "
					    MEM_FMT, b, RANGE(bar->cpu_start, bar->size), c,
					    o->name, RANGE(ob->cpu_start, ob->size));
		}
	}
	return 0;
}

static int check_node(const struct topology *t, int i, struct verr *e)
{
	const struct topo_node *n = &t->nodes[i];
	char buf[TOPO_NAME_LEN];
	int j, b, ret;

	if (!name_ok(n->name))
		return fail(e, SUBJ_NODE, i, "name '%s' is not 1..15 characters of A-Z a-z 0-9 _ -",
			    safe(n->name, buf));
	for (j = 0; j < (int)t->nr_hosts; j++)
		if (!strcmp(t->hosts[j].name, n->name))
			return fail(e, SUBJ_NODE, i, "name %s is already used by a host bridge", n->name);
	for (j = 0; j < i; j++)
		if (!strcmp(t->nodes[j].name, n->name))
			return fail(e, SUBJ_NODE, i, "name %s is already used", n->name);
	if ((unsigned int)n->type >= TOPO_NR_NODE_TYPES)
		return fail(e, SUBJ_NODE, i, "unknown node type %d", n->type);
	ret = check_links(t, i, e);
	if (!ret)
		ret = check_devfn(t, i, e);
	if (ret)
		return ret;
	if (n->acs_ctrl & ~TOPO_ACS_ALL)
		return fail(e, SUBJ_NODE, i, "ACS control 0x%x has undefined bits", n->acs_ctrl);
	if (n->acs_ctrl && !n->acs_cap)
		return fail(e, SUBJ_NODE, i, "ACS control bits without an ACS capability");
	for (b = 0; b < TOPO_NR_BARS; b++) {
		ret = check_bar(t, i, b, e);
		if (ret)
			return ret;
	}
	if (!is_endpoint(n->type))
		return 0;
	if ((unsigned int)n->iommu >= TOPO_NR_IOMMU)
		return fail(e, SUBJ_NODE, i, "unknown iommu mode %d", n->iommu);
	if (n->dma_bits < 24 || n->dma_bits > 64)
		return fail(e, SUBJ_NODE, i, "dma-bits=%u is out of range (24..64)", n->dma_bits);
	return 0;
}

/* Bus numbers: at most 0xff, and the host bridges of a segment apart. */
static int check_buses(const struct topology *t, struct verr *e)
{
	int bus_of[TOPO_MAX_NODES], sec[TOPO_MAX_NODES], last[TOPO_MAX_HOSTS];
	int h, g, i;

	topo_bus_numbers(t, bus_of, sec);
	for (h = 0; h < (int)t->nr_hosts; h++)
		last[h] = t->hosts[h].bus;
	for (i = 0; i < (int)t->nr_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		if (sec[i] > 0xff)
			return fail(e, SUBJ_NODE, i, "its secondary bus would be 0x%x: too many bridges below %s",
				    sec[i], t->hosts[n->host].name);
		if (sec[i] > last[n->host])
			last[n->host] = sec[i];
	}
	for (h = 0; h < (int)t->nr_hosts; h++) {
		const struct topo_host *host = &t->hosts[h];

		for (g = 0; g < h; g++)
			if (t->hosts[g].segment == host->segment && host->bus <= last[g] &&
			    t->hosts[g].bus <= last[h])
				return fail(e, SUBJ_HOST, h, "buses 0x%02x-0x%02x overlap buses 0x%02x-0x%02x of %s on segment 0x%04x",
					    host->bus, last[h], t->hosts[g].bus, last[g],
					    t->hosts[g].name, host->segment);
	}
	return 0;
}

static int validate(const struct topology *t, struct verr *e)
{
	int i, ret;

	if ((unsigned int)t->cpu_vendor > TOPO_CPU_AMD)
		return fail(e, SUBJ_CPU, 0, "unknown CPU vendor %d", t->cpu_vendor);
	if (t->nr_hosts > TOPO_MAX_HOSTS)
		return fail(e, SUBJ_TOPOLOGY, 0, "%u host bridges, at most %d", t->nr_hosts,
			    TOPO_MAX_HOSTS);
	if (t->nr_nodes > TOPO_MAX_NODES)
		return fail(e, SUBJ_TOPOLOGY, 0, "%u nodes, at most %d", t->nr_nodes, TOPO_MAX_NODES);
	for (i = 0; i < (int)t->nr_hosts; i++) {
		ret = check_host(t, i, e);
		if (ret)
			return ret;
	}
	for (i = 0; i < (int)t->nr_nodes; i++) {
		ret = check_node(t, i, e);
		if (ret)
			return ret;
	}
	return check_buses(t, e);
}

static int report(const struct topology *t, const struct verr *e, char *err, size_t errlen)
{
	const char *kind = e->subj == SUBJ_HOST ? "host" : "node";
	const char *name = e->subj == SUBJ_HOST ? t->hosts[e->idx].name : t->nodes[e->idx].name;

	if (e->subj == SUBJ_TOPOLOGY || e->subj == SUBJ_CPU)
		return errf(err, errlen, "%s: %s", e->subj == SUBJ_CPU ? "cpu" : "topology", e->msg);
	if (!name_ok(name))
		return errf(err, errlen, "%s #%d: %s", kind, e->idx, e->msg);
	return errf(err, errlen, "%s %s: %s", kind, name, e->msg);
}

int topo_validate(const struct topology *t, char *err, size_t errlen)
{
	struct verr e;

	if (validate(t, &e))
		return report(t, &e, err, errlen);
	return 0;
}

/* ---- the text form ------------------------------------------------------- */

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
	const char *what = type_names[type];
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
		for (v = 0; v < TOPO_NR_IOMMU && strcmp(vals[K_IOMMU], iommu_names[v]); v++)
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
		if (!strcmp(tok[0], type_names[type]))
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
	if (!validate(t, &e))
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

/* ---- the binary form ----------------------------------------------------- */

static void put_le(uint8_t *b, unsigned int bytes, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		b[i] = v >> (8 * i);
}

static uint64_t get_le(const uint8_t *b, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static bool pages_fit(uint64_t v)
{
	return !(v & (SZ_4K - 1)) && v >> 12 <= UINT32_MAX;
}

static bool encode_node(const struct topology *t, const struct topo_node *n, uint8_t *r)
{
	int b;

	if ((unsigned int)n->type >= TOPO_NR_NODE_TYPES || n->slot > 31 || n->fn > 7 ||
	    strnlen(n->name, TOPO_NAME_LEN) == TOPO_NAME_LEN)
		return false;
	if (on_root_bus(n->type) ? n->host < 0 : n->parent < 0)
		return false;
	memcpy(r, n->name, strlen(n->name));
	r[16] = n->type;
	r[17] = on_root_bus(n->type) ? n->host : n->parent;
	r[18] = n->slot << 3 | n->fn;
	r[19] = n->acs_cap | n->coherent << 1 | n->untrusted << 2;
	put_le(r + 20, 2, n->vendor);
	put_le(r + 22, 2, n->device);
	put_le(r + 24, 2, n->acs_ctrl);
	r[26] = n->iommu;
	r[27] = n->dma_bits;
	for (b = 0; b < TOPO_NR_BARS; b++) {
		const struct topo_bar *bar = &n->bars[b];
		uint8_t *br = r + 28 + b * BIN_BAR;

		if (!bar->size)
			continue;
		if (bar->size & (bar->size - 1) || !pages_fit(bar->cpu_start) ||
		    !pages_fit(bar->p2p_offset) || !pages_fit(bar->p2p_size))
			return false;
		put_le(br, 4, bar->cpu_start >> 12);
		br[4] = __builtin_ctzll(bar->size);
		br[5] = bar->mem64 | bar->prefetch << 1 | bar->p2p << 2;
		put_le(br + 6, 4, bar->p2p_offset >> 12);
		put_le(br + 10, 4, bar->p2p_size >> 12);
	}
	return true;
}

size_t topo_encode(const struct topology *t, uint8_t *buf, size_t cap)
{
	size_t size = BIN_HDR + t->nr_hosts * BIN_HOST + t->nr_nodes * BIN_NODE;
	unsigned int h, w, i;
	uint8_t *r;

	if (t->nr_hosts > TOPO_MAX_HOSTS || t->nr_nodes > TOPO_MAX_NODES || !buf || cap < size)
		return 0;
	memset(buf, 0, size);
	memcpy(buf, MAGIC, MAGIC_LEN);
	buf[8] = t->cpu_vendor;
	buf[9] = t->cpu_family;
	buf[10] = t->nr_hosts;
	buf[11] = t->nr_nodes;
	for (h = 0, r = buf + BIN_HDR; h < t->nr_hosts; h++, r += BIN_HOST) {
		const struct topo_host *host = &t->hosts[h];

		if (host->nr_windows > TOPO_MAX_WINDOWS ||
		    strnlen(host->name, TOPO_NAME_LEN) == TOPO_NAME_LEN)
			return 0;
		memcpy(r, host->name, strlen(host->name));
		put_le(r + 16, 2, host->segment);
		r[18] = host->bus;
		r[19] = host->hb_dev;
		put_le(r + 20, 2, host->vendor);
		put_le(r + 22, 2, host->device);
		r[24] = host->nr_windows;
		for (w = 0; w < host->nr_windows; w++) {
			put_le(r + 25 + w * BIN_WIN, 8, host->windows[w].cpu_start);
			put_le(r + 33 + w * BIN_WIN, 8, host->windows[w].size);
			put_le(r + 41 + w * BIN_WIN, 8, host->windows[w].bus_start);
		}
	}
	for (i = 0; i < t->nr_nodes; i++, r += BIN_NODE)
		if (!encode_node(t, &t->nodes[i], r))
			return 0;
	return size;
}

/* a name field: up to its NUL, which must be there; the bytes after are unused */
static bool decode_name(const uint8_t *r, char name[TOPO_NAME_LEN])
{
	const uint8_t *nul = memchr(r, 0, TOPO_NAME_LEN);

	if (!nul)
		return false;
	memcpy(name, r, nul - r);
	return true;
}

static int decode_node(const uint8_t *r, size_t off, struct topology *t, struct topo_node *n,
		       char *err, size_t errlen)
{
	unsigned int flags = r[19];
	char buf[TOPO_NAME_LEN];
	int b;

	if (!decode_name(r, n->name))
		return errf(err, errlen, "byte %zu: node name is not NUL-terminated", off);
	if (r[16] >= TOPO_NR_NODE_TYPES)
		return errf(err, errlen, "byte %zu: node %s: unknown type %u", off + 16, safe(n->name, buf), r[16]);
	n->type = r[16];
	n->parent = -1;
	if (on_root_bus(n->type) && r[17] >= t->nr_hosts)
		return errf(err, errlen, "byte %zu: node %s: host bridge %u does not exist",
			    off + 17, safe(n->name, buf), r[17]);
	if (!on_root_bus(n->type) && r[17] >= t->nr_nodes)
		return errf(err, errlen, "byte %zu: node %s: parent %u does not exist",
			    off + 17, safe(n->name, buf), r[17]);
	if (on_root_bus(n->type))
		n->host = r[17];
	else
		n->parent = r[17];
	n->slot = r[18] >> 3;
	n->fn = r[18] & 7;
	n->vendor = get_le(r + 20, 2);
	n->device = get_le(r + 22, 2);
	n->acs_cap = flags & 1;
	n->acs_ctrl = n->acs_cap ? get_le(r + 24, 2) & TOPO_ACS_ALL : 0;
	/* DMA properties mean something on endpoints only: the defaults elsewhere */
	n->iommu = TOPO_IOMMU_DMA;
	n->dma_bits = 64;
	n->coherent = true;
	if (is_endpoint(n->type)) {
		if (r[26] >= TOPO_NR_IOMMU)
			return errf(err, errlen, "byte %zu: node %s: unknown iommu mode %u",
				    off + 26, safe(n->name, buf), r[26]);
		n->iommu = r[26];
		n->dma_bits = r[27];
		n->coherent = flags >> 1 & 1;
		n->untrusted = flags >> 2 & 1;
	}
	for (b = 0; b < TOPO_NR_BARS; b++) {
		const uint8_t *br = r + 28 + b * BIN_BAR;
		struct topo_bar *bar = &n->bars[b];

		if (!br[4])
			continue;	/* no BAR: the other bytes are unused */
		if (br[4] > 63)
			return errf(err, errlen, "byte %zu: node %s: bar%d size 2^%u",
				    off + 28 + b * BIN_BAR + 4, safe(n->name, buf), b, br[4]);
		bar->cpu_start = get_le(br, 4) << 12;
		bar->size = 1ULL << br[4];
		bar->mem64 = br[5] & 1;
		bar->prefetch = br[5] >> 1 & 1;
		bar->p2p = br[5] >> 2 & 1;
		if (bar->p2p) {
			bar->p2p_offset = get_le(br + 6, 4) << 12;
			bar->p2p_size = get_le(br + 10, 4) << 12;
		}
	}
	return 0;
}

int topo_decode(const uint8_t *buf, size_t len, struct topology *t, char *err, size_t errlen)
{
	char name[TOPO_NAME_LEN];
	size_t need, off, i;
	unsigned int w;
	int ret;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < len && i < MAGIC_LEN; i++)
		if (buf[i] != (uint8_t)MAGIC[i])
			return errf(err, errlen, "byte %zu: not a binary topology (no %s magic)", i,
				    MAGIC);
	if (len < BIN_HDR)
		return errf(err, errlen, "byte %zu: truncated header (%d bytes)", len, BIN_HDR);
	if (buf[8] > TOPO_CPU_AMD)
		return errf(err, errlen, "byte 8: unknown CPU vendor %u (0 other, 1 intel, 2 amd)",
			    buf[8]);
	if (buf[10] > TOPO_MAX_HOSTS)
		return errf(err, errlen, "byte 10: %u host bridges, at most %d", buf[10],
			    TOPO_MAX_HOSTS);
	if (buf[11] > TOPO_MAX_NODES)
		return errf(err, errlen, "byte 11: %u nodes, at most %d", buf[11], TOPO_MAX_NODES);
	t->cpu_vendor = buf[8];
	t->cpu_family = buf[9];
	t->nr_hosts = buf[10];
	t->nr_nodes = buf[11];
	need = BIN_HDR + t->nr_hosts * BIN_HOST + t->nr_nodes * BIN_NODE;
	if (len < need) {
		off = BIN_HDR + t->nr_hosts * BIN_HOST;
		if (len < off)
			return errf(err, errlen, "byte %zu: truncated host record %zu of %u (%d bytes)",
				    len, (len - BIN_HDR) / BIN_HOST, t->nr_hosts, BIN_HOST);
		return errf(err, errlen, "byte %zu: truncated node record %zu of %u (%d bytes)",
			    len, (len - off) / BIN_NODE, t->nr_nodes, BIN_NODE);
	}
	if (len > need)
		return errf(err, errlen, "byte %zu: %zu extra bytes after the last record", need,
			    len - need);

	for (i = 0, off = BIN_HDR; i < t->nr_hosts; i++, off += BIN_HOST) {
		const uint8_t *r = buf + off;
		struct topo_host *host = &t->hosts[i];

		if (!decode_name(r, host->name))
			return errf(err, errlen, "byte %zu: host name is not NUL-terminated", off);
		host->segment = get_le(r + 16, 2);
		host->bus = r[18];
		host->hb_dev = r[19] & 1;
		if (host->hb_dev) {
			host->vendor = get_le(r + 20, 2);
			host->device = get_le(r + 22, 2);
		}
		if (r[24] > TOPO_MAX_WINDOWS)
			return errf(err, errlen, "byte %zu: host %s: %u windows, at most %d",
				    off + 24, safe(host->name, name), r[24], TOPO_MAX_WINDOWS);
		host->nr_windows = r[24];
		for (w = 0; w < host->nr_windows; w++) {
			host->windows[w].cpu_start = get_le(r + 25 + w * BIN_WIN, 8);
			host->windows[w].size = get_le(r + 33 + w * BIN_WIN, 8);
			host->windows[w].bus_start = get_le(r + 41 + w * BIN_WIN, 8);
		}
	}
	for (i = 0; i < t->nr_nodes; i++, off += BIN_NODE) {
		ret = decode_node(buf + off, off, t, &t->nodes[i], err, errlen);
		if (ret)
			return ret;
	}
	/*
	 * Nodes below a port take their parent's host bridge. A cycle or a
	 * forward reference leaves host 0 here; topo_validate() says which.
	 */
	for (i = 0; i < t->nr_nodes; i++) {
		struct topo_node *n = &t->nodes[i];
		int cur = i, steps;

		for (steps = 0; steps <= (int)t->nr_nodes && t->nodes[cur].parent >= 0; steps++)
			cur = t->nodes[cur].parent;
		n->host = t->nodes[cur].parent < 0 ? t->nodes[cur].host : 0;
	}
	return topo_validate(t, err, errlen);
}

int topo_load(const char *path, struct topology *t, char *err, size_t errlen)
{
	enum { MAX_FILE = 1 << 20 };
	char inner[256];
	size_t len = 0;
	uint8_t *buf;
	FILE *f;
	int ret;

	f = fopen(path, "rb");
	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	buf = malloc(MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return errf(err, errlen, "%s: out of memory", path);
	}
	len = fread(buf, 1, MAX_FILE + 1, f);
	ret = ferror(f);
	fclose(f);
	if (ret)
		ret = errf(err, errlen, "%s: read error", path);
	else if (len > MAX_FILE)
		ret = errf(err, errlen, "%s: larger than 1 MiB, not a topology", path);
	else if (len >= MAGIC_LEN && !memcmp(buf, MAGIC, MAGIC_LEN))
		ret = topo_decode(buf, len, t, inner, sizeof(inner));
	else
		ret = topo_parse_text((const char *)buf, len, t, inner, sizeof(inner));
	if (ret && len <= MAX_FILE)
		errf(err, errlen, "%s: %s", path, inner);
	free(buf);
	return ret;
}

/* ---- lookups and derived facts ------------------------------------------- */

int topo_find_node(const struct topology *t, const char *name)
{
	unsigned int i;

	for (i = 0; name && i < t->nr_nodes && i < TOPO_MAX_NODES; i++)
		if (!strncmp(t->nodes[i].name, name, TOPO_NAME_LEN))
			return i;
	return -1;
}

/*
 * Number the bus below parent (-1: the root bus of host) and, depth first,
 * the buses below it: the children in (slot, fn) order, each bridge taking
 * the next free number for its secondary bus.
 */
static void number_bus(const struct topology *t, int host, int parent, int busnr, int *next,
		       int bus_of[TOPO_MAX_NODES], int sec[TOPO_MAX_NODES])
{
	int nr = t->nr_nodes < TOPO_MAX_NODES ? t->nr_nodes : TOPO_MAX_NODES;

	for (;;) {
		int i, best = -1;

		for (i = 0; i < nr; i++) {
			const struct topo_node *n = &t->nodes[i];

			/* numbered already: also what stops a malformed tree */
			if (bus_of[i] >= 0 || n->parent != parent ||
			    (parent < 0 && n->host != host))
				continue;
			if (best < 0 || devfn(n) < devfn(&t->nodes[best]))
				best = i;
		}
		if (best < 0)
			return;
		bus_of[best] = busnr;
		if (is_bridge(t->nodes[best].type)) {
			sec[best] = (*next)++;
			number_bus(t, host, best, sec[best], next, bus_of, sec);
		}
	}
}

void topo_bus_numbers(const struct topology *t, int bus_of[TOPO_MAX_NODES],
		      int secondary_of[TOPO_MAX_NODES])
{
	unsigned int h;
	int i, next;

	for (i = 0; i < TOPO_MAX_NODES; i++)
		bus_of[i] = secondary_of[i] = -1;
	for (h = 0; h < t->nr_hosts && h < TOPO_MAX_HOSTS; h++) {
		next = t->hosts[h].bus + 1;
		number_bus(t, h, -1, t->hosts[h].bus, &next, bus_of, secondary_of);
	}
}

void topo_bdf(const struct topology *t, int node, char buf[16])
{
	int bus_of[TOPO_MAX_NODES], sec[TOPO_MAX_NODES];
	const struct topo_node *n;

	topo_bus_numbers(t, bus_of, sec);
	if (node < 0 || node >= (int)t->nr_nodes || node >= TOPO_MAX_NODES || bus_of[node] < 0 ||
	    t->nodes[node].host < 0 || t->nodes[node].host >= TOPO_MAX_HOSTS) {
		snprintf(buf, 16, "?");
		return;
	}
	n = &t->nodes[node];
	snprintf(buf, 16, "%04x:%02x:%02x.%d", t->hosts[n->host].segment, bus_of[node] & 0xff,
		 n->slot & 0x1f, n->fn & 7);
}

bool topo_cpu_to_bus(const struct topology *t, int node, uint64_t cpu, uint64_t *bus)
{
	const struct topo_host *host;
	unsigned int w;

	if (node < 0 || node >= (int)t->nr_nodes || node >= TOPO_MAX_NODES)
		return false;
	if (t->nodes[node].host < 0 || t->nodes[node].host >= (int)t->nr_hosts)
		return false;
	host = &t->hosts[t->nodes[node].host];
	for (w = 0; w < host->nr_windows && w < TOPO_MAX_WINDOWS; w++) {
		const struct topo_window *win = &host->windows[w];

		if (cpu >= win->cpu_start && cpu - win->cpu_start < win->size) {
			*bus = cpu - win->cpu_start + win->bus_start;
			return true;
		}
	}
	return false;
}
