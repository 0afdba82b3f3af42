// SPDX-License-Identifier: GPL-2.0-only
/* Small library functions the compiled files use. */
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/errno.h>

/* lib/kstrtox.c semantics: y/Y/1/on -> true, n/N/0/off -> false */
int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return strtoul(cp, endp, base);
}
