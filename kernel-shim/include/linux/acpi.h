/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no ACPI. */
#ifndef _DMALAB_LINUX_ACPI_H
#define _DMALAB_LINUX_ACPI_H
#include <linux/types.h>
struct device;
static inline bool has_acpi_companion(struct device *dev) { return false; }
#endif
