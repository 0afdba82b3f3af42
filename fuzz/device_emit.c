// SPDX-License-Identifier: GPL-2.0-only
/* C reproducers of fuzz/device.h's set-up and teardown (fuzz/device_emit.h). */
#define _GNU_SOURCE	/* strerrorname_np */
#include <stdio.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <dmalab/iommu.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/device_emit.h"
#include "fuzz/target.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

static const char *const kind_names[] = {
	"DMALAB_DOMAIN_DMA", "DMALAB_DOMAIN_DMA_FQ", "DMALAB_DOMAIN_IDENTITY",
};
static const char *const format_names[] = {
	"DMALAB_PT_X86_64", "DMALAB_PT_AMDV1", "DMALAB_PT_AMDV1_MOCK",
};

const char *fz_emit_ret_name(int ret)
{
	static char buf[32];
	const char *name = ret < 0 && ret >= -4095 ? strerrorname_np(-ret) : NULL;

	if (name)
		snprintf(buf, sizeof(buf), "-%s", name);
	else
		snprintf(buf, sizeof(buf), "%d", ret);
	return buf;
}

const char *fz_emit_dir_name(enum dma_data_direction dir)
{
	static const char *const names[] = {
		"DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE",
	};

	return (unsigned int)dir < ARRAY_SIZE(names) ? names[dir] : "(enum dma_data_direction)-1";
}

void fz_device_emit_setup(const struct fz_device *fd, const struct prog *p, const char *name)
{
	unsigned int min_align = p->cfg[CFG_MIN_ALIGN_LOG2] ?
				 (1U << p->cfg[CFG_MIN_ALIGN_LOG2]) - 1 : 0;

	if (!c_emit_on)
		return;
	c_emit_include("<linux/dma-mapping.h>");
	c_emit_include("<dmalab/iommu.h>");
	c_emit_include("<dmalab/machine.h>");
	c_emit_include("\"oracle/checker.h\"");
	if (fd->d)
		c_emit_decl("static struct dmalab_domain *d;");
	c_emit_decl("static struct device *dev;\n"
		    "static struct checker *ck;\nstatic int err;\n\n"
		    "/* the checker's report: what it expected, what it found */\n"
		    "static void report(void *priv, const char *line)\n{\n"
		    "\tfprintf(stderr, \"checker: %%s\\n\", line);\n}\n");
	C_EMIT("/* the set-up (fuzz/device.c): the device%s */\n"
	       "dmalab_set_nr_cpus(%u);\nck = check_create(report, NULL);\n"
	       "check_set_sample_budget(ck, 32);",
	       fd->d ? " behind an IOMMU domain" : " without an IOMMU",
	       (unsigned int)p->cfg[CFG_CPUS]);
	if (fd->d)
		C_EMIT("d = dmalab_domain_create(&(struct dmalab_domain_cfg){\n"
		       "\t.kind = %s,\n\t.format = %s,\n}, &err);\nassert(d);",
		       kind_names[p->cfg[CFG_DOMAIN]], format_names[p->cfg[CFG_FORMAT]]);
	C_EMIT("dev = dmalab_device_create(&(struct dmalab_device_cfg){\n"
	       "\t.name = \"%s\",\n\t.coherent = %u,\n\t.untrusted = %d,\n"
	       "\t.dma_mask = DMA_BIT_MASK(%u),\n\t.min_align_mask = %#x,\n}, %s, &err);\n"
	       "assert(dev);", name, (unsigned int)p->cfg[CFG_COHERENT], fd->untrusted,
	       (unsigned int)p->cfg[CFG_MASK_BITS], min_align, fd->d ? "d" : "NULL");
	/* dma-iommu WARNs for a min_align_mask wider than its granule: no such device */
	if (fd->iommu && min_align > fd->granule - 1)
		C_EMIT("dma_set_min_align_mask(dev, %#lx);\t/* no wider than the granule */",
		       fd->granule - 1);
	C_EMIT("assert(check_add_device(ck, dev));");
}

void fz_emit_oracle_decl(void)
{
	c_emit_decl("static char msg[512];\t/* an oracle's line when a check failed */\n\n"
		    "/* an oracle's verdict, with its line when it is false */\n"
		    "static bool oracle(bool ok)\n{\n"
		    "\tif (!ok)\n\t\tfprintf(stderr, \"oracle: %%s\\n\", msg);\n"
		    "\treturn ok;\n}\n");
}

void fz_device_emit_teardown(const struct fz_device *fd, const struct fuzz_run *r)
{
	if (!c_emit_on)
		return;
	if (fd->dev)
		C_EMIT("check_remove_device(ck, dev);\ndmalab_device_destroy(dev);");
	if (fd->d)
		C_EMIT("dmalab_domain_destroy(d);");
	if (fd->ck && !r->failed && !dmalab_warn_count())
		C_EMIT("assert(check_teardown(ck));");
	if (fd->ck)
		C_EMIT("check_destroy(ck);");
}

DMALAB_NOCOV_END
