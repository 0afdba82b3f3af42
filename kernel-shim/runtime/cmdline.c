// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel command line. Parameters registered with __setup() and
 * early_param() by the compiled files get the values of dmalab's command
 * line: the defaults below, then the program's own (dmalab_program_cmdline,
 * dmalab/runtime.h), then the environment variable DMALAB_CMDLINE (for
 * instance "swiotlb=force iommu.forcedac=1").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/init.h>
#include <linux/kernel.h>

/*
 * swiotlb=,,,track_hiwater: swiotlb keeps an exact count of used slots,
 * which the checker reads to prove every bounce slot came back.
 */
#define DMALAB_DEFAULT_CMDLINE	"swiotlb=,,,track_hiwater"

static struct {
	const char *name;
	int (*fn)(char *);
	bool early;
} params[32];
static unsigned int nr_params;

void dmalab_register_param(const char *name, int (*fn)(char *), bool early)
{
	if (nr_params == ARRAY_SIZE(params))
		dmalab_unimplemented("more than 32 kernel parameters");
	params[nr_params].name = name;
	params[nr_params].fn = fn;
	params[nr_params].early = early;
	nr_params++;
}

static void parse(char *line)
{
	char *save, *tok;

	for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		bool known = false;
		unsigned int i;

		for (i = 0; i < nr_params; i++) {
			size_t n = strlen(params[i].name);

			if (!strncmp(tok, params[i].name, n)) {
				params[i].fn(tok + n);
				known = true;
			}
		}
		if (!known)
			printk(KERN_WARNING "dmalab: unknown kernel parameter %s\n", tok);
	}
}

/* A program's own additions (dmalab/runtime.h); weak: none by default. */
extern const char *const dmalab_program_cmdline __attribute__((weak));

static int dmalab_cmdline_boot(void)
{
	const char *env = getenv("DMALAB_CMDLINE");
	char line[512];

	snprintf(line, sizeof(line), "%s %s %s", DMALAB_DEFAULT_CMDLINE,
		 &dmalab_program_cmdline ? dmalab_program_cmdline : "", env ? env : "");
	parse(line);
	return 0;
}
early_initcall(dmalab_cmdline_boot);
