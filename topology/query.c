// SPDX-License-Identifier: GPL-2.0-only
/*
 * What follows from a topology: nodes by name, bus numbers as the kernel
 * enumerates them, BDFs, and the bus address of a CPU address.
 */
#include <stdio.h>
#include <string.h>

#include "topology/internal.h"

/* (device, function) order */
static int devfn(const struct topo_node *n)
{
	return n->slot * 8 + n->fn;
}

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
