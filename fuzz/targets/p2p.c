// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "p2p": PCI peer-to-peer DMA (drivers/pci/p2pdma.c, and the
 * P2P branches of dma-iommu and dma-direct) on a PCI topology.
 *
 * Input: a topology program (fuzz/target.h, topo_prog_codec): a topology
 * (topology/topology.h, docs/topology.md) and a program. Inputs whose
 * topology is not valid (cycles, BARs outside their window, overlaps, ...)
 * end at once. The topology is built into the mock PCI core as the kernel
 * would enumerate it (topology/topo_build.c): an IOMMU domain and a DMA
 * device per endpoint, P2P BARs given to pci_p2pdma_add_resource() and
 * published.
 *
 * The program's config chooses the IOMMU page-table format of every
 * endpoint's domain (format: x86_64, amdv1, amdv1_mock with its 2 KiB
 * granule) and the CPUs.
 *
 * Ops: p2p_check_all (and a program without ops means it): every provider
 * and client, pci_p2pdma_map_type() on an empty cache, the distances, and
 * 4 mappings of P2P memory spread over all of them (the next p2p_check_all
 * of the run the next 4), against the reference model
 * (oracle/p2p_model.c) and the topology's own addresses
 * (oracle/p2p_check.h). p2p_pair: one pair's decision (the provider and
 * client are indices among the nodes with P2P memory and the endpoints).
 * p2p_map: one range of one P2P BAR on one path (sg, phys, iova, sg_mixed),
 * offset and length reduced into the BAR's P2P memory, the length to at
 * most 4 MiB (P2P_FUZZ_MAX_LEN). fail_nth, cpu and drain as everywhere:
 * so allocation failures reach p2pdma.c, the IOVA allocator and the page
 * tables under P2P mappings.
 *
 * Findings: a disagreement with the model or the topology, a valid topology
 * the kernel will not set up, a kernel WARN (but dma-direct's overflow
 * report when the model says the mapping must fail), slab objects left
 * after the teardown; sanitizer reports abort. Under an injected allocation
 * failure a refused mapping or decision is no finding (anything mapped
 * wrongly, or left mapped, still is). Inputs that would show a known kernel
 * bug are left out and counted (p2p_map_known_bug(), oracle/known_bugs.h).
 *
 * Not generated: concurrency, failures during the build (tests/p2p covers
 * pci_p2pdma_add_resource() under failure: a known use after free), mixed
 * RAM/P2P tables for untrusted devices or with RAM that gets bounced,
 * topologies with more than 48 devices or 4 host bridges.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/p2p_emit.h"
#include "fuzz/target.h"
#include "oracle/known_bugs.h"
#include "oracle/p2p_check.h"
#include "topology/topo_build.h"

/*
 * Map checks of one p2p_check_all; decisions are always checked for every
 * pair. A topology has up to thousands of (provider BAR, client, path,
 * range) mappings; one op checks P2P_FUZZ_MAX_MAPS of them spread over the
 * whole list (over providers, clients, paths and ranges alike:
 * p2p_check_topology_turn()), and the next p2p_check_all of the same run
 * the next ones, so a program that repeats the op goes through them all.
 * (It used to check the first 96 every time: a program of repeated
 * p2p_check_all ops cost 40 ms, checking the same 96 again; a mapping
 * check costs some 15 us at a 2 KiB granule, and the fuzzer makes programs
 * of a hundred such ops, one byte each.)
 */
#define P2P_FUZZ_MAX_MAPS	4

/*
 * The mapping checks p2p_check_all ops make in one run: past them an op
 * checks the decisions alone. The fuzzer grows programs to hundreds of
 * one-byte p2p_check_all ops; at 4 mappings each, checked by walking the
 * page table (60% of the time, the rate falling sixfold within a minute).
 * Sixteen turns go through every mapping of a topology of 64 or fewer.
 */
#define P2P_FUZZ_RUN_MAPS	64

/*
 * The longest p2p_map range. What P2P decides (map type, bus or CPU
 * address, the offset into the BAR) does not depend on the length; what
 * the DMA paths do with a length (sg segments, IOVA size classes, huge
 * IOMMU pages and their neighbours) 4 MiB spans. A whole multi-GiB BAR
 * cost the page table up to 80 ms a mapping, and is the dma-map target's
 * to cover at any rate (IOVA space running out, huge pages).
 */
#define P2P_FUZZ_MAX_LEN	(4ULL << 20)

/*
 * The bytes the p2p_map ops of one run map in full: past them a range is
 * cut to 64 KiB (its offset, path and decision unchanged). The fuzzer
 * grows programs to dozens of 4 MiB maps at a 4 KiB granule (37 ms an
 * exec, nearly all of it page-table entries nobody looks at twice), and
 * the rate fell eightfold within a minute.
 */
#define P2P_FUZZ_RUN_BYTES	(16ULL << 20)
#define P2P_FUZZ_OVER_LEN	(64ULL << 10)

static struct {
	struct topo_system s;
	bool built;
	unsigned int turn;	/* p2p_check_all ops so far in this run */
	u64 mapped;		/* bytes of p2p_map ops so far in this run */
	unsigned int maps;	/* mappings p2p_check_all checked in this run */
} p2p;

/*
 * A p2p_map range may be a whole multi-GiB BAR: the checker samples its
 * granule boundaries as the dma-map target's does (each range's edges in
 * full, the middle spread: oracle/checker.h), instead of a page-table walk
 * at every one of them (a million for 4 GiB at 4 KiB).
 */
#define P2P_FUZZ_SAMPLE_BUDGET	8

static void p2p_init(void)
{
	p2p_check_set_sample_budget(P2P_FUZZ_SAMPLE_BUDGET);
}

static bool p2p_setup(struct fuzz_run *r)
{
	char err[256];
	int ret;

	p2p.built = false;
	p2p.turn = 0;
	p2p.mapped = 0;
	p2p.maps = 0;
	if (!r->in->topo)
		return false;
	if (r->verbose) {
		printf("--- topology\n");
		topo_print_text(r->in->topo, stdout);
		printf("--- building it\n");
		fflush(stdout);
	}
	/*
	 * the CPUs first: the build allocates per-cpu data (IOVA caches, flush
	 * queues), after which their number can no longer change (-EBUSY)
	 */
	ret = dmalab_set_nr_cpus(r->p->cfg[CFG_CPUS]);
	if (c_emit_on) {
		p2p_emit_cpus(r->p->cfg[CFG_CPUS], ret);
		p2p_emit_setup(r->in->topo, r->p->cfg[CFG_FORMAT], P2P_FUZZ_SAMPLE_BUDGET);
	}
	/* the program's page-table format: the P2P checks hold at any granule */
	ret = topo_build_format(r->in->topo, &p2p.s, r->p->cfg[CFG_FORMAT], err, sizeof(err));
	if (ret == -EIO) {
		if (r->verbose)
			printf("  (%s: nothing to run)\n", err);
		return false;
	}
	if (ret) {
		run_finding(r, "build", "topo_build", "a valid topology cannot be set up: %s", err);
		return false;
	}
	p2p.built = true;
	return true;
}

static unsigned long failed_allocs(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.failed;
}

/* The n-th (modulo) node with P2P memory, or with a DMA device: -1 if none. */
static int nth_node(unsigned int n, bool provider)
{
	const struct topology *t = p2p.s.t;
	int i, count = 0;

	for (i = 0; i < (int)t->nr_nodes; i++)
		count += provider ? p2p_has_memory(&p2p.s, i) : !!p2p.s.dev[i];
	if (!count)
		return -1;
	n %= count;
	for (i = 0; i < (int)t->nr_nodes; i++)
		if ((provider ? p2p_has_memory(&p2p.s, i) : !!p2p.s.dev[i]) && !n--)
			return i;
	return -1;
}

/* The n-th (modulo) BAR of provider p with P2P memory. */
static int nth_bar(int p, unsigned int n)
{
	int b, count = 0;

	for (b = 0; b < TOPO_NR_BARS; b++)
		count += !!p2p.s.provider[p][b];
	n %= count;
	for (b = 0; b < TOPO_NR_BARS; b++)
		if (p2p.s.provider[p][b] && !n--)
			return b;
	return 0;
}

/*
 * A disagreement, unless an injected allocation failure explains a refusal;
 * a C reproducer writes the op's checks (p2p_emit_begin() on) after it.
 */
static void judge(struct fuzz_run *r, bool ok, unsigned long failed0, const char *what,
		  const char *msg)
{
	bool excused = false;

	if (ok) {
		run_say(r, "agrees with the model");
	} else if (failed_allocs() != failed0 && strstr(msg, " failed")) {
		run_say(r, "refused under an injected allocation failure: %s", msg);
		excused = true;
	} else {
		run_finding(r, "checker", what, "%s", msg);
	}
	if (c_emit_on)
		p2p_emit_end(excused, msg);
}

/* A C reproducer: a check the target makes itself, or leaves out. */
static void emit_step(enum p2p_step_kind kind, int p, int b, int c, int path, u64 off,
		      u64 len, const char *bug, bool ok)
{
	p2p_emit_step(&(struct p2p_step){
		.kind = kind, .provider = p, .bar = b, .client = c, .path = path,
		.off = off, .len = len, .bug = bug, .ok = ok,
	});
}

static void check_all(struct fuzz_run *r)
{
	unsigned long failed0 = failed_allocs();
	char msg[640];

	if (c_emit_on)
		p2p_emit_begin(&p2p.s);
	if (p2p.maps >= P2P_FUZZ_RUN_MAPS) {
		C_EMIT("/* p2p_check_all past %u mappings in the run: the decisions alone */",
		       P2P_FUZZ_RUN_MAPS);
		judge(r, p2p_check_decisions(&p2p.s, msg, sizeof(msg)), failed0,
		      "p2p_check_decisions", msg);
		return;
	}
	p2p.maps += P2P_FUZZ_MAX_MAPS;
	C_EMIT("/* p2p_check_all, turn %u: every decision, then %u of the mappings of every\n"
	       " * P2P BAR, client, path and range (p2p_check_topology_turn()) */",
	       p2p.turn, P2P_FUZZ_MAX_MAPS);
	judge(r, p2p_check_topology_turn(&p2p.s, P2P_FUZZ_MAX_MAPS, p2p.turn++, msg, sizeof(msg)),
	      failed0, "p2p_check_topology", msg);
}

static void p2p_op(struct fuzz_run *r, const struct prog_op *op)
{
	const uint64_t *a = op->arg;
	unsigned long failed0 = failed_allocs();
	const char *bug;
	char msg[640];
	int p, c, b;
	u64 off, len, size;
	bool ok;

	if (c_emit_on)
		p2p_emit_begin(&p2p.s);

	switch (op->code) {
	case OP_P2P_CHECK_ALL:
		check_all(r);
		break;
	case OP_P2P_PAIR:
		p = nth_node(a[0], true);
		c = nth_node(a[1], false);
		if (p < 0 || c < 0)
			break;
		if (p2p_known_bug_own_acs(p2p.s.t, p, c)) {
			known_bug_hit("p2p-own-acs");
			run_say(r, "left out: known bug p2p-own-acs");
			if (c_emit_on) {
				emit_step(P2P_STEP_OWN_ACS, p, 0, c, 0, 0, 0, "p2p-own-acs", true);
				p2p_emit_end(false, NULL);
			}
			break;
		}
		ok = p2p_check_decision(&p2p.s, p, c, msg, sizeof(msg));
		if (c_emit_on)
			emit_step(P2P_STEP_DECISION, p, 0, c, 0, 0, 0, NULL, ok);
		judge(r, ok, failed0, "p2p_check_decision", msg);
		break;
	case OP_P2P_MAP:
		p = nth_node(a[0], true);
		c = nth_node(a[2], false);
		if (p < 0 || c < 0)
			break;
		b = nth_bar(p, a[1]);
		size = p2p_bytes(&p2p.s.t->nodes[p].bars[b]);
		off = a[4] % size;
		len = a[5] > size - off ? size - off : a[5];
		if (len > P2P_FUZZ_MAX_LEN)
			len = P2P_FUZZ_MAX_LEN;
		if (p2p.mapped + len > P2P_FUZZ_RUN_BYTES && len > P2P_FUZZ_OVER_LEN)
			len = P2P_FUZZ_OVER_LEN;
		p2p.mapped += len;
		bug = p2p_map_known_bug(&p2p.s, p, b, c, a[3], off, len);
		if (bug) {
			known_bug_hit(bug);
			run_say(r, "left out: known bug %s", bug);
			if (c_emit_on) {
				emit_step(P2P_STEP_MAP_BUG, p, b, c, a[3], off, len, bug, true);
				p2p_emit_end(false, NULL);
			}
			break;
		}
		ok = p2p_check_map(&p2p.s, p, b, c, a[3], off, len, msg, sizeof(msg));
		if (c_emit_on)
			emit_step(P2P_STEP_MAP, p, b, c, a[3], off, len, NULL, ok);
		judge(r, ok, failed0, "p2p_check_map", msg);
		break;
	default:
		run_env_op(r, op);	/* cpu, drain, fail_nth; the rest is not ours */
	}
}

static void p2p_teardown(struct fuzz_run *r)
{
	/*
	 * What dmalab-topo prints, after the ops: asking p2pdma.c caches its
	 * answers, which before the ops would change what they meet.
	 */
	if (p2p.built && r->verbose && !r->failed) {
		printf("--- the kernel's P2P decisions, beside the reference model's "
		       "(DMA addresses: dmalab-topo)");
		p2p_print_decisions(&p2p.s, stdout, false);
		fflush(stdout);
	}
	if (p2p.built) {
		topo_teardown(&p2p.s);
		if (c_emit_on)
			p2p_emit_teardown();
	}
	p2p.built = false;
}

const struct target target_p2p = {
	.name = "p2p",
	.summary = "PCI topologies and P2P ops: p2pdma decisions and P2P mappings against the model",
	.codec = &topo_prog_codec,
	.max_len = 8192 + 2600,	/* TOPO_BIN_MAX, then a program */
	.timeout = 25,
	.init = p2p_init,
	.setup = p2p_setup,
	.op = p2p_op,
	.no_ops = check_all,
	.teardown = p2p_teardown,
};
