/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What C reproducers (fuzz/c_emit.h) of the targets on a PCI topology
 * (p2p, dmabuf) share: the topology as a string the reproducer parses, and
 * the nodes' variables named after the nodes.
 */
#ifndef _DMALAB_TOPO_EMIT_H
#define _DMALAB_TOPO_EMIT_H

#include "topology/topology.h"

/* static const char topology_text[]: t as its text form, one string a line */
void topo_emit_text(const struct topology *t);

/*
 * topology_text parsed into t and built into s (topo_build_format() with
 * the program's page-table format), as the targets build theirs; t, s,
 * err and ret declared
 */
void topo_emit_build(int format);

/*
 * The node's name as a C identifier ('-' as '_'), or node<i> where it
 * cannot be one: a keyword, a name of the reproducer's own (taken[]), a
 * name starting with one of prefixes[] (NULL-terminated, "node" always) or
 * another node's name as well.
 */
const char *topo_emit_var(const struct topology *t, int node, const char *const *taken,
			  const char *const *prefixes, char buf[24]);

#endif
