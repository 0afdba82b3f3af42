/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no ACPI IORT; its reserved regions are none. */
#ifndef _DMALAB_LINUX_ACPI_IORT_H
#define _DMALAB_LINUX_ACPI_IORT_H
struct device;
struct list_head;
static inline void iort_iommu_get_resv_regions(struct device *dev, struct list_head *head) { }
#endif
