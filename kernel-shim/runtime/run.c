// SPDX-License-Identifier: GPL-2.0-only
/* The run bracket of tests and fuzz runs (dmalab/runtime.h). */
#include <dmalab/iommu.h>
#include <dmalab/runtime.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

void dmalab_run_begin(struct dmalab_run *r)
{
	dmalab_warn_reset();
	dmalab_log_clear();
	dmalab_arch_syncs_clear();
	dmalab_fail_off();
	dmalab_set_cpu(0);
	r->nr_cpus = dmalab_nr_cpus();
	dmalab_slab_stats(&r->slab);
}

void dmalab_run_end(struct dmalab_run *r, struct dmalab_run_result *res)
{
	struct dmalab_slab_stats now;

	dmalab_fail_off();
	dmalab_run_deferred_work();
	dmalab_slab_stats(&now);
	res->leaked = (long long)(now.live_objects - r->slab.live_objects);
	res->warns = dmalab_warn_count();
	dmalab_set_cpu(0);
	/* -EBUSY if the run left per-cpu memory: the leak says so already */
	dmalab_set_nr_cpus(r->nr_cpus);
}

DMALAB_NOCOV_END
