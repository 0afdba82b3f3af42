// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gpu-sparse target's C reproducer (fuzz/gpu_emit.h, fuzz/c_emit.h).
 *
 * The reproducer builds the migrate_pfn array the program's gpu_entry ops
 * built, calls drm_pagemap's two functions (the tree's text compiled on its
 * own by fuzz/drm_pagemap_repro.c, under the names drm_pagemap_repro_map()
 * and drm_pagemap_repro_unmap()) with the literal arguments of the run,
 * and asks the same oracle the target asks (oracle/gpu_check.h), which
 * reads the device's domain, page table and IOVA allocator itself.
 */
#include <linux/dma-mapping.h>
#include <linux/errno.h>

#include <dmalab/iommu.h>
#include <dmalab/nocov.h>

#include "fuzz/c_emit.h"
#include "fuzz/device.h"
#include "fuzz/gpu_emit.h"
#include "fuzz/prog.h"

DMALAB_NOCOV_BEGIN

static unsigned int entries;

/* the migrate_pfn array, declared with its first entry */
static void emit_array_decl(void)
{
	c_emit_decl("/*\n * The migrate_pfn array as migrate_vma fills it: a folio at its head\n"
		    " * page, the entries its other pages would take holes (0).\n */\n"
		    "static unsigned long mpfn[%u], npages;\n", entries);
}

void gpu_emit_setup(struct fz_device *fd, const struct prog *p, const char *name,
		    unsigned int max_entries)
{
	fz_device_emit_setup(fd, p, name);	/* the device, the domain, the checker */
	c_emit_include("<linux/migrate.h>");
	c_emit_include("\"fuzz/drm_pagemap_repro.h\"");
	c_emit_include("\"oracle/gpu_check.h\"");
	entries = max_entries;
}

void gpu_emit_make_folio(unsigned long pfn, unsigned int order)
{
	C_EMIT("dmalab_make_folio(%#lx, %u);", pfn, order);
}

void gpu_emit_clear_folio(unsigned long pfn)
{
	C_EMIT("dmalab_clear_folio(%#lx);", pfn);
}

void gpu_emit_holes(unsigned long count, unsigned long n)
{
	emit_array_decl();
	C_EMIT("memset(&mpfn[npages], 0, %lu * sizeof(mpfn[0]));\n"
	       "npages += %lu;\t/* holes: %lu entries */", count, count, n);
}

void gpu_emit_folio(unsigned long pfn, unsigned int order, unsigned long n)
{
	emit_array_decl();
	if (!order) {
		C_EMIT("mpfn[npages++] = migrate_pfn(%#lx) | MIGRATE_PFN_MIGRATE;", pfn);
		return;
	}
	C_EMIT("mpfn[npages] = migrate_pfn(%#lx) | MIGRATE_PFN_MIGRATE | MIGRATE_PFN_COMPOUND;\n"
	       "memset(&mpfn[npages + 1], 0, %lu * sizeof(mpfn[0]));\n"
	       "npages += %lu;\t/* %lu entries */", pfn, (1UL << order) - 1, 1UL << order, n);
}

void gpu_emit_clear(void)
{
	C_EMIT("npages = 0;");
}

void gpu_emit_map(unsigned long n, enum dma_data_direction dir, int ret)
{
	c_emit_decl("/* what the map gave each entry, and its oracle (oracle/gpu_check.h) */\n"
		    "static struct drm_pagemap_addr addr[%u];\n"
		    "static struct gpu_check_addr caddr[%u];\n"
		    "static struct drm_pagemap_iova_state state;\n"
		    "static struct gpu_check gc;\nstatic int ret;\n"
		    "static char msg[512];\n\n"
		    "/* the GPU oracle's verdict, said when it fails */\n"
		    "static bool oracle_says(bool ok)\n{\n"
		    "\tif (!ok)\n\t\tfprintf(stderr, \"checker: %%s\\n\", msg);\n"
		    "\treturn ok;\n}\n", entries, entries);
	C_EMIT("/* drm_pagemap_migrate_map_system_pages(), the tree's (fuzz/drm_pagemap_repro.c) */\n"
	       "memset(addr, 0, sizeof(addr));\nmemset(&state, 0, sizeof(state));\n"
	       "gpu_check_init(&gc, ck, dev, mpfn, %lu, %s);\n"
	       "ret = drm_pagemap_repro_map(dev, addr, mpfn, %lu, %s, &state);\n"
	       "/* seen: %s */\n"
	       "for (unsigned long i = 0; i < %lu; i++)\n"
	       "\tcaddr[i] = (struct gpu_check_addr){ addr[i].addr, addr[i].order };\n"
	       "assert(oracle_says(gpu_check_mapped(&gc, ret, caddr, &state.dma_state, "
	       "state.offset,\n\t\t\t\t    msg, sizeof(msg))));",
	       n, c_emit_dir(dir), n, c_emit_dir(dir), c_emit_errno(ret), n);
}

void gpu_emit_map_failed(int ret, const char *why, const char *bug)
{
	if (!bug) {
		C_EMIT("/* %s: %s */", c_emit_errno(ret), why);
		return;
	}
	c_emit_known_bug(bug, "seen: %s, %s", c_emit_errno(ret), why);
	C_EMIT("assert(ret == 0);");
}

void gpu_emit_unmap(unsigned long n, enum dma_data_direction dir)
{
	C_EMIT("drm_pagemap_repro_unmap(dev, addr, mpfn, %lu, %s, &state);\n"
	       "assert(oracle_says(gpu_check_unmapped(&gc, msg, sizeof(msg))));\n"
	       "gpu_check_fini(&gc);", n, c_emit_dir(dir));
}

DMALAB_NOCOV_END
