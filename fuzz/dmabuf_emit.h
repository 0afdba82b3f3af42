/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dmabuf target's C reproducer (fuzz/c_emit.h): fuzz/targets/dmabuf.c
 * calls these beside its own calls while c_emit_on is set. Buffers and
 * attachments are named by their slot (buf0..3, att0..7, as the ops name
 * them), nodes by their topology name, a node's VFIO device vfio_<node>.
 */
#ifndef _DMALAB_DMABUF_EMIT_H
#define _DMALAB_DMABUF_EMIT_H

#include <linux/types.h>

struct topology;
struct phys_vec;
struct vfio_region_dma_range;

enum dmabuf_emit_map {
	DE_MAP,			/* checked by dmabuf_check_map() */
	DE_MAP_REVOKED,		/* checked by dmabuf_check_revoked() */
	DE_MAP_INJECTED,	/* -ENOMEM under an injected failure: check_verify() */
	DE_MAP_LEFT_OUT,	/* left out by the run for the known bug it shows */
};

void dmabuf_emit_setup(const struct topology *t, int format, unsigned int budget);
void dmabuf_emit_cpus(unsigned int cpus, int ret);
void dmabuf_emit_vfio_init(int node, int ret);
/* the ioctl: want from dmabuf_vfio_expect(), got its answer */
void dmabuf_emit_vfio_export(int buf, int node, unsigned int bar,
			     const struct vfio_region_dma_range *r, unsigned int nr, int want,
			     int got, bool injected);
/* the plain exporter's export; err: 0 or what dma_buf_export() gave */
void dmabuf_emit_plain_export(int buf, int node, unsigned int bar, const struct phys_vec *r,
			      unsigned int nr, int err);
void dmabuf_emit_plain_skipped(int node, unsigned int bar);
void dmabuf_emit_attach(int att, int buf, int client, int kind, bool vfio, int want, int got,
			bool injected);
/* err: 0 when the run got a table; bug: the known bug of a DE_MAP_LEFT_OUT */
void dmabuf_emit_map(enum dmabuf_emit_map kind, int att, int buf, int client, int dir,
		     bool unreachable, long err, const char *bug);
/* the run's unmap under the lock (main's own), the array left or not */
void dmabuf_emit_unmap(int att, int buf, int dir, bool leaked);
/* the same, made by invalidate() during a revoke: checked after it */
void dmabuf_emit_invalidated(int att, bool leaked);
void dmabuf_emit_revoke(int node, bool enable);
void dmabuf_emit_revoke_done(void);
void dmabuf_emit_lock(int buf, bool lock);
void dmabuf_emit_detach(int att, int buf);
void dmabuf_emit_put(int buf, bool vfio);
void dmabuf_emit_vfio_fini(int node);
void dmabuf_emit_teardown(void);

#endif
