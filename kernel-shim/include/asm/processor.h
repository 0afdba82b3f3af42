/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the boot CPU's identification, as x86 code reads it. The
 * PCI topology sets it (its "cpu" line); p2pdma.c asks whether the CPU
 * routes peer-to-peer traffic between root ports.
 */
#ifndef _DMALAB_ASM_PROCESSOR_H
#define _DMALAB_ASM_PROCESSOR_H

#include <linux/types.h>

#define X86_VENDOR_INTEL	0
#define X86_VENDOR_AMD		2
#define X86_VENDOR_UNKNOWN	0xff

struct cpuinfo_x86 {
	u8 x86;			/* family */
	u8 x86_vendor;
};

extern struct cpuinfo_x86 boot_cpu_data;
#define cpu_data(cpu)		boot_cpu_data

#endif
