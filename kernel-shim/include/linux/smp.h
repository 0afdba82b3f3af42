/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: CPUs are threads; the runtime knows which CPU a thread is. */
#ifndef _DMALAB_LINUX_SMP_H
#define _DMALAB_LINUX_SMP_H

#include <linux/types.h>
#include <dmalab/runtime.h>

extern __thread unsigned int dmalab_this_cpu;
extern unsigned int nr_cpu_ids;

#define raw_smp_processor_id()	(dmalab_this_cpu)
#define smp_processor_id()	(dmalab_this_cpu)
#define get_cpu()		(dmalab_this_cpu)
#define put_cpu()		do { } while (0)
#define preempt_disable()	do { } while (0)
#define preempt_enable()	do { } while (0)
#define migrate_disable()	do { } while (0)
#define migrate_enable()	do { } while (0)
#define irqs_disabled()		false
#define in_interrupt()		false
#define local_irq_save(f)	do { (f) = 0; } while (0)
#define local_irq_restore(f)	do { (void)(f); } while (0)

#endif
