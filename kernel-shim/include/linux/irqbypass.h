/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: IRQ bypass (KVM posted interrupts). vfio_pci_core.h
 * includes it; nothing here uses it: declarations only.
 */
#ifndef _DMALAB_LINUX_IRQBYPASS_H
#define _DMALAB_LINUX_IRQBYPASS_H

struct irq_bypass_producer;
struct irq_bypass_consumer;

#endif
