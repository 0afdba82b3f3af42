/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: KUnit's test devices (the kernel's lib/kunit/device.c puts
 * them on a "kunit" bus). Here a device is a zeroed struct device in kmalloc
 * memory, named, on no bus and behind no IOMMU, released when the case that
 * registered it ends (runtime/kunit.c). Drivers are not modelled.
 */
#ifndef _DMALAB_KUNIT_DEVICE_H
#define _DMALAB_KUNIT_DEVICE_H

#include <linux/device.h>

struct kunit;

/* a device of this case, or ERR_PTR(-ENOMEM) */
struct device *kunit_device_register(struct kunit *test, const char *name);
/* release it now, before the case ends */
void kunit_device_unregister(struct kunit *test, struct device *dev);

#endif
