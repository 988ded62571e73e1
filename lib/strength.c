#include "strength.h"

#include <stdlib.h>
#include <string.h>

void strength_rules_default(struct strength_rules *r)
{
	r->t[0] = 1.5;
	r->t[1] = 2;
	r->t[2] = 3;
	r->t[3] = 5;
}

int strength_rules_parse(struct strength_rules *r, const char *s)
{
	struct strength_rules tmp;
	const char *p = s;

	for (int i = 0; i < 4; i++) {
		char *end;

		size_t n = strspn(p, "0123456789.");

		if (!n)
			return -1;
		tmp.t[i] = strtod(p, &end);
		if (end != p + n || !(tmp.t[i] > 0) || tmp.t[i] > 1e9 ||
		    (i && tmp.t[i] <= tmp.t[i - 1]))
			return -1;
		p = end;
		if (i < 3 && *p++ != ',')
			return -1;
	}
	if (*p)
		return -1;
	*r = tmp;
	return 0;
}

enum strength strength_of(const struct strength_rules *r, double m)
{
	if (m >= r->t[3])
		return STRENGTH_EXTREME;
	if (m >= r->t[2])
		return STRENGTH_STRONG;
	if (m >= r->t[1])
		return STRENGTH_MEDIUM;
	return STRENGTH_WEAK;
}

const char *strength_name(enum strength s)
{
	static const char *const names[] = { "WEAK", "MEDIUM", "STRONG", "EXTREME" };

	return s == STRENGTH_NONE ? NULL : names[s];
}

int strength_confidence(enum strength s)
{
	static const int conf[] = { 30, 45, 60, 75 };

	return s == STRENGTH_NONE ? 0 : conf[s];
}
