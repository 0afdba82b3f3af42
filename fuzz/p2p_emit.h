/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2p target's C reproducer (fuzz/c_emit.h): the topology's text in
 * the C file, built with the target's own call, then each check the run
 * made (oracle/p2p_check.h) as the same oracle call in an assert(), and
 * where the run left out what would show a known kernel bug, the call
 * that shows it. Called only while c_emit_on.
 */
#ifndef _DMALAB_P2P_EMIT_H
#define _DMALAB_P2P_EMIT_H

#include "oracle/p2p_check.h"

/* The topology's text and its build (before it: the build can fail). */
void p2p_emit_setup(const struct topology *t, int format, unsigned int budget);
/* dmalab_set_nr_cpus() after the build, and what it returned. */
void p2p_emit_cpus(unsigned int cpus, int ret);
/* Collect the checks of one op from here (the oracle's own, observed). */
void p2p_emit_begin(struct topo_system *s);
/* One check the target made itself (p2p_pair, p2p_map), or left out. */
void p2p_emit_step(const struct p2p_step *step);
/*
 * Write what was collected. excused: the last check's refusal was
 * explained by an injected allocation failure (msg: the oracle's report).
 */
void p2p_emit_end(bool excused, const char *msg);
void p2p_emit_teardown(void);

#endif
