#include "seriessel.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"

/* Copy the items of the comma-separated list arg into item, NUL-terminated,
 * and return their number; an empty item, an item too long or more than
 * SERIESSEL_MAX items is a usage error. */
static int split(const char *opt, const char *arg, char item[][CANDLE_NAME_MAX])
{
	const char *p = arg;
	int n = 0;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (n == SERIESSEL_MAX)
			usage_error("%s: at most %d names", opt, SERIESSEL_MAX);
		if (len == 0 || len >= CANDLE_NAME_MAX)
			usage_error("%s: '%s' is not a comma-separated list of names", opt, arg);
		memcpy(item[n], p, len);
		item[n++][len] = '\0';
		if (!p[len])
			return n;
		p += len + 1;
	}
}

void seriessel_markets(struct seriessel *sel, const char *opt, const char *arg)
{
	int n = split(opt, arg, sel->market);

	for (int i = 0; i < n; i++) {
		for (char *c = sel->market[i]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (!candle_name_ok(sel->market[i]))
			usage_error("%s: '%s' is not a market name such as futures or spot",
				    opt, sel->market[i]);
	}
	sel->nmarket = n;
	sel->market_arg = arg;
}

void seriessel_intervals(struct seriessel *sel, const char *opt, const char *arg)
{
	char names[SERIESSEL_MAX][CANDLE_NAME_MAX];
	int n = split(opt, arg, names);

	for (int i = 0; i < n; i++) {
		sel->interval[i] = interval_find(names[i]);
		if (!sel->interval[i])
			usage_error("%s: '%s' is not one of %s", opt, names[i], interval_names());
	}
	sel->ninterval = n;
	sel->interval_arg = arg;
}

int seriessel_match(const struct seriessel *sel, const char *market,
		    const struct interval *iv)
{
	int ok = !sel->nmarket;

	for (int i = 0; !ok && i < sel->nmarket; i++)
		ok = !strcmp(sel->market[i], market);
	if (!ok || !sel->ninterval)
		return ok;
	for (int i = 0; i < sel->ninterval; i++)
		if (sel->interval[i] == iv)
			return 1;
	return 0;
}

const char *seriessel_text(const struct seriessel *sel, char *dst, size_t cap)
{
	snprintf(dst, cap, "%s%s%s%s%s", sel->nmarket ? "--market " : "",
		 sel->nmarket ? sel->market_arg : "", sel->nmarket && sel->ninterval ? " " : "",
		 sel->ninterval ? "--interval " : "", sel->ninterval ? sel->interval_arg : "");
	return dst;
}
