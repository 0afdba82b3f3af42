/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The harness side of the dma-buf core (runtime/dma_buf.c) and of the
 * VFIO PCI core around drivers/vfio/pci/vfio_pci_dmabuf.c (runtime/vfio.c):
 * what vfio-pci's open, config writes and close do to a device, as far as
 * its dma-buf exports can tell.
 */
#ifndef _DMALAB_VFIO_H
#define _DMALAB_VFIO_H

#include <linux/types.h>

struct vfio_pci_core_device;
struct pci_dev;

/* close(2) of a descriptor dma_buf_fd() returned: drops its reference */
int dmalab_dma_buf_close(int fd);
/*
 * Mark descriptor 0, 1 or 2 open or closed (a process that closed its
 * stdin, as daemons do, gets 0 for its next file).
 */
void dmalab_std_fd_set_open(int fd, bool open);

/*
 * vfio_pci_core_init_dev + vfio_pci_core_enable for pdev, as far as dma-buf
 * export goes: the registration reference, memory_lock, the dmabufs list,
 * pci_ops with vfio-pci's get_dmabuf_phys (vfio_pci_core_get_dmabuf_phys,
 * compiled), a barmap cookie for every BAR with a resource (never
 * dereferenced: nothing here does MMIO), and a virtual config space whose
 * command register has memory decoding on. 0 or -ENOMEM.
 */
int dmalab_vfio_pci_init(struct vfio_pci_core_device *vdev, struct pci_dev *pdev);
/*
 * close_device then release: vfio_pci_dma_buf_cleanup() (compiled), then
 * the registration reference; the dma-bufs still open keep their memory
 * until their last descriptor is closed.
 */
void dmalab_vfio_pci_fini(struct vfio_pci_core_device *vdev);
/*
 * A write of the command register's memory-enable bit through the config
 * space, as vfio_basic_config_write() does it: disabling takes memory_lock
 * for writing and revokes every dma-buf (vfio_pci_dma_buf_move(vdev, true))
 * before the bit changes; enabling sets the bit, then un-revokes them.
 */
void dmalab_vfio_pci_set_memory(struct vfio_pci_core_device *vdev, bool enable);

#endif
