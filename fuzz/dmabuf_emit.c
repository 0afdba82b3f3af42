// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dmabuf target's C reproducer (fuzz/dmabuf_emit.h, fuzz/c_emit.h).
 *
 * The topology is written as its text and built with topo_build_format(),
 * the target's own call, into the same ground-truth checker set-up. The
 * VFIO exporter is reached through its ioctl, vfio_pci_core_feature_dma_buf(),
 * asserted against dmabuf_vfio_expect(); the plain exporter is written out
 * as a dma_buf_ops whose map_dma_buf is dma_buf_phys_vec_to_sgt(), as the
 * target's. Importers are the target's three kinds; the revocable one's
 * invalidate_mappings unmaps at once. Every map is made under the buffer's
 * reservation lock and asserted with the oracle's dmabuf_check_map() (or
 * dmabuf_check_revoked()), every unmap with dmabuf_check_unmap() and
 * dmabuf_check_freed(), which does not tolerate here what the fuzz run
 * tolerates and counts (dmabuf-free-sgt-leak). A map the run leaves out
 * for dmabuf-iova-offset-zero is made, and its check asserted.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-direction.h>
#include <linux/dma-buf-mapping.h>
#include <uapi/linux/vfio.h>

#include "fuzz/c_emit.h"
#include "fuzz/dmabuf_emit.h"
#include "fuzz/topo_emit.h"
#include "topology/topology.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

#define DE_BUFS		4
#define DE_ATTS		8

static struct {
	const struct topology *t;
	bool named[TOPO_MAX_NODES];	/* its variable is set in the C */
	bool leak_shown, iova_shown;	/* the C fails at the first of each */
	int invalidated[DE_ATTS];	/* by the revoke being written */
	bool inv_leaked[DE_ATTS];
	unsigned int ninv;
} de;

static const char *const importer_names[] = { "revocable_p2p", "pinned_p2p", "no_p2p" };

/* names of the reproducer a node's variable must not take, or start with */
static const char *const taken[] = {
	"s", "t", "ck", "msg", "err", "ret", "want", "sgt", "sgl", "nents", "warns",
	"syncs", "arg", "argsz", "attach", "run", "res", "agrees", "report",
	"invalidate", "plain_export", "plain_map", "plain_unmap", "plain_release",
	"plain_ops", "buffer", "importer", NULL,
};
static const char *const prefixes[] = {
	"buf", "att", "vfio", "revocable", "pinned", "no_p2p", NULL,
};

/* The node's variable, set (topo_find_node()) before its first use. */
static const char *node(int n, char buf[24])
{
	topo_emit_var(de.t, n, taken, prefixes, buf);
	if (!de.named[n]) {
		de.named[n] = true;
		c_emit_decl("static int %s;", buf);
		C_EMIT("%s = topo_find_node(&t, \"%s\");", buf, de.t->nodes[n].name);
	}
	return buf;
}

static const char *const base_decls =
	"\nstatic struct checker *ck;\t/* the ground truth: what each device reaches */\n"
	"static char msg[640];\t/* the oracle's report */\n"
	"\n"
	"/* the checker's reports, as the fuzz run prints them with a finding */\n"
	"static void report(void *priv, const char *text)\n"
	"{\n"
	"\tfprintf(stderr, \"checker report: %s\\n\", text);\n"
	"}\n"
	"\n"
	"/* the oracle's report of a disagreement, before the assert fails */\n"
	"static bool agrees(bool ok)\n"
	"{\n"
	"\tif (!ok)\n"
	"\t\tfprintf(stderr, \"checker: %s\\n\", msg);\n"
	"\treturn ok;\n"
	"}\n"
	"\n"
	"/* an exported buffer, and the export as the importer must see it */\n"
	"struct buffer {\n"
	"\tint fd;\t\t\t\t/* the VFIO export's descriptor */\n"
	"\tstruct dma_buf *dmabuf;\t\t/* our reference */\n"
	"\tstruct p2pdma_provider *mem;\t/* the plain exporter's provider */\n"
	"\tstruct phys_vec ranges[16];\n"
	"\tstruct dmabuf_export x;\t\t/* for the oracle (oracle/dmabuf_check.h) */\n"
	"};\n"
	"\n"
	"/* an importer: its attachment and its mapping */\n"
	"struct importer {\n"
	"\tstruct dma_buf_attachment *attach;\n"
	"\tstruct sg_table *sgt;\t\t/* mapped, or NULL */\n"
	"\tstruct check_map *map;\t\t/* what the checker recorded of it */\n"
	"\tenum dma_data_direction dir;\n"
	"\tstruct scatterlist *left_sgl;\t/* entries of the table invalidate() unmapped */\n"
	"\tunsigned int left_nents;\n"
	"};\n"
	"\n"
	"/*\n"
	" * The invalidate_mappings of the importers that can be revoked (the fuzz\n"
	" * target's dz_invalidate()): called by the exporter under the buffer's\n"
	" * reservation lock; unmaps at once. The table's entries are kept for the\n"
	" * freed check main() makes after the revoke.\n"
	" */\n"
	"static void invalidate(struct dma_buf_attachment *attach)\n"
	"{\n"
	"\tstruct importer *imp = attach->importer_priv;\n"
	"\n"
	"\tif (!imp->sgt)\n"
	"\t\treturn;\n"
	"\timp->left_sgl = imp->sgt->sgl;\n"
	"\timp->left_nents = imp->sgt->nents;\n"
	"\tdma_buf_unmap_attachment(attach, imp->sgt, imp->dir);\n"
	"\timp->sgt = NULL;\n"
	"\tassert(agrees(dmabuf_check_unmap(ck, imp->map, msg, sizeof(msg))));\n"
	"\timp->map = NULL;\n"
	"}\n"
	"\n"
	"/* the importers: P2P and revocable, P2P and pinned, no P2P */\n"
	"static const struct dma_buf_attach_ops revocable_p2p __maybe_unused = {\n"
	"\t.allow_peer2peer = true,\n"
	"\t.invalidate_mappings = invalidate,\n"
	"};\n"
	"static const struct dma_buf_attach_ops pinned_p2p __maybe_unused = {\n"
	"\t.allow_peer2peer = true,\n"
	"};\n"
	"static const struct dma_buf_attach_ops no_p2p __maybe_unused = {\n"
	"\t.invalidate_mappings = invalidate,\n"
	"};\n"
	"\n"
	"static struct dma_buf_attachment *attach __maybe_unused;\n"
	"static struct sg_table *sgt __maybe_unused;\n"
	"static struct scatterlist *sgl __maybe_unused;\t/* a table's, read before its unmap */\n"
	"static unsigned int nents __maybe_unused;\n"
	"static unsigned long warns __maybe_unused, syncs __maybe_unused;\n";

void dmabuf_emit_setup(const struct topology *t, int format, unsigned int budget)
{
	memset(&de, 0, sizeof(de));
	de.t = t;
	c_emit_include("<errno.h>");
	c_emit_include("<linux/err.h>");
	c_emit_include("<linux/dma-buf.h>");
	c_emit_include("<linux/dma-buf-mapping.h>");
	c_emit_include("<linux/dma-resv.h>");
	c_emit_include("<linux/vfio_pci_core.h>");
	c_emit_include("<drivers/vfio/pci/vfio_pci_priv.h>");
	c_emit_include("<dmalab/iommu.h>");
	c_emit_include("<dmalab/vfio.h>");
	c_emit_include("\"oracle/checker.h\"");
	c_emit_include("\"oracle/dmabuf_check.h\"");
	topo_emit_text(t);
	c_emit_decl("%s", base_decls);
	C_EMIT("/*\n * The set-up (fuzz/targets/dmabuf.c): the ground-truth checker, the\n"
	       " * topology built into the mock PCI core as the kernel would enumerate\n"
	       " * it (an IOMMU domain and a DMA device per endpoint, P2P BARs given to\n"
	       " * pci_p2pdma_add_resource()), every endpoint registered with the checker\n"
	       " */\n"
	       "ck = check_create(report, NULL);\n"
	       "/* the checker samples %u granule boundaries a range, edges in full */\n"
	       "check_set_sample_budget(ck, %u);", budget, budget);
	topo_emit_build(format);
	C_EMIT("for (int node = 0; node < (int)t.nr_nodes; node++)\n"
	       "\tif (s.dev[node])\n\t\tassert(check_add_device(ck, s.dev[node]));");
}

void dmabuf_emit_cpus(unsigned int cpus, int ret)
{
	C_EMIT("ret = dmalab_set_nr_cpus(%u);", cpus);
	if (ret)
		C_EMIT("/* seen: %s: per-cpu data lives, so the possible CPUs stay as they are */",
		       c_emit_errno(ret));
	else
		C_EMIT("assert(ret == 0);");
}

void dmabuf_emit_vfio_init(int n, int ret)
{
	char v[24];

	node(n, v);
	c_emit_decl("static struct vfio_pci_core_device vfio_%s;", v);
	C_EMIT("/* vfio-pci takes %s: open, as far as dma-buf export goes */\n"
	       "ret = dmalab_vfio_pci_init(&vfio_%s, s.pdev[%s]);", de.t->nodes[n].name, v, v);
	if (ret)
		C_EMIT("/* seen: %s under the injected allocation failure: no device */",
		       c_emit_errno(ret));
	else
		C_EMIT("assert(ret == 0);");
}

void dmabuf_emit_vfio_export(int buf, int n, unsigned int bar,
			     const struct vfio_region_dma_range *r, unsigned int nr, int want,
			     int got, bool injected)
{
	char v[24];
	unsigned int i;

	node(n, v);
	c_emit_decl("\n/* VFIO_DEVICE_FEATURE_DMA_BUF's argument: the header, then the ranges */\n"
		    "static union {\n\tstruct vfio_device_feature_dma_buf hdr;\n"
		    "\tu8 bytes[sizeof(struct vfio_device_feature_dma_buf) +\n"
		    "\t\t 16 * sizeof(struct vfio_region_dma_range)];\n} arg;\n"
		    "static size_t argsz;\nstatic int want;\t/* dmabuf_vfio_expect()'s answer */\n");
	C_EMIT("/* VFIO_DEVICE_FEATURE_DMA_BUF: %u range%s of %s's BAR %u */\n"
	       "memset(&arg, 0, sizeof(arg));\narg.hdr.region_index = %u;\n"
	       "arg.hdr.nr_ranges = %u;", nr, nr == 1 ? "" : "s", de.t->nodes[n].name, bar,
	       bar, nr);
	for (i = 0; i < nr; i++)
		C_EMIT("arg.hdr.dma_ranges[%u] = (struct vfio_region_dma_range){ .offset = %#llx,"
		       "\n\t\t\t\t\t\t       .length = %#llx };", i,
		       (unsigned long long)r[i].offset, (unsigned long long)r[i].length);
	C_EMIT("argsz = sizeof(arg.hdr) + %u * sizeof(arg.hdr.dma_ranges[0]);\n"
	       "want = dmabuf_vfio_expect(&s, %s, VFIO_DEVICE_FEATURE_GET, argsz, &arg.hdr,\n"
	       "\t\t\t  arg.hdr.dma_ranges, true);\n"
	       "ret = vfio_pci_core_feature_dma_buf(&vfio_%s, VFIO_DEVICE_FEATURE_GET,\n"
	       "\t\t\t\t     (void __user *)&arg, argsz);", nr, v, v);
	if (injected) {
		C_EMIT("/* seen: -ENOMEM under the injected allocation failure: no buffer */");
		return;
	}
	if (want == 1)
		C_EMIT("/* the oracle: 1, a new dma-buf descriptor */");
	else
		C_EMIT("/* the oracle: refused with %s */", c_emit_errno(want));
	C_EMIT("assert(ret == want || (want == 1 && ret >= 0));");
	if (got < 0 || want != 1) {
		if (got >= 0)
			C_EMIT("dmalab_dma_buf_close(ret);");
		return;
	}
	c_emit_decl("static struct buffer buf%d __maybe_unused;", buf);
	C_EMIT("buf%d = (struct buffer){ .fd = ret };\nbuf%d.dmabuf = dma_buf_get(ret);\n"
	       "assert(!IS_ERR(buf%d.dmabuf));\n"
	       "dmabuf_vfio_export(&s, %s, %u, arg.hdr.dma_ranges, %u, buf%d.ranges, &buf%d.x);",
	       buf, buf, buf, v, bar, nr, buf, buf);
}

static const char *const plain_decls =
	"\n/*\n"
	" * The plain exporter (the fuzz target's dz_ops): map_dma_buf is\n"
	" * dma_buf_phys_vec_to_sgt() over the buffer's ranges, unmap_dma_buf\n"
	" * dma_buf_free_sgt(), as the kernel-doc of the helpers asks.\n"
	" */\n"
	"static struct sg_table *plain_map(struct dma_buf_attachment *attach,\n"
	"\t\t\t\t  enum dma_data_direction dir)\n"
	"{\n"
	"\tstruct buffer *b = attach->dmabuf->priv;\n"
	"\n"
	"\treturn dma_buf_phys_vec_to_sgt(attach, b->mem, b->ranges, b->x.nr_ranges,\n"
	"\t\t\t\t       dmabuf_size(&b->x), dir);\n"
	"}\n"
	"\n"
	"static void plain_unmap(struct dma_buf_attachment *attach, struct sg_table *sgt,\n"
	"\t\t\tenum dma_data_direction dir)\n"
	"{\n"
	"\tdma_buf_free_sgt(attach, sgt, dir);\n"
	"}\n"
	"\n"
	"static void plain_release(struct dma_buf *dmabuf)\n"
	"{\n"
	"}\n"
	"\n"
	"static const struct dma_buf_ops plain_ops = {\n"
	"\t.map_dma_buf = plain_map,\n"
	"\t.unmap_dma_buf = plain_unmap,\n"
	"\t.release = plain_release,\n"
	"};\n"
	"\n"
	"static struct dma_buf *plain_export(struct buffer *b)\n"
	"{\n"
	"\tDEFINE_DMA_BUF_EXPORT_INFO(exp_info);\n"
	"\n"
	"\texp_info.ops = &plain_ops;\n"
	"\texp_info.size = dmabuf_size(&b->x);\n"
	"\texp_info.priv = b;\n"
	"\treturn dma_buf_export(&exp_info);\n"
	"}\n";

void dmabuf_emit_plain_export(int buf, int n, unsigned int bar, const struct phys_vec *r,
			      unsigned int nr, int err)
{
	char v[24];
	unsigned int i;

	node(n, v);
	c_emit_decl("%s", plain_decls);
	c_emit_decl("static struct buffer buf%d __maybe_unused;", buf);
	C_EMIT("/* the plain exporter: %u range%s of %s's BAR %u, reduced into it */\n"
	       "buf%d = (struct buffer){ .mem = s.provider[%s][%u] };", nr, nr == 1 ? "" : "s",
	       de.t->nodes[n].name, bar, buf, v, bar);
	for (i = 0; i < nr; i++)
		C_EMIT("buf%d.ranges[%u] = (struct phys_vec){ .paddr = %#llx, .len = %#llx };",
		       buf, i, (unsigned long long)r[i].paddr, (unsigned long long)r[i].len);
	C_EMIT("buf%d.x = (struct dmabuf_export){ .s = &s, .provider = %s, .bar = %u,\n"
	       "\t\t\t\t  .ranges = buf%d.ranges, .nr_ranges = %u };\n"
	       "buf%d.dmabuf = plain_export(&buf%d);", buf, v, bar, buf, nr, buf, buf);
	if (err)
		C_EMIT("/* seen: %s under the injected allocation failure: no buffer */",
		       c_emit_errno(err));
	else
		C_EMIT("assert(!IS_ERR(buf%d.dmabuf));", buf);
}

void dmabuf_emit_plain_skipped(int n, unsigned int bar)
{
	C_EMIT("/* nothing to export: %s's BAR %u is no P2P provider, or no ranges */",
	       de.t->nodes[n].name, bar);
}

void dmabuf_emit_attach(int att, int buf, int client, int kind, bool vfio, int want, int got,
			bool injected)
{
	char c[24];

	if (kind < 0 || kind > 2) {
		c_emit_unsupported("an importer of kind %d", kind);
		return;
	}
	node(client, c);
	c_emit_decl("static struct importer att%d __maybe_unused;", att);
	C_EMIT("memset(&att%d, 0, sizeof(att%d));\n"
	       "attach = dma_buf_dynamic_attach(buf%d.dmabuf, s.dev[%s], &%s, &att%d);",
	       att, att, buf, c, importer_names[kind], att);
	if (injected) {
		C_EMIT("/* seen: -ENOMEM under the injected allocation failure: no attachment */");
		return;
	}
	if (vfio && want == -EOPNOTSUPP)
		C_EMIT("/* vfio_pci_dma_buf_attach(): only P2P importers that can be revoked */");
	else if (vfio && want == -ENODEV && kind == 1)
		C_EMIT("/*\n * a pinned P2P importer of a revoked buffer: refused on both counts;\n"
		       " * 7.3.4 checks the revocation first (-ENODEV)\n */");
	else if (vfio && want == -ENODEV)
		C_EMIT("/* vfio_pci_dma_buf_attach(): the buffer is revoked */");
	C_EMIT("assert(PTR_ERR_OR_ZERO(attach) == %s);", want ? c_emit_errno(want) : "0");
	if (!got)
		C_EMIT("att%d.attach = attach;", att);
}

static void emit_map_call(int att, int buf, int dir)
{
	C_EMIT("dma_resv_lock(buf%d.dmabuf->resv, NULL);\n"
	       "sgt = dma_buf_map_attachment(att%d.attach, %s);\n"
	       "dma_resv_unlock(buf%d.dmabuf->resv);", buf, att, c_emit_dir(dir), buf);
}

static void emit_checked_map(int att, int buf, const char *c, int dir, bool unreachable)
{
	if (unreachable)
		C_EMIT("/* beyond the mask: dma-direct's one WARN is forgotten (dmabuf_check_map) */\n"
		       "dmalab_warn_set_mode(DMALAB_WARN_COUNT);");
	C_EMIT("warns = dmalab_warn_count();\nsyncs = dmalab_arch_syncs();");
	emit_map_call(att, buf, dir);
	C_EMIT("assert(agrees(dmabuf_check_map(ck, &buf%d.x, %s, sgt, %s, warns, syncs,\n"
	       "\t\t\t       &att%d.map, msg, sizeof(msg))));", buf, c, c_emit_dir(dir), att);
	if (unreachable)
		C_EMIT("dmalab_warn_set_mode(DMALAB_WARN_ABORT);\nassert(dmalab_warn_count() == 0);");
}

void dmabuf_emit_map(enum dmabuf_emit_map kind, int att, int buf, int client, int dir,
		     bool unreachable, long err, const char *bug)
{
	char c[24];

	node(client, c);
	switch (kind) {
	case DE_MAP_LEFT_OUT:
		if (strcmp(bug, "dmabuf-iova-offset-zero")) {
			c_emit_unsupported("a map the run leaves out for known bug %s (its C form "
					   "is a p2p input's reproducer)", bug);
			return;
		}
		if (de.iova_shown) {
			C_EMIT("/* left out as in the run: known bug %s, shown above */", bug);
			return;
		}
		de.iova_shown = true;
		c_emit_known_bug(bug, "The fuzz run leaves this map out (dmabuf_known_bug(): "
				 "buf%d has more than one range and %s reaches it through its "
				 "IOMMU) and counts it; here it is made, and the oracle says what "
				 "the kernel did instead", buf, de.t->nodes[client].name);
		emit_checked_map(att, buf, c, dir, unreachable);
		C_EMIT("/* not reached with the bug: the run left the map out, so undo it */\n"
		       "dma_resv_lock(buf%d.dmabuf->resv, NULL);\n"
		       "dma_buf_unmap_attachment(att%d.attach, sgt, %s);\n"
		       "dma_resv_unlock(buf%d.dmabuf->resv);\n"
		       "assert(agrees(dmabuf_check_unmap(ck, att%d.map, msg, sizeof(msg))));\n"
		       "att%d.map = NULL;", buf, att, c_emit_dir(dir), buf, att, att);
		return;
	case DE_MAP_REVOKED:
		emit_map_call(att, buf, dir);
		C_EMIT("/* the buffer is revoked: refused with -ENODEV, nothing mapped */\n"
		       "assert(agrees(dmabuf_check_revoked(sgt, msg, sizeof(msg))));");
		break;
	case DE_MAP_INJECTED:
		emit_map_call(att, buf, dir);
		C_EMIT("/*\n * seen: -ENOMEM under the injected allocation failure, which the\n"
		       " * oracle allows; nothing may be left mapped\n */\n"
		       "assert(check_verify(ck));");
		return;
	case DE_MAP:
		emit_checked_map(att, buf, c, dir, unreachable);
		break;
	}
	if (err)
		C_EMIT("/* seen: refused with %s, as the oracle expects */", c_emit_errno(err));
	else
		C_EMIT("att%d.sgt = sgt;\natt%d.dir = %s;", att, att, c_emit_dir(dir));
}

void dmabuf_emit_lock(int buf, bool lock)
{
	if (lock)
		C_EMIT("dma_resv_lock(buf%d.dmabuf->resv, NULL);", buf);
	else
		C_EMIT("dma_resv_unlock(buf%d.dmabuf->resv);", buf);
}

static void emit_leak(int att)
{
	de.leak_shown = true;
	c_emit_known_bug("dmabuf-free-sgt-leak", "The fuzz run tolerates this: its "
			 "dmabuf_check_freed(..., true, ...) frees the entry array the unmap "
			 "of att%d left and counts it; here the oracle's check is asserted",
			 att);
}

void dmabuf_emit_unmap(int att, int buf, int dir, bool leaked)
{
	C_EMIT("sgl = att%d.sgt->sgl;\t/* read before the unmap, for the freed check */\n"
	       "nents = att%d.sgt->nents;\n"
	       "dma_buf_unmap_attachment(att%d.attach, att%d.sgt, %s);\natt%d.sgt = NULL;\n"
	       "assert(agrees(dmabuf_check_unmap(ck, att%d.map, msg, sizeof(msg))));\n"
	       "att%d.map = NULL;", att, att, att, att, c_emit_dir(dir), att, att, att);
	if (leaked && !de.leak_shown)
		emit_leak(att);
	C_EMIT("assert(agrees(dmabuf_check_freed(sgl, nents, false, msg, sizeof(msg))));");
}

void dmabuf_emit_invalidated(int att, bool leaked)
{
	if (de.ninv == DE_ATTS) {
		c_emit_unsupported("more invalidations in one revoke than attachments");
		return;
	}
	de.invalidated[de.ninv] = att;
	de.inv_leaked[de.ninv++] = leaked;
}

void dmabuf_emit_revoke(int n, bool enable)
{
	char v[24];

	node(n, v);
	de.ninv = 0;
	if (enable)
		C_EMIT("/* %s's memory decoding on again (a config write): its buffers usable */\n"
		       "dmalab_vfio_pci_set_memory(&vfio_%s, true);", de.t->nodes[n].name, v);
	else
		C_EMIT("/*\n * %s's memory decoding off (a config write): every buffer of it\n"
		       " * revoked, every importer invalidated (invalidate() unmaps)\n */\n"
		       "dmalab_vfio_pci_set_memory(&vfio_%s, false);", de.t->nodes[n].name, v);
}

void dmabuf_emit_revoke_done(void)
{
	unsigned int i;

	for (i = 0; i < de.ninv; i++) {
		int att = de.invalidated[i];

		C_EMIT("/* att%d was unmapped by invalidate() */", att);
		if (de.inv_leaked[i] && !de.leak_shown)
			emit_leak(att);
		C_EMIT("assert(agrees(dmabuf_check_freed(att%d.left_sgl, att%d.left_nents, false,\n"
		       "\t\t\t\t msg, sizeof(msg))));", att, att);
	}
	de.ninv = 0;
}

void dmabuf_emit_detach(int att, int buf)
{
	C_EMIT("dma_buf_detach(buf%d.dmabuf, att%d.attach);", buf, att);
}

void dmabuf_emit_put(int buf, bool vfio)
{
	if (vfio)
		C_EMIT("/* our reference, then the descriptor (close(2)) */\n"
		       "dma_buf_put(buf%d.dmabuf);\ndmalab_dma_buf_close(buf%d.fd);", buf, buf);
	else
		C_EMIT("dma_buf_put(buf%d.dmabuf);", buf);
}

void dmabuf_emit_vfio_fini(int n)
{
	char v[24];

	node(n, v);
	C_EMIT("/* vfio-pci closes %s: vfio_pci_dma_buf_cleanup() */\n"
	       "dmalab_vfio_pci_fini(&vfio_%s);", de.t->nodes[n].name, v);
}

void dmabuf_emit_teardown(void)
{
	C_EMIT("for (int node = 0; node < (int)t.nr_nodes; node++)\n"
	       "\tif (s.dev[node])\n\t\tcheck_remove_device(ck, s.dev[node]);\n"
	       "topo_teardown(&s);\n"
	       "/* nothing mapped, no domain or device left, as at the start */\n"
	       "assert(check_teardown(ck));\ncheck_destroy(ck);");
	memset(&de, 0, sizeof(de));
}

DMALAB_NOCOV_END
