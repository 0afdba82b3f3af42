/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: character devices. vfio.h embeds a struct cdev only with
 * CONFIG_VFIO_DEVICE_CDEV, which is off (dmalab/kconfig.h): the type is
 * declared, never defined, so a use is a compile error.
 */
#ifndef _DMALAB_LINUX_CDEV_H
#define _DMALAB_LINUX_CDEV_H

struct cdev;

#endif
