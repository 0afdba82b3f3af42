/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: static calls are function pointers. */
#ifndef _DMALAB_LINUX_STATIC_CALL_H
#define _DMALAB_LINUX_STATIC_CALL_H

#define DEFINE_STATIC_CALL(name, func)	typeof(func) *__dmalab_sc_##name = func
#define DECLARE_STATIC_CALL(name, func)	extern typeof(func) *__dmalab_sc_##name
#define static_call(name)		(__dmalab_sc_##name)
#define static_call_update(name, func)	(__dmalab_sc_##name = (func))
#endif
