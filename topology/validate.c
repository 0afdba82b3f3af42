// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checks both parsers of a topology run (topo_validate()): names, the
 * tree, places on the buses, bus numbers, windows, BARs, ACS and the DMA
 * side. docs/topology.md lists them; every error is one line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "topology/internal.h"

#define SZ_4G		0x100000000ULL

/* the port above a PCIe link: the only device below it is device 0 */
static bool is_link_port(enum topo_node_type type)
{
	return type == TOPO_ROOT_PORT || type == TOPO_SWITCH_DOWN;
}

/* inclusive ends, as the kernel's %pR prints them */
#define RANGE(start, size)	(unsigned long long)(start), \
				(unsigned long long)((start) + (size) - 1)
#define MEM_FMT			"[mem 0x%llx-0x%llx]"

static bool ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a <= b + (bsize - 1) && b <= a + (asize - 1);
}

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
	const char *type = topo_type_names[n->type];
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
			    p->name, article(topo_type_names[p->type]), topo_type_names[p->type],
			    article(type), type);
	default:		/* TOPO_SWITCH_DOWN */
		if (p->type == TOPO_SWITCH_UP)
			break;
		return fail(e, SUBJ_NODE, i, "parent %s is %s %s: a switch-down sits below a switch-up",
			    p->name, article(topo_type_names[p->type]), topo_type_names[p->type]);
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
			    n->slot, n->fn, topo_type_names[t->nodes[n->parent].type],
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
			    topo_type_names[n->type]);
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

int topo_check(const struct topology *t, struct verr *e)
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

	if (topo_check(t, &e))
		return report(t, &e, err, errlen);
	return 0;
}
