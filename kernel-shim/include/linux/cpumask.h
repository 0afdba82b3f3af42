/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: every possible CPU is online; dmalab_set_nr_cpus() sets how many. */
#ifndef _DMALAB_LINUX_CPUMASK_H
#define _DMALAB_LINUX_CPUMASK_H

#include <linux/smp.h>

#define for_each_possible_cpu(cpu) \
	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_online_cpu(cpu)	for_each_possible_cpu(cpu)
#define for_each_present_cpu(cpu)	for_each_possible_cpu(cpu)
#define num_online_cpus()		(nr_cpu_ids)
#define num_possible_cpus()		(nr_cpu_ids)
#define cpu_online(cpu)			((cpu) < nr_cpu_ids)

#endif
