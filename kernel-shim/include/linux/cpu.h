/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _DMALAB_LINUX_CPU_H
#define _DMALAB_LINUX_CPU_H

#include <linux/cpumask.h>
#include <linux/cpuhotplug.h>
#include <linux/mutex.h>
#include <linux/percpu.h>

#define cpus_read_lock()	do { } while (0)
#define cpus_read_unlock()	do { } while (0)

#endif
