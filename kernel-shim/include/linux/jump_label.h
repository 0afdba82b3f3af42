/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: static keys are plain booleans. */
#ifndef _DMALAB_LINUX_JUMP_LABEL_H
#define _DMALAB_LINUX_JUMP_LABEL_H
#include <linux/types.h>

struct static_key_false { bool enabled; };
struct static_key_true { bool enabled; };
#define DEFINE_STATIC_KEY_FALSE(name)	struct static_key_false name = { false }
#define DEFINE_STATIC_KEY_TRUE(name)	struct static_key_true name = { true }
#define DECLARE_STATIC_KEY_FALSE(name)	extern struct static_key_false name
#define static_branch_unlikely(k)	((k)->enabled)
#define static_branch_likely(k)		((k)->enabled)
#define static_branch_enable(k)		((k)->enabled = true)
#define static_branch_disable(k)	((k)->enabled = false)
#define static_key_enabled(k)		((k)->enabled)
#endif
