/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the uuid_t type vfio's headers name (VF tokens). Nothing compares one here. */
#ifndef _DMALAB_LINUX_UUID_H
#define _DMALAB_LINUX_UUID_H

#include <linux/types.h>

#define UUID_SIZE 16
typedef struct {
	__u8 b[UUID_SIZE];
} uuid_t;

#endif
