/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What C reproducers (fuzz/c_emit.h) of the targets built on fuzz/device.h
 * share. The device's set-up and teardown are written by fuzz/device.c
 * itself (fz_device_emit_setup(), then fz_device_teardown()), for a target
 * that can express all its ops.
 */
#ifndef DMALAB_FUZZ_DEVICE_EMIT_H
#define DMALAB_FUZZ_DEVICE_EMIT_H

#include <linux/dma-direction.h>

#include "fuzz/device.h"

/* msg and oracle(), which prints msg when an oracle's verdict is false */
void fz_emit_oracle_decl(void);

#endif
