/* SPDX-License-Identifier: GPL-2.0-only */
/* generic_pt_test: the runner's own tests of the KUnit layer (kunit_layer.c). */
#ifndef _DMALAB_TESTS_GENERIC_PT_H
#define _DMALAB_TESTS_GENERIC_PT_H

#include "tests/ktest.h"

extern const struct ktest kunit_layer_tests[];
extern const size_t nr_kunit_layer_tests;

#endif
