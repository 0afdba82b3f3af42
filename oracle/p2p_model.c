// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference model of P2P DMA decisions (p2p_model.h). It follows the
 * rules of docs/topology.md step by step: find the path between the two
 * functions in the PCI tree, see whether ACS sends it up to the root
 * complex, and if it does (or there is no common upstream device at all),
 * whether that root complex is known to route peer traffic.
 */
#include <stdarg.h>
#include <string.h>

#include "oracle/p2p_model.h"

/* ACS controls that send peer TLPs up to the root complex */
#define ACS_REDIRECT	(TOPO_ACS_RR | TOPO_ACS_CR | TOPO_ACS_EC)

/*
 * Root complexes known to route P2P traffic, by the ids of the function
 * that identifies their host bridge. same_host_only: only between devices
 * below the same host bridge.
 */
static const struct known_rc {
	uint16_t vendor, device;	/* device 0xffff: any */
	bool same_host_only;
} known_rcs[] = {
	/* Intel Xeon E5 / Core i7, Xeon E5 v3 */
	{ 0x8086, 0x3c00, true }, { 0x8086, 0x3c01, true },
	{ 0x8086, 0x2f00, true }, { 0x8086, 0x2f01, true },
	/* Intel Skylake-E */
	{ 0x8086, 0x2030, false }, { 0x8086, 0x2031, false }, { 0x8086, 0x2032, false },
	{ 0x8086, 0x2033, false }, { 0x8086, 0x2020, false },
	{ 0x8086, 0x09a2, false },
	/* Intel DSA, IAX/IAA and QAT devices (SPR, GNR-D, DMR) */
	{ 0x8086, 0x0b25, false }, { 0x8086, 0x0cfe, false }, { 0x8086, 0x11fb, false },
	{ 0x8086, 0x1212, false }, { 0x8086, 0x1216, false },
	{ 0x8086, 0x4940, false }, { 0x8086, 0x4942, false }, { 0x8086, 0x4944, false },
	{ 0x8086, 0x4946, false }, { 0x8086, 0x4948, false },
	/* Google: every root complex */
	{ 0x1ae0, 0xffff, false },
	/* NVIDIA Grace */
	{ 0x10de, 0x2f95, false }, { 0x10de, 0x2f96, false }, { 0x10de, 0x2f97, false },
	{ 0x10de, 0x2f98, false },
};

const char *p2p_map_name(enum p2p_map map)
{
	switch (map) {
	case P2P_MAP_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case P2P_MAP_BUS_ADDR:
		return "BUS_ADDR";
	case P2P_MAP_THRU_HOST_BRIDGE:
		return "THRU_HOST_BRIDGE";
	}
	return "unknown";
}

static int nr_nodes(const struct topology *t)
{
	return t->nr_nodes < TOPO_MAX_NODES ? t->nr_nodes : TOPO_MAX_NODES;
}

static bool host_ok(const struct topology *t, int host)
{
	return host >= 0 && host < (int)t->nr_hosts && host < TOPO_MAX_HOSTS;
}

static void __attribute__((format(printf, 2, 3)))
why_add(struct p2p_verdict *v, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	if (v->no_why)
		return;
	len = strlen(v->why);
	va_start(ap, fmt);
	vsnprintf(v->why + len, sizeof(v->why) - len, fmt, ap);
	va_end(ap);
}

/*
 * What identifies a host bridge's root complex: its host bridge function at
 * 00.0, or else its first root-bus function if that is a root port. Returns
 * false if neither; *via is the node used (-1: the host bridge function).
 */
static bool host_identity(const struct topology *t, int host, uint16_t *vendor,
			  uint16_t *device, int *via)
{
	const struct topo_host *h = &t->hosts[host];
	int i, first = -1;

	*via = -1;
	if (h->hb_dev) {
		*vendor = h->vendor;
		*device = h->device;
		return true;
	}
	for (i = 0; i < nr_nodes(t); i++) {
		const struct topo_node *n = &t->nodes[i];

		if (n->parent != -1 || n->host != host)
			continue;
		if (first < 0 || n->slot * 8 + n->fn <
				 t->nodes[first].slot * 8 + t->nodes[first].fn)
			first = i;
	}
	*via = first;
	if (first < 0 || t->nodes[first].type != TOPO_ROOT_PORT)
		return false;
	*vendor = t->nodes[first].vendor;
	*device = t->nodes[first].device;
	return true;
}

static const struct known_rc *known_rc(const struct topology *t, int host)
{
	uint16_t vendor, device;
	unsigned int i;
	int via;

	if (!host_ok(t, host) || !host_identity(t, host, &vendor, &device, &via))
		return NULL;
	for (i = 0; i < sizeof(known_rcs) / sizeof(known_rcs[0]); i++)
		if (known_rcs[i].vendor == vendor &&
		    (known_rcs[i].device == 0xffff || known_rcs[i].device == device))
			return &known_rcs[i];
	return NULL;
}

bool p2p_model_host_routes_p2p(const struct topology *t, int host, bool same_host)
{
	const struct known_rc *rc = known_rc(t, host);

	return rc && (same_host || !rc->same_host_only);
}

/* "hb0 (8086:2020)", "hb0 (root port rp0, 8086:2030)" or "hb0 (unidentified: ...)" */
static void why_host(struct p2p_verdict *v, const struct topology *t, int host)
{
	uint16_t vendor, device;
	int via;

	if (!host_identity(t, host, &vendor, &device, &via))
		why_add(v, "%.15s (unidentified: %s)", t->hosts[host].name,
			via < 0 ? "no host bridge function, no root-bus device" :
			"its first root-bus function is not a root port");
	else if (via < 0)
		why_add(v, "%.15s (%04x:%04x)", t->hosts[host].name, vendor, device);
	else
		why_add(v, "%.15s (root port %.15s, %04x:%04x)", t->hosts[host].name,
			t->nodes[via].name, vendor, device);
}

/*
 * Through the root complex: the CPU routes P2P (AMD Zen and later), or the
 * host bridges are known to, within one host bridge or between two.
 */
static void decide_root_complex(const struct topology *t, int hp, int hc, struct p2p_verdict *v)
{
	v->map = P2P_MAP_THRU_HOST_BRIDGE;
	if (t->cpu_vendor == TOPO_CPU_AMD && t->cpu_family >= 0x17) {
		why_add(v, "; AMD family 0x%x CPU routes P2P", t->cpu_family);
		return;
	}
	if (!host_ok(t, hp) || !host_ok(t, hc)) {
		v->map = P2P_MAP_NOT_SUPPORTED;
		why_add(v, "; no such host bridge");
		return;
	}
	if (hp == hc) {
		why_add(v, "; host bridge ");
		why_host(v, t, hp);
		if (p2p_model_host_routes_p2p(t, hp, true)) {
			why_add(v, " routes P2P");
			return;
		}
		v->map = P2P_MAP_NOT_SUPPORTED;
		why_add(v, " is not known to route P2P");
		return;
	}
	why_add(v, "; host bridges ");
	why_host(v, t, hp);
	why_add(v, " and ");
	why_host(v, t, hc);
	if (p2p_model_host_routes_p2p(t, hp, false) && p2p_model_host_routes_p2p(t, hc, false)) {
		why_add(v, " route P2P between each other");
		return;
	}
	v->map = P2P_MAP_NOT_SUPPORTED;
	if (!known_rc(t, hp) || !known_rc(t, hc))
		why_add(v, ": %s not known to route P2P",
			known_rc(t, hp) || known_rc(t, hc) ? "one is" : "neither is");
	else
		why_add(v, ": P2P only within one host bridge");
}

/* n, its parent, ..., its root-bus device; the number of devices */
static int upstream_chain(const struct topology *t, int n, int chain[TOPO_MAX_NODES])
{
	int len = 0;

	while (n >= 0 && n < nr_nodes(t) && len < TOPO_MAX_NODES) {
		chain[len++] = n;
		n = t->nodes[n].parent;
	}
	return len;
}

static bool acs_redirects(const struct topo_node *n)
{
	return n->acs_cap && (n->acs_ctrl & ACS_REDIRECT);
}

/* Where the TLPs between two different functions go, in the PCI tree. */
struct p2p_path {
	int common;		/* the lowest common upstream device, -1: none */
	int distance;
	int redirect;		/* a device on the path whose ACS redirects, -1: none */
	int proot, croot;	/* each side's root-bus device */
};

static void find_path(const struct topology *t, int provider, int client, struct p2p_path *path)
{
	int pchain[TOPO_MAX_NODES], cchain[TOPO_MAX_NODES];
	int plen = upstream_chain(t, provider, pchain);
	int clen = upstream_chain(t, client, cchain);
	int i, j = 0, k;

	path->proot = pchain[plen - 1];
	path->croot = cchain[clen - 1];
	path->common = -1;
	path->redirect = -1;
	/* the first of the provider's upstream devices that is also the client's */
	for (i = 0; i < plen && path->common < 0; i++)
		for (j = 0; j < clen && path->common < 0; j++)
			if (pchain[i] == cchain[j])
				path->common = pchain[i];
	if (path->common < 0) {
		/* up to each root-bus device and across the root complex */
		path->distance = plen + clen;
		return;
	}
	/* i, j are one past the common device's place in each chain */
	path->distance = (i - 1) + (j - 1);
	/* the provider up to and including the common device, the client up to below it */
	for (k = 0; k < i && path->redirect < 0; k++)
		if (acs_redirects(&t->nodes[pchain[k]]))
			path->redirect = pchain[k];
	for (k = 0; k < j - 1 && path->redirect < 0; k++)
		if (acs_redirects(&t->nodes[cchain[k]]))
			path->redirect = cchain[k];
}

static void decide(const struct topology *t, int provider, int client, struct p2p_verdict *v,
		   bool why)
{
	const struct topo_node *nodes = t->nodes;
	struct p2p_path path;

	memset(v, 0, sizeof(*v));
	v->no_why = !why;
	v->map = P2P_MAP_NOT_SUPPORTED;
	v->distance = -1;
	if (provider < 0 || provider >= nr_nodes(t) || client < 0 || client >= nr_nodes(t)) {
		why_add(v, "no such node");
		return;
	}
	/*
	 * A function reaching its own BAR: the request never leaves it (a
	 * function's ACS controls its requests to its peers), so bus
	 * addresses at distance 0, as the kernel-doc of the p2pdma distance
	 * calculation promises.
	 */
	if (provider == client) {
		v->map = P2P_MAP_BUS_ADDR;
		v->distance = 0;
		why_add(v, "same function %.15s: its own BAR, bus addresses", nodes[provider].name);
		return;
	}
	find_path(t, provider, client, &path);
	v->distance = path.distance;
	if (path.common < 0) {
		why_add(v, "no common upstream device (%.15s, %.15s on the root bus)",
			nodes[path.proot].name, nodes[path.croot].name);
	} else {
		why_add(v, "common upstream %.15s", nodes[path.common].name);
		if (path.redirect < 0) {
			v->map = P2P_MAP_BUS_ADDR;
			why_add(v, ", no ACS redirect on the path: bus addresses");
			return;
		}
		why_add(v, ", ACS redirect at %.15s on the path", nodes[path.redirect].name);
	}
	decide_root_complex(t, nodes[provider].host, nodes[client].host, v);
}

void p2p_model_decide(const struct topology *t, int provider, int client,
		      struct p2p_verdict *v)
{
	decide(t, provider, client, v, true);
}

void p2p_model_verdict(const struct topology *t, int provider, int client,
		       struct p2p_verdict *v)
{
	decide(t, provider, client, v, false);
}

int p2p_model_distance_many(const struct topology *t, int provider,
			    const int *clients, int nr_clients)
{
	struct p2p_verdict v;
	int i, sum = 0;

	if (nr_clients <= 0 || !clients)
		return -1;
	for (i = 0; i < nr_clients; i++) {
		p2p_model_verdict(t, provider, clients[i], &v);
		if (v.map == P2P_MAP_NOT_SUPPORTED)
			return -1;
		sum += v.distance;
	}
	return sum;
}
