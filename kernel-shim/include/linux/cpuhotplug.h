/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: CPU hotplug. Only the multi-instance "dead" teardown callbacks
 * are kept (the IOVA rcache frees a dead CPU's magazines through one); they
 * run when the harness calls dmalab_cpu_dead(cpu). CPUs never come up at run
 * time, so startup callbacks are accepted and never called.
 */
#ifndef _DMALAB_LINUX_CPUHOTPLUG_H
#define _DMALAB_LINUX_CPUHOTPLUG_H

#include <linux/types.h>

enum cpuhp_state {
	CPUHP_INVALID = -1,
	CPUHP_OFFLINE = 0,
	CPUHP_IOMMU_IOVA_DEAD,
	CPUHP_AP_ONLINE_DYN,
	CPUHP_DMALAB_NR_STATES,
};

int cpuhp_setup_state_multi(enum cpuhp_state state, const char *name,
			    int (*startup)(unsigned int cpu, struct hlist_node *node),
			    int (*teardown)(unsigned int cpu, struct hlist_node *node));
int cpuhp_state_add_instance_nocalls(enum cpuhp_state state, struct hlist_node *node);
int cpuhp_state_remove_instance_nocalls(enum cpuhp_state state, struct hlist_node *node);
void cpuhp_remove_multi_state(enum cpuhp_state state);

#endif
