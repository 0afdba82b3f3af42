// SPDX-License-Identifier: GPL-2.0-only
/* What C reproducers of the targets on fuzz/device.h share (fuzz/device_emit.h). */
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

void fz_emit_oracle_decl(void)
{
	c_emit_decl("static char msg[512];\t/* an oracle's line when a check failed */\n\n"
		    "/* an oracle's verdict, with its line when it is false */\n"
		    "static bool oracle(bool ok)\n{\n"
		    "\tif (!ok)\n\t\tfprintf(stderr, \"oracle: %%s\\n\", msg);\n"
		    "\treturn ok;\n}\n");
}

DMALAB_NOCOV_END
