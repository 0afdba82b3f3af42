// SPDX-License-Identifier: GPL-2.0-only
/* What C reproducers of the targets on fuzz/device.h share (fuzz/device_emit.h). */
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

void fz_emit_oracle_decl(void)
{
	c_emit_decl("static char msg[512];\t/* an oracle's line when a check failed */\n\n"
		    "/* an oracle's verdict, with its line when it is false */\n"
		    "static bool oracle(bool ok)\n{\n"
		    "\tif (!ok)\n\t\tfprintf(stderr, \"oracle: %%s\\n\", msg);\n"
		    "\treturn ok;\n}\n");
}

DMALAB_NOCOV_END
