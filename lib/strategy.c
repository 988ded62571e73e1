/* strategy: which signals qualify and their priority order (strategy.h). */
#include "strategy.h"

#include <math.h>
#include <string.h>

#include "score.h"

void strategy_rules_default(struct strategy_rules *r)
{
	r->min_strength = STRENGTH_WEAK;
	r->has_min_score = 0;
	r->min_score = 0;
	r->min_level = -1;
	r->market = "futures";
	r->interval = NULL;
	r->symbols = NULL;
	r->nsymbols = 0;
	r->closed_only = 1;
}

static int symbol_listed(const struct strategy_rules *r, const char *sym)
{
	for (size_t i = 0; i < r->nsymbols; i++)
		if (!strcmp(r->symbols[i], sym))
			return 1;
	return 0;
}

enum strategy_reason strategy_check(const struct strategy_rules *r, const struct signal_in *s)
{
	if (r->closed_only && !s->closed)
		return STRAT_FORMING;
	if (r->market && strcmp(r->market, s->market))
		return STRAT_MARKET;
	if (r->interval && r->interval != s->interval)
		return STRAT_INTERVAL;
	if (r->symbols && !symbol_listed(r, s->symbol))
		return STRAT_SYMBOL;
	if (s->strength == STRENGTH_NONE || s->strength < r->min_strength)
		return STRAT_STRENGTH;
	if ((r->has_min_score || r->min_level >= 0) &&
	    (!s->scored || (r->min_level >= 0 && score_level_rank(s->level) < 0)))
		return STRAT_NO_SCORE;
	if (r->has_min_score && !(s->total >= r->min_score))
		return STRAT_MIN_SCORE;
	if (r->min_level >= 0 && score_level_rank(s->level) < r->min_level)
		return STRAT_LEVEL;
	return STRAT_OK;
}

const char *strategy_reason_name(enum strategy_reason why)
{
	static const char *const names[STRAT_NREASONS] = {
		[STRAT_FORMING] = "forming", [STRAT_MARKET] = "market",
		[STRAT_INTERVAL] = "interval", [STRAT_SYMBOL] = "symbol",
		[STRAT_STRENGTH] = "strength", [STRAT_NO_SCORE] = "no_score",
		[STRAT_MIN_SCORE] = "min_score", [STRAT_LEVEL] = "level"
	};

	if ((int)why < 0 || why >= STRAT_NREASONS)
		return NULL;
	return names[why];
}

void strategy_key_of(struct strategy_key *k, const struct signal_in *s)
{
	k->scored = s->scored;
	k->total = s->total;
	k->has_ratio = s->has_ratio;
	k->ratio = s->ratio;
	k->id = s->id;
}

/* Descending by a value that may be unknown; known values first. */
static int desc(int ha, double a, int hb, double b)
{
	ha = ha && !isnan(a);
	hb = hb && !isnan(b);
	if (ha != hb)
		return ha ? -1 : 1;
	if (!ha || a == b)
		return 0;
	return a > b ? -1 : 1;
}

int strategy_key_cmp(const struct strategy_key *a, const struct strategy_key *b)
{
	int c = desc(a->scored, a->total, b->scored, b->total);

	if (!c)
		c = desc(a->has_ratio, a->ratio, b->has_ratio, b->ratio);
	if (!c)
		c = strcmp(a->id, b->id);
	return c;
}

int strategy_key_qsort(const void *a, const void *b)
{
	return strategy_key_cmp(a, b);
}
