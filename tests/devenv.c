// SPDX-License-Identifier: GPL-2.0-only
/* The caller suites' device (tests/devenv.h). */
#include <string.h>

#include "tests/devenv.h"
#include "tests/ktest.h"

static void report(void *priv, const char *msg)
{
	kt_report(__FILE__, __LINE__, "checker: %s", msg);
}

bool test_dev_init(struct test_dev *td, const struct dmalab_domain_cfg *dc,
		   struct dmalab_device_cfg *cfg,
		   void (*adjust)(struct dmalab_device_cfg *cfg, struct dmalab_domain *d))
{
	int err = 0;

	memset(td, 0, sizeof(*td));
	td->ck = check_create(report, NULL);
	if (dc) {
		td->d = dmalab_domain_create(dc, &err);
		if (!td->d)
			KT_SETUP_FAIL("dmalab_domain_create: %d", err);
	}
	if (adjust)
		adjust(cfg, td->d);
	td->dev = dmalab_device_create(cfg, td->d, &err);
	if (!td->dev)
		KT_SETUP_FAIL("dmalab_device_create: %d", err);
	KT_EXPECT(check_add_device(td->ck, td->dev));
	return true;
}

bool test_dev_fini(struct test_dev *td)
{
	bool ok = true;

	if (td->dev) {
		ok = check_remove_device(td->ck, td->dev);
		dmalab_device_destroy(td->dev);
	}
	dmalab_domain_destroy(td->d);
	ok = check_teardown(td->ck) && ok;
	check_destroy(td->ck);
	memset(td, 0, sizeof(*td));
	return ok;
}
