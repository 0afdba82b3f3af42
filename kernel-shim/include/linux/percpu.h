/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: per-cpu areas.
 *
 * As in the kernel, a per-cpu pointer is not itself a copy: CPU n's copy
 * lies at a fixed distance (n + 1) * DMALAB_PCPU_UNIT from it, and the
 * pointer's own unit is never mapped, so using it without per_cpu_ptr()
 * faults. The runtime carves dynamic per-cpu allocations out of one
 * reserved arena of CONFIG_NR_CPUS + 1 units. The current CPU is a
 * thread-local (one thread = one CPU).
 */
#ifndef _DMALAB_LINUX_PERCPU_H
#define _DMALAB_LINUX_PERCPU_H

#include <linux/types.h>
#include <linux/smp.h>
#include <linux/cpumask.h>

#define DMALAB_PCPU_UNIT	(1UL << 24)	/* 16 MiB of address space a CPU */
#define __percpu

void *__alloc_percpu(size_t size, size_t align);
void *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp);
void free_percpu(void *p);

#define alloc_percpu(type) \
	((typeof(type) __percpu *)__alloc_percpu(sizeof(type), __alignof__(type)))
#define alloc_percpu_gfp(type, gfp) \
	((typeof(type) __percpu *)__alloc_percpu_gfp(sizeof(type), __alignof__(type), gfp))

#define per_cpu_ptr(ptr, cpu) \
	((typeof(ptr))((char *)(ptr) + ((unsigned long)(cpu) + 1) * DMALAB_PCPU_UNIT))
#define raw_cpu_ptr(ptr)	per_cpu_ptr(ptr, raw_smp_processor_id())
#define this_cpu_ptr(ptr)	raw_cpu_ptr(ptr)
#define get_cpu_ptr(ptr)	raw_cpu_ptr(ptr)
#define put_cpu_ptr(ptr)	do { (void)(ptr); } while (0)

#endif
