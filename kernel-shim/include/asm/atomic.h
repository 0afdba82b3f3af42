/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: see linux/atomic.h. */
#include <linux/atomic.h>
