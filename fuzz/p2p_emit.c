// SPDX-License-Identifier: GPL-2.0-only
/*
 * The p2p target's C reproducer (fuzz/p2p_emit.h, fuzz/c_emit.h).
 *
 * The topology is written as its text (the form people write, which
 * topo_parse_text() reads back to the same topology) and built with
 * topo_build_format(), the target's own call. The checks are the P2P
 * oracle's (oracle/p2p_check.h): each reads the built topology's real
 * devices, asks the kernel and compares with the reference model, as in
 * the run; each is written as the same call in an assert(). A check of a
 * whole topology is written check by check as the oracle made them
 * (p2p_check_observe()), the decisions as one p2p_check_decisions() call
 * where none of them is left out.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dmalab/iommu.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/p2p_emit.h"
#include "fuzz/topo_emit.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

static struct {
	struct topo_system *s;
	const struct topology *t;
	struct p2p_step *steps;		/* the checks of this op, in order */
	unsigned int n, cap;
	bool named[TOPO_MAX_NODES];	/* its variable is set in the C */
	bool expanding;			/* decisions written check by check */
	unsigned int left_out;		/* mappings left out, not yet said */
	const char *shown[8];		/* known bugs shown: the C fails at the first */
	unsigned int nshown;
} pe;

static const char *const path_names[P2P_NR_PATHS] = {
	"P2P_PATH_SG", "P2P_PATH_PHYS", "P2P_PATH_IOVA", "P2P_PATH_SG_MIXED",
};

/* names of the reproducer a node's variable must not take */
static const char *const taken[] = {
	"s", "t", "msg", "err", "ret", "map", "run", "res", "agrees", NULL,
};

/* The node's variable, set (topo_find_node()) before its first use. */
static const char *node(int n)
{
	static char bufs[3][24];
	static unsigned int next;
	char *buf = bufs[next++ % 3];

	topo_emit_var(pe.t, n, taken, NULL, buf);
	if (!pe.named[n]) {
		pe.named[n] = true;
		c_emit_decl("static int %s;", buf);
		C_EMIT("%s = topo_find_node(&t, \"%s\");", buf, pe.t->nodes[n].name);
	}
	return buf;
}

/* A comment of free text, wrapped at 80 columns, "*" "/" kept apart. */
static void emit_comment(const char *text)
{
	char line[128], word[640];
	const char *p = text;
	size_t col = 0, w;

	C_EMIT("/*");
	line[0] = '\0';
	while (*p) {
		w = strcspn(p, " \n");
		snprintf(word, sizeof(word), "%.*s", (int)w, p);
		for (char *q = word; *q; q++)
			if ((*q == '*' && q[1] == '/') || (unsigned char)*q > 126 || *q < ' ')
				*q = '_';
		if (col && col + 1 + strlen(word) > 76) {
			C_EMIT(" *%s", line);
			line[0] = '\0';
			col = 0;
		}
		if (strlen(word) < sizeof(line) - col - 2) {
			snprintf(line + col, sizeof(line) - col, " %s", word);
			col += 1 + strlen(word);
		}
		p += w;
		p += strspn(p, " \n");
	}
	if (col)
		C_EMIT(" *%s", line);
	C_EMIT(" */");
}

void p2p_emit_setup(const struct topology *t, int format, unsigned int budget)
{
	memset(&pe, 0, sizeof(pe));
	pe.t = t;
	c_emit_include("<linux/pci.h>");
	c_emit_include("<linux/pci-p2pdma.h>");
	c_emit_include("<dmalab/iommu.h>");
	c_emit_include("\"oracle/p2p_check.h\"");
	topo_emit_text(t);
	C_EMIT("/*\n * The set-up (fuzz/targets/p2p.c): the topology built into the mock PCI\n"
	       " * core as the kernel would enumerate it, an IOMMU domain and a DMA device\n"
	       " * per endpoint, P2P BARs given to pci_p2pdma_add_resource() and published\n"
	       " */\n"
	       "/* the checker samples %u granule boundaries a range, edges in full */\n"
	       "p2p_check_set_sample_budget(%u);", budget, budget);
	topo_emit_build(format);
}

void p2p_emit_cpus(unsigned int cpus, int ret)
{
	C_EMIT("ret = dmalab_set_nr_cpus(%u);", cpus);
	if (ret)
		C_EMIT("/* seen: %s: per-cpu data lives, so the possible CPUs stay %u */",
		       ret == -EBUSY ? "-EBUSY" : "an error", dmalab_nr_cpus());
	else
		C_EMIT("assert(ret == 0);");
}

static void collect(const struct p2p_step *step, void *arg)
{
	if (pe.n == pe.cap) {
		pe.cap = pe.cap ? 2 * pe.cap : 64;
		pe.steps = realloc(pe.steps, pe.cap * sizeof(*pe.steps));
		if (!pe.steps)
			abort();
	}
	pe.steps[pe.n++] = *step;
}

void p2p_emit_begin(struct topo_system *s)
{
	pe.s = s;
	pe.n = 0;
	p2p_check_observe(collect, NULL);
}

void p2p_emit_step(const struct p2p_step *step)
{
	collect(step, NULL);
}

static bool shown(const char *bug)
{
	unsigned int i;

	for (i = 0; i < pe.nshown; i++)
		if (!strcmp(pe.shown[i], bug))
			return true;
	return false;
}

static void show(const char *bug)
{
	if (pe.nshown < sizeof(pe.shown) / sizeof(pe.shown[0]))
		pe.shown[pe.nshown++] = bug;
}

/* The oracle call of one check: in an assert, or seen refused under a failure. */
static void emit_check(bool excused, const char *msg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void emit_check(bool excused, const char *msg, const char *fmt, ...)
{
	char call[200], seen[760];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(call, sizeof(call), fmt, ap);
	va_end(ap);
	c_emit_decl("static char msg[640];\t/* the oracle's report */\n");
	c_emit_decl("/* the oracle's report of a disagreement, before the assert fails */\n"
		    "static bool agrees(bool ok)\n{\n\tif (!ok)\n"
		    "\t\tfprintf(stderr, \"p2p: %%s\\n\", msg);\n\treturn ok;\n}\n");
	if (excused) {
		snprintf(seen, sizeof(seen), "seen: refused under the injected allocation "
			 "failure, which the oracle allows: %s", msg);
		emit_comment(seen);
		C_EMIT("(void)%s;", call);
		return;
	}
	C_EMIT("assert(agrees(%s));", call);
}

/*
 * dma-direct WARNs once when it cannot give a device an address beyond its
 * mask; where the model says the mapping must fail, the run forgets that
 * one WARN (p2p_check_map()), and so does the C.
 */
static bool beyond_mask(const struct p2p_step *st)
{
	return p2p_beyond_mask(pe.s, st->provider, st->bar, st->client, st->off, st->len);
}

static void emit_map(const struct p2p_step *st, bool excused, const char *msg)
{
	bool warns = beyond_mask(st);
	const char *p = node(st->provider), *c = node(st->client);

	if (warns)
		C_EMIT("/* beyond the mask: dma-direct's one WARN is forgotten (p2p_check_map) */\n"
		       "dmalab_warn_set_mode(DMALAB_WARN_COUNT);");
	emit_check(excused, msg, "p2p_check_map(&s, %s, %d, %s, %s, %#llx, %#llx,\n"
		   "\t\t\t    msg, sizeof(msg))", p, st->bar, c, path_names[st->path],
		   (unsigned long long)st->off, (unsigned long long)st->len);
	if (warns)
		C_EMIT("dmalab_warn_set_mode(DMALAB_WARN_ABORT);\nassert(dmalab_warn_count() == 0);");
}

/*
 * A pair or mapping the fuzz run leaves out (and counts) because it shows
 * a known kernel bug: the first of each is made here, and fails.
 */
static void emit_bug(const struct p2p_step *st)
{
	const struct topology *t = pe.t;
	const char *p, *c;
	int b;

	if (shown(st->bug)) {
		if (st->kind == P2P_STEP_OWN_ACS)
			C_EMIT("/* left out as in the run: known bug %s (%s -> %s), shown above */",
			       st->bug, t->nodes[st->provider].name, t->nodes[st->client].name);
		else
			pe.left_out++;
		return;
	}
	show(st->bug);
	p = node(st->provider);
	c = node(st->client);
	if (st->kind == P2P_STEP_OWN_ACS) {
		for (b = 0; b < TOPO_NR_BARS && !pe.s->provider[st->provider][b]; b++)
			;
		c_emit_decl("static enum pci_p2pdma_map_type map;");
		c_emit_known_bug(st->bug, "The fuzz run leaves the pair %s -> %s out "
				 "(p2p_known_bug_own_acs(): %s has ACS redirect bits set) and "
				 "counts it; here it is asked. The kernel-doc of "
				 "calc_map_type_and_dist(): the same PCI function is "
				 "PCI_P2PDMA_MAP_BUS_ADDR at distance 0",
				 t->nodes[st->provider].name, t->nodes[st->client].name,
				 t->nodes[st->provider].name);
		C_EMIT("map = pci_p2pdma_map_type(s.provider[%s][%d], s.dev[%s]);\n"
		       "assert(map == PCI_P2PDMA_MAP_BUS_ADDR);", p, b, c);
		return;
	}
	c_emit_known_bug(st->bug, "The fuzz run leaves this mapping (%s BAR %d by %s, %s path, "
			 "+%#llx len %#llx) out (p2p_map_known_bug()) and counts it; here it is "
			 "made, and the oracle says what the kernel did instead",
			 t->nodes[st->provider].name, st->bar, t->nodes[st->client].name,
			 p2p_path_name[st->path], (unsigned long long)st->off,
			 (unsigned long long)st->len);
	emit_map(st, false, NULL);
}

static void say_left_out(void)
{
	C_EMIT("/* left out as in the run: %u mapping%s showing a known bug shown above */",
	       pe.left_out, pe.left_out == 1 ? "" : "s");
	pe.left_out = 0;
}

/* The decisions of one p2p_check_decisions() call from i on: one call if none is left out. */
static unsigned int emit_decisions(unsigned int i, bool excused, const char *msg)
{
	unsigned int j;
	bool expand = false;

	if (pe.expanding)
		return i;
	for (j = i; j < pe.n && pe.steps[j].kind != P2P_STEP_DECISIONS; j++)
		if (pe.steps[j].kind == P2P_STEP_OWN_ACS && !shown(pe.steps[j].bug))
			expand = true;
	if (j == pe.n || expand) {
		pe.expanding = true;	/* check by check, as the oracle made them */
		return i;
	}
	C_EMIT("/* every provider with every client, and each one's distance_many */");
	emit_check(excused && !pe.steps[j].ok, msg,
		   "p2p_check_decisions(&s, msg, sizeof(msg))");
	return j + 1;
}

void p2p_emit_end(bool excused, const char *msg)
{
	unsigned int i = 0;

	p2p_check_observe(NULL, NULL);
	while (i < pe.n) {
		const struct p2p_step *st = &pe.steps[i];
		bool ex = excused && !st->ok;	/* the last check, refused */

		if (st->kind == P2P_STEP_DECISION || st->kind == P2P_STEP_DISTANCE_MANY ||
		    st->kind == P2P_STEP_OWN_ACS) {
			unsigned int next = emit_decisions(i, excused, msg);

			if (next != i) {
				i = next;
				continue;
			}
		}
		if (pe.left_out && st->kind != P2P_STEP_MAP_BUG)
			say_left_out();
		switch (st->kind) {
		case P2P_STEP_DECISION:
			emit_check(ex, msg, "p2p_check_decision(&s, %s, %s, msg, sizeof(msg))",
				   node(st->provider), node(st->client));
			break;
		case P2P_STEP_DISTANCE_MANY:
			emit_check(ex, msg, "p2p_check_distance_many(&s, %s, msg, sizeof(msg))",
				   node(st->provider));
			break;
		case P2P_STEP_OWN_ACS:
		case P2P_STEP_MAP_BUG:
			emit_bug(st);
			break;
		case P2P_STEP_MAP:
			emit_map(st, ex, msg);
			break;
		case P2P_STEP_DECISIONS:
			pe.expanding = false;	/* its checks are written above */
			break;
		}
		i++;
	}
	if (pe.left_out)
		say_left_out();
	pe.n = 0;
	pe.expanding = false;
}

void p2p_emit_teardown(void)
{
	C_EMIT("topo_teardown(&s);");
	free(pe.steps);
	memset(&pe, 0, sizeof(pe));
}

DMALAB_NOCOV_END
