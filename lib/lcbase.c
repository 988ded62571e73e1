/* lcbase: the lifecycle's base rate, a signal on every candle (lcbase.h). */
#include "lcbase.h"

void lc_base_series(const struct lc_bar *bar, size_t n, const struct lc_rules *r,
		    struct lc_base_count *c)
{
	for (size_t i = 0; i < n; i++) {
		struct lc_state s;
		struct lc_result res;

		if (!(bar[i].close > 0))
			continue;
		lc_init(&s, bar[i].close, bar[i].end, bar[i].end);
		for (size_t j = i + 1; j < n && !lc_final(s.status); j++)
			lc_apply(&s, r, &bar[j], &res);
		if (s.outcome == LC_NONE)
			continue;
		c->decided++;
		c->confirmed += s.outcome == LC_CONFIRMED;
	}
}
