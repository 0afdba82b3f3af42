// SPDX-License-Identifier: GPL-2.0-only
/* A program's device and domain with its checker (fuzz/device.h). */
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <dmalab/iommu.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/device.h"
#include "fuzz/target.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

void fz_range(const uint64_t *a, unsigned long base_pfn, phys_addr_t *phys, u32 *len)
{
	unsigned long pfn = base_pfn + a[0], size = PAGE_SIZE << a[1];

	if (a[1])
		pfn = ALIGN(pfn, 1UL << a[1]);
	*phys = PFN_PHYS(pfn) + a[2] % size;
	*len = min_t(u64, min_t(u64, a[3] ? a[3] : size, SZ_64K),
		     PFN_PHYS(pfn) + size - *phys);
}

bool fz_device_setup(struct fz_device *fd, const struct prog *p, const char *name,
		     check_report_fn report)
{
	static const enum dmalab_domain_kind kinds[] = {
		DMALAB_DOMAIN_DMA, DMALAB_DOMAIN_DMA_FQ, DMALAB_DOMAIN_IDENTITY,
	};
	struct dmalab_domain_cfg dc = { .format = p->cfg[CFG_FORMAT] };
	struct dmalab_device_cfg cfg = {
		.name = name,
		.coherent = p->cfg[CFG_COHERENT],
		.dma_mask = DMA_BIT_MASK(p->cfg[CFG_MASK_BITS]),
	};
	int err = 0;

	memset(fd, 0, sizeof(*fd));
	dmalab_set_nr_cpus(p->cfg[CFG_CPUS]);
	if (p->cfg[CFG_MIN_ALIGN_LOG2])
		cfg.min_align_mask = (1U << p->cfg[CFG_MIN_ALIGN_LOG2]) - 1;
	fd->ck = check_create(report, NULL);
	check_set_sample_budget(fd->ck, 32);
	fd->granule = PAGE_SIZE;
	if (p->cfg[CFG_DOMAIN] < 3) {
		dc.kind = kinds[p->cfg[CFG_DOMAIN]];
		fd->d = dmalab_domain_create(&dc, &err);
		if (!fd->d)
			return false;
		fd->iommu = dc.kind != DMALAB_DOMAIN_IDENTITY;
		cfg.untrusted = p->cfg[CFG_UNTRUSTED] && fd->iommu;
		fd->untrusted = cfg.untrusted;
	}
	fd->dev = dmalab_device_create(&cfg, fd->d, &err);
	if (!fd->dev)
		return false;
	if (fd->iommu) {
		u64 bitmap = dmalab_domain_iommu(fd->d)->pgsize_bitmap;

		fd->granule = bitmap & -bitmap;
		if (dma_get_min_align_mask(fd->dev) > fd->granule - 1)
			dma_set_min_align_mask(fd->dev, fd->granule - 1);
	}
	return check_add_device(fd->ck, fd->dev);
}

void fz_device_emit_setup(struct fz_device *fd, const struct prog *p, const char *name)
{
	unsigned int fmt = p->cfg[CFG_FORMAT], min_align = 0;

	if (!c_emit_on)
		return;
	fd->emitted = true;
	c_emit_include("<linux/dma-mapping.h>");
	c_emit_include("<linux/iommu.h>");
	c_emit_include("<dmalab/iommu.h>");
	c_emit_include("<dmalab/machine.h>");
	c_emit_include("\"oracle/checker.h\"");
	if (fd->d)
		c_emit_decl("static struct dmalab_domain *d;");
	c_emit_decl("static struct device *dev;\n"
		    "static struct checker *ck;\nstatic int ret __maybe_unused, err;\n\n"
		    "/* the oracle's report: what it expected, what it found */\n"
		    "static void report(void *priv, const char *msg)\n{\n"
		    "\tfprintf(stderr, \"checker: %%s\\n\", msg);\n}\n");
	C_EMIT("/* the set-up (fuzz/device.c): the device%s */\n"
	       "dmalab_set_nr_cpus(%u);\nck = check_create(report, NULL);\n"
	       "check_set_sample_budget(ck, 32);",
	       fd->d ? " behind an IOMMU domain" : " without an IOMMU",
	       (unsigned int)p->cfg[CFG_CPUS]);
	if (fd->d)
		C_EMIT("d = dmalab_domain_create(&(struct dmalab_domain_cfg){\n"
		       "\t.kind = %s,\n\t.format = %s,\n}, &err);\nassert(d);",
		       c_emit_domain_kind(p->cfg[CFG_DOMAIN]), c_emit_pt_format(fmt));
	if (p->cfg[CFG_MIN_ALIGN_LOG2])
		min_align = (1U << p->cfg[CFG_MIN_ALIGN_LOG2]) - 1;
	C_EMIT("dev = dmalab_device_create(&(struct dmalab_device_cfg){\n"
	       "\t.name = \"%s\",\n\t.coherent = %d,\n\t.untrusted = %d,\n"
	       "\t.dma_mask = DMA_BIT_MASK(%u),\n\t.min_align_mask = %#x,\n}, %s, &err);\n"
	       "assert(dev);", name, (int)p->cfg[CFG_COHERENT], fd->untrusted,
	       (unsigned int)p->cfg[CFG_MASK_BITS], min_align, fd->d ? "d" : "NULL");
	if (fd->iommu && min_align > fd->granule - 1)
		C_EMIT("/* no min_align_mask wider than the granule (dma-iommu WARNs) */\n"
		       "dma_set_min_align_mask(dev, %#lx);", fd->granule - 1);
	C_EMIT("assert(check_add_device(ck, dev));");
}

void fz_device_teardown(struct fz_device *fd, struct fuzz_run *r)
{
	bool emit = c_emit_on && fd->emitted;

	dmalab_fail_off();
	if (fd->dev) {
		check_remove_device(fd->ck, fd->dev);
		dmalab_device_destroy(fd->dev);
		if (emit)
			C_EMIT("check_remove_device(ck, dev);\ndmalab_device_destroy(dev);");
	}
	dmalab_domain_destroy(fd->d);
	if (emit && fd->d)
		C_EMIT("dmalab_domain_destroy(d);");
	if (fd->ck) {
		if (!r->failed && !dmalab_warn_count()) {
			check_teardown(fd->ck);
			if (emit)
				C_EMIT("assert(check_teardown(ck));");
		}
		check_destroy(fd->ck);
		if (emit)
			C_EMIT("check_destroy(ck);");
	}
	memset(fd, 0, sizeof(*fd));
}

DMALAB_NOCOV_END
