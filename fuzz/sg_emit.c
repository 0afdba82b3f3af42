// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scatterlist target's C reproducer (fuzz/sg_emit.h, fuzz/c_emit.h).
 *
 * The reproducer keeps the page list the program's range ops built
 * (add_pages()), makes the kernel calls the run made with their literal
 * arguments, and after each asks the same oracle the target asks: the
 * table the kernel-doc promises, computed by oracle/sg_model.h from the
 * same pages and arguments, compared with the kernel's table by
 * sg_check_table() (oracle/sg_check.h), which walks the real table.
 */
#include <linux/scatterlist.h>
#include <linux/mm.h>

#include <dmalab/nocov.h>

#include "fuzz/c_emit.h"
#include "fuzz/sg_emit.h"
#include "oracle/sg_model.h"

DMALAB_NOCOV_BEGIN

static unsigned int walk_cap, list_cap;

void sg_emit_setup(unsigned long base_pfn, unsigned int max_pages, unsigned int walk_max)
{
	c_emit_include("<linux/mm.h>");
	c_emit_include("<linux/scatterlist.h>");
	c_emit_include("\"oracle/sg_check.h\"");
	c_emit_include("\"oracle/sg_model.h\"");
	c_emit_decl("/* the test buffer's first page frame (fuzz/targets/scatterlist.c: BUF_PFN) */\n"
		    "#define BUF_PFN\t\t%#lxUL\n", base_pfn);
	walk_cap = walk_max;
	list_cap = max_pages;
}

/* a range op: its pages join the page list (declared with the first range) */
void sg_emit_range(unsigned long first, unsigned long nr, unsigned int npages)
{
	c_emit_decl("/* the page list: the pages of the program's range ops since its last clear */\n"
		    "static unsigned long pfn[%u];\nstatic struct page *pages[%u];\n"
		    "static unsigned int npages;\n\n"
		    "/* pages first..first + nr - 1 of the buffer, appended to the page list */\n"
		    "static void add_pages(unsigned long first, unsigned long nr)\n{\n"
		    "\tfor (; nr; nr--, first++) {\n"
		    "\t\tpfn[npages] = BUF_PFN + first;\n"
		    "\t\tpages[npages++] = pfn_to_page(BUF_PFN + first);\n\t}\n}\n",
		    list_cap, list_cap);
	C_EMIT("add_pages(%#lx, %lu);\t/* %u in the list */", first, nr, npages);
}

/* what a table's call and check need, declared with the first of them */
static void emit_table_decls(bool append)
{
	c_emit_decl("/* the oracle's check of a table (oracle/sg_check.h): prints what differs */\n"
		    "#define WALK_MAX\t%u\t/* the entries a walk may hold (the target's) */\n"
		    "static struct scatterlist *walked[WALK_MAX];\n"
		    "static struct sg_check ck = {\n"
		    "\t.walked = walked, .cap = WALK_MAX, .base_pfn = BUF_PFN, .print = true,\n"
		    "};\nstatic int ret;\n", walk_cap);
	if (append)
		c_emit_decl("/* the append table, and the table the kernel-doc promises */\n"
			    "static struct sg_append_table app;\nstatic struct sg_model app_m;\n");
	else
		c_emit_decl("/* the built table, and the table the kernel-doc promises */\n"
			    "static struct sg_table sgt;\nstatic struct sg_model sgt_m;\n");
}

/* max_segment as the program's C spells it */
static const char *seg_name(unsigned long max)
{
	static char buf[32];

	if (max == UINT_MAX)
		return "UINT_MAX";
	snprintf(buf, sizeof(buf), "%#lx", max);
	return buf;
}

void sg_emit_build(unsigned int n, unsigned long offset, unsigned long size,
		   unsigned long max, int ret)
{
	emit_table_decls(false);
	C_EMIT("memset(&sgt, 0, sizeof(sgt));\n"
	       "ret = sg_alloc_table_from_pages_segment(&sgt, pages, %u, %#lx, %#lx, %s,\n"
	       "\t\t\t\t\tGFP_KERNEL);", n, offset, size, seg_name(max));
	if (ret) {
		/* the target reports any other error before this is written */
		C_EMIT("/* seen: -ENOMEM, an allocation failed (fail_nth): nothing built */\n"
		       "assert(ret == -ENOMEM);\nassert(!sgt.sgl && !sgt.nents && !sgt.orig_nents);");
		return;
	}
	C_EMIT("assert(ret == 0);\n"
	       "/* the table the kernel-doc promises (oracle/sg_model.h), and the kernel's */\n"
	       "assert(sg_model_from_pages(&sgt_m, pfn, %u, %#lx, %#lx, %s) == 0);\n"
	       "assert(sg_check_table(&ck, sgt.sgl, sgt.nents, sgt.orig_nents, &sgt_m, NULL, "
	       "false, 0));", n, offset, size, seg_name(max));
}

void sg_emit_append(unsigned int n, unsigned long offset, unsigned long size,
		    unsigned long max, unsigned int left, int ret, bool first)
{
	emit_table_decls(true);
	C_EMIT("ret = sg_alloc_append_table_from_pages(&app, pages, %u, %#lx, %#lx, %s, %u,\n"
	       "\t\t\t\t       GFP_KERNEL);", n, offset, size, seg_name(max), left);
	if (ret) {
		C_EMIT("/*\n * seen: -ENOMEM, an allocation failed (fail_nth): the table must be\n"
		       " * as before the call (\"Adjust entry length to be as before\"), then\n"
		       " * freed as the kernel-doc requires\n */\nassert(ret == -ENOMEM);");
		if (first)
			C_EMIT("assert(!app.prv && !app.sgt.nents);");
		else
			C_EMIT("assert(sg_check_table(&ck, app.sgt.sgl, app.sgt.nents, "
			       "app.sgt.orig_nents, &app_m,\n\t\t      &app, true, 0));");
		return;
	}
	C_EMIT("assert(ret == 0);\n"
	       "/* the table the kernel-doc promises after this call (oracle/sg_model.h) */\n"
	       "assert(sg_model_append(&app_m, pfn, %u, %#lx, %#lx, %s, %u) == 0);",
	       n, offset, size, seg_name(max), left);
}

void sg_emit_known_bug(const char *id, unsigned int idx, struct scatterlist *got,
		       const struct sg_model_seg *want, unsigned long base_pfn)
{
	char w[96];

	if (want)
		snprintf(w, sizeof(w), "page +%#lx offset %#lx length %#lx", want->pfn - base_pfn,
			 want->off, want->len);
	else
		snprintf(w, sizeof(w), "no such entry");
	c_emit_known_bug(id, "seen: entry %u of the table is page +%#lx offset %#x length %#x, "
			 "the kernel-doc promises %s; the bug's model (oracle/sg_model.c: "
			 "sg_model_append_known_bugs()) is exactly the table. The fuzz run counts "
			 "it; here the oracle's check fails", idx,
			 got && sg_page(got) ? page_to_pfn(sg_page(got)) - base_pfn : 0,
			 got ? got->offset : 0, got ? got->length : 0, w);
}

DMALAB_NOCOV_END
