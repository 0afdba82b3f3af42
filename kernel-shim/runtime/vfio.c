// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VFIO core around vfio_pci_dmabuf.c, emulated (dmalab/vfio.h): the
 * device registration reference (drivers/vfio/vfio_main.c), the memory
 * enable test (vfio_pci_config.c) and the device setup vfio-pci does
 * before userspace can ask for a dma-buf. The rest of VFIO (groups, cdev,
 * iommufd, interrupts, config virtualisation, BAR access) is not here.
 */
#include <linux/vfio_pci_core.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/pci-p2pdma.h>
#include <drivers/vfio/pci/vfio_pci_priv.h>
#include <dmalab/vfio.h>

/* vfio_main.c: userspace's count on a registered device; the last put completes comp */
bool vfio_device_try_get_registration(struct vfio_device *device)
{
	return refcount_inc_not_zero(&device->refcount);
}

void vfio_device_put_registration(struct vfio_device *device)
{
	if (refcount_dec_and_test(&device->refcount))
		complete(&device->comp);
}

/*
 * vfio_pci_config.c: does the device decode memory, as the guest sees its
 * command register? The power state (D3hot and below: no) and
 * no_command_memory (VFs) are not modelled: always D0, a physical function.
 */
bool __vfio_pci_memory_enabled(struct vfio_pci_core_device *vdev)
{
	u16 cmd = vdev->vconfig[PCI_COMMAND] | vdev->vconfig[PCI_COMMAND + 1] << 8;

	return cmd & PCI_COMMAND_MEMORY;
}

static const struct vfio_pci_device_ops dmalab_vfio_pci_ops = {
	.get_dmabuf_phys = vfio_pci_core_get_dmabuf_phys,
};

int dmalab_vfio_pci_init(struct vfio_pci_core_device *vdev, struct pci_dev *pdev)
{
	int bar, ret;

	memset(vdev, 0, sizeof(*vdev));
	/* vfio_pci_core_init_dev(): the P2P providers of every memory BAR (devm) */
	ret = pcim_p2pdma_init(pdev);
	if (ret && ret != -EOPNOTSUPP)
		return ret;
	vdev->vconfig = kzalloc(PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	if (!vdev->vconfig)
		return -ENOMEM;
	vdev->vconfig[PCI_COMMAND] = PCI_COMMAND_MEMORY;
	vdev->pdev = pdev;
	vdev->vdev.dev = &pdev->dev;
	vdev->pci_ops = &dmalab_vfio_pci_ops;
	refcount_set(&vdev->vdev.refcount, 1);
	init_completion(&vdev->vdev.comp);
	init_rwsem(&vdev->memory_lock);
	INIT_LIST_HEAD(&vdev->dmabufs);
	/*
	 * vfio_pci_core_map_bars(): -ENODEV for a BAR without a resource, else
	 * a cookie, the BAR's CPU address (never read: no MMIO here)
	 */
	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		vdev->barmap[bar] = IOMEM_ERR_PTR(-ENODEV);
		if (!pdev->non_mappable_bars && pci_resource_len(pdev, bar))
			vdev->barmap[bar] = (void __iomem *)(uintptr_t)pci_resource_start(pdev, bar);
	}
	return 0;
}

void dmalab_vfio_pci_fini(struct vfio_pci_core_device *vdev)
{
	vfio_pci_dma_buf_cleanup(vdev);
	vfio_device_put_registration(&vdev->vdev);
	/* vfio_unregister_group_dev() waits for every registration to go */
	WARN(!try_wait_for_completion(&vdev->vdev.comp),
	     "vfio device unregistered with %u registrations left\n",
	     refcount_read(&vdev->vdev.refcount));
	kfree(vdev->vconfig);
	vdev->vconfig = NULL;
}

void dmalab_vfio_pci_set_memory(struct vfio_pci_core_device *vdev, bool enable)
{
	down_write(&vdev->memory_lock);
	if (!enable) {
		vfio_pci_dma_buf_move(vdev, true);
		vdev->vconfig[PCI_COMMAND] &= ~PCI_COMMAND_MEMORY;
	} else {
		vdev->vconfig[PCI_COMMAND] |= PCI_COMMAND_MEMORY;
		if (__vfio_pci_memory_enabled(vdev))
			vfio_pci_dma_buf_move(vdev, false);
	}
	up_write(&vdev->memory_lock);
}
