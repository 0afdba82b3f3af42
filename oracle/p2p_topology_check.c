// SPDX-License-Identifier: GPL-2.0-only
/*
 * The P2P oracle over whole topologies (p2p_check.h): the known kernel bugs
 * a check must leave out, and every decision and mapping check of a
 * topology, all at once or in turns (p2p_check.c checks one of each).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <dmalab/runtime.h>

#include "oracle/p2p_check.h"
#include "oracle/known_bugs.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

static bool say(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

static p2p_step_fn *observer;
static void *observer_arg;

void p2p_check_observe(p2p_step_fn *fn, void *arg)
{
	observer = fn;
	observer_arg = arg;
}

/* Tell the observer, if any, of one check; returns ok. */
static bool step(enum p2p_step_kind kind, int p, int b, int c, int path, u64 off, u64 len,
		 const char *bug, bool ok)
{
	if (observer)
		observer(&(struct p2p_step){
			.kind = kind, .provider = p, .bar = b, .client = c, .path = path,
			.off = off, .len = len, .bug = bug, .ok = ok,
		}, observer_arg);
	return ok;
}

static bool acs_redirects(const struct topo_node *n)
{
	return n->acs_cap && (n->acs_ctrl & (TOPO_ACS_RR | TOPO_ACS_CR | TOPO_ACS_EC));
}

bool p2p_known_bug_own_acs(const struct topology *t, int provider, int client)
{
	return provider == client && acs_redirects(&t->nodes[provider]);
}

bool p2p_known_bug_untrusted_sg(const struct topo_system *s, int provider, int client,
				enum p2p_path path, u64 off, u64 len)
{
	const struct topology *t = s->t;
	struct p2p_verdict v;

	if ((path != P2P_PATH_SG && path != P2P_PATH_SG_MIXED) || !t->nodes[client].untrusted ||
	    !s->domain[client] ||
	    t->nodes[client].iommu == TOPO_IOMMU_IDENTITY)
		return false;
	p2p_model_verdict(t, provider, client, &v);
	return v.map != P2P_MAP_THRU_HOST_BRIDGE || (off | len) & (SZ_4K - 1);
}

const char *p2p_map_known_bug(const struct topo_system *s, int provider, int bar, int client,
			      enum p2p_path path, u64 off, u64 len)
{
	if (p2p_known_bug_own_acs(s->t, provider, client))
		return "p2p-own-acs";
	if (p2p_known_bug_untrusted_sg(s, provider, client, path, off, len))
		return "p2p-untrusted-sg-map-type";
	if ((path == P2P_PATH_SG || path == P2P_PATH_SG_MIXED) &&
	    p2p_beyond_mask(s, provider, bar, client, off, len))
		return "p2p-direct-sg-no-mmio";
	return NULL;
}

bool p2p_has_memory(const struct topo_system *s, int node)
{
	int b;

	for (b = 0; b < TOPO_NR_BARS; b++)
		if (s->provider[node][b])
			return true;
	return false;
}

u64 p2p_bytes(const struct topo_bar *bar)
{
	return bar->p2p_size ? bar->p2p_size : bar->size - bar->p2p_offset;
}

/* two ranges of each provider's P2P memory: page aligned, and not */
static const struct { u64 off, len; } ranges[] = {
	{ 0, 0x10000 },
	{ 0x1100, 0x2f00 },
};

/*
 * The mapping checks of a topology, in order: every P2P BAR of every
 * provider, every client, every path, both ranges. Calls fn for each one
 * that is not left out (a range beyond the BAR's P2P memory, a known bug:
 * counted when count_bugs) with its number among those; stops when fn
 * returns false.
 */
static bool for_each_map_check(struct topo_system *s, bool count_bugs,
			       bool (*fn)(struct topo_system *s, int p, int b, int c, int path,
					  int r, unsigned int nr, void *arg),
			       void *arg)
{
	const struct topology *t = s->t;
	unsigned int nr = 0;
	int p, c, b, path, r;

	for (p = 0; p < (int)t->nr_nodes; p++) {
		for (b = 0; b < TOPO_NR_BARS; b++) {
			if (!s->provider[p][b])
				continue;
			for (c = 0; c < (int)t->nr_nodes; c++) {
				if (!s->dev[c])
					continue;
				for (path = 0; path < P2P_NR_PATHS; path++) {
					for (r = 0; r < (int)ARRAY_SIZE(ranges); r++) {
						const char *bug;

						/* only what the BAR offers as P2P memory */
						if (ranges[r].off + ranges[r].len >
						    p2p_bytes(&t->nodes[p].bars[b]))
							continue;
						bug = p2p_map_known_bug(s, p, b, c, path,
									ranges[r].off,
									ranges[r].len);
						if (bug) {
							if (count_bugs) {
								known_bug_hit(bug);
								step(P2P_STEP_MAP_BUG, p, b, c,
								     path, ranges[r].off,
								     ranges[r].len, bug, true);
							}
							continue;
						}
						if (!fn(s, p, b, c, path, r, nr++, arg))
							return false;
					}
				}
			}
		}
	}
	return true;
}

static bool count_one(struct topo_system *s, int p, int b, int c, int path, int r,
		      unsigned int nr, void *arg)
{
	(*(unsigned int *)arg)++;
	return true;
}

#define MAX_TURN	64	/* mapping checks of one turn, at most */

struct map_turn {
	unsigned int nsel, sel[MAX_TURN];	/* which ones (0: all) */
	char *msg;
	size_t len;
};

static bool check_one(struct topo_system *s, int p, int b, int c, int path, int r,
		      unsigned int nr, void *arg)
{
	const struct topology *t = s->t;
	struct map_turn *mt = arg;
	char one[512];

	if (mt->nsel) {
		unsigned int k;

		for (k = 0; k < mt->nsel && mt->sel[k] != nr; k++)
			;
		if (k == mt->nsel)
			return true;
	}
	if (step(P2P_STEP_MAP, p, b, c, path, ranges[r].off, ranges[r].len, NULL,
		 p2p_check_map(s, p, b, c, path, ranges[r].off, ranges[r].len, one,
			       sizeof(one))))
		return true;
	return say(mt->msg, mt->len, "%s BAR %d, %s path, range +%#llx len %#llx: %s",
		   t->nodes[p].name, b, p2p_path_name[path],
		   (unsigned long long)ranges[r].off, (unsigned long long)ranges[r].len, one);
}

bool p2p_check_topology(struct topo_system *s, unsigned int max_maps, char *msg, size_t len)
{
	return p2p_check_topology_turn(s, max_maps, 0, msg, len);
}

static bool decisions(struct topo_system *s, char *msg, size_t len)
{
	const struct topology *t = s->t;
	int p, c;

	for (p = 0; p < (int)t->nr_nodes; p++) {
		if (!p2p_has_memory(s, p))
			continue;
		/* decisions first: pci_p2pdma_map_type() on an empty cache */
		for (c = 0; c < (int)t->nr_nodes; c++) {
			if (!s->dev[c])
				continue;
			if (p2p_known_bug_own_acs(t, p, c)) {
				known_bug_hit("p2p-own-acs");
				step(P2P_STEP_OWN_ACS, p, 0, c, 0, 0, 0, "p2p-own-acs", true);
				continue;
			}
			if (!step(P2P_STEP_DECISION, p, 0, c, 0, 0, 0, NULL,
				  p2p_check_decision(s, p, c, msg, len)))
				return false;
		}
		if (!step(P2P_STEP_DISTANCE_MANY, p, 0, 0, 0, 0, 0, NULL,
			  p2p_check_distance_many(s, p, msg, len)))
			return false;
	}
	return true;
}

bool p2p_check_decisions(struct topo_system *s, char *msg, size_t len)
{
	return step(P2P_STEP_DECISIONS, 0, 0, 0, 0, 0, 0, NULL, decisions(s, msg, len));
}

bool p2p_check_topology_turn(struct topo_system *s, unsigned int max_maps, unsigned int turn,
			     char *msg, size_t len)
{
	struct map_turn mt = { .msg = msg, .len = len };
	unsigned int n = 0, step, a, b, k;

	if (!p2p_check_decisions(s, msg, len))
		return false;
	for_each_map_check(s, true, count_one, &n);
	if (max_maps > MAX_TURN)
		max_maps = MAX_TURN;
	if (max_maps && n > max_maps) {
		/*
		 * Check j * step % n for the turn's j: step about n / max_maps
		 * and prime to n, so one turn's checks are spread over the
		 * list (over providers, clients, paths and ranges alike: the
		 * list nests them) and turns 0, 1, ... go through all of it.
		 */
		for (step = DIV_ROUND_UP(n, max_maps);; step++) {
			for (a = step, b = n; b; ) {
				unsigned int t = a % b;

				a = b;
				b = t;
			}
			if (a == 1)
				break;
		}
		for (k = 0; k < max_maps; k++)
			mt.sel[mt.nsel++] = (u64)(((u64)turn * max_maps + k) % n) * step % n;
	}
	return for_each_map_check(s, false, check_one, &mt);
}

DMALAB_NOCOV_END
