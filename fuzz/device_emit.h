/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * C reproducers (fuzz/c_emit.h) of the targets built on fuzz/device.h: the
 * set-up fz_device_setup() made and the teardown fz_device_teardown() will
 * make, spelled out with the shim's API. A target calls them only once it
 * can express all its ops (a target that emits nothing is refused).
 */
#ifndef DMALAB_FUZZ_DEVICE_EMIT_H
#define DMALAB_FUZZ_DEVICE_EMIT_H

#include <linux/dma-direction.h>

#include "fuzz/device.h"

/*
 * After fz_device_setup(fd, p, name) succeeded: the domain, the device,
 * the checker (variables d, dev, ck; report() prints the checker's lines).
 */
void fz_device_emit_setup(const struct fz_device *fd, const struct prog *p, const char *name);
/* msg and oracle(), which prints msg when an oracle's verdict is false */
void fz_emit_oracle_decl(void);
/* Before fz_device_teardown(fd, r): the same teardown. */
void fz_device_emit_teardown(const struct fz_device *fd, const struct fuzz_run *r);

/* "0", or the errno's name ("-EINVAL"), for a comment (a static buffer) */
const char *fz_emit_ret_name(int ret);
/* DMA_TO_DEVICE etc., as C */
const char *fz_emit_dir_name(enum dma_data_direction dir);

#endif
