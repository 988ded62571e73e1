/* condition: one condition of a detection profile (condition.h). */
#include "condition.h"

#include <stdio.h>
#include <string.h>

#include "num.h"
#include "pct.h"

static const char *const value_names[COND_VALUES] = {
	[COND_VOLUME_RATIO] = "volume_ratio",
	[COND_TRADES_RATIO] = "trades_ratio",
	[COND_CHANGE_PCT] = "change_pct",
	[COND_PREV_CHANGE_PCT] = "prev_change_pct",
	[COND_TAKER_BUY_SHARE] = "taker_buy_share",
	[COND_SPIKE_PCT] = "spike_pct",
	[COND_MINUTE] = "minute",
};

/* Longest first: ">=" before ">". */
static const struct { const char *text; enum cond_op op; } ops[] = {
	{ ">=", COND_GE }, { "<=", COND_LE }, { ">", COND_GT }, { "<", COND_LT },
};

const char *condition_value_name(enum cond_value v)
{
	return value_names[v];
}

const char *condition_op_name(enum cond_op op)
{
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].op == op)
			return ops[i].text;
	return "?";
}

static int blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

int condition_parse(struct condition *k, const char *s, size_t n, char *err, size_t errlen)
{
	const char *end = s + n, *p = s, *name;
	size_t nlen, oplen = 0;
	int v = -1;

	while (p < end && blank(*p))
		p++;
	while (end > p && blank(end[-1]))
		end--;
	name = p;
	while (p < end && (*p == '_' || (*p >= 'a' && *p <= 'z')))
		p++;
	nlen = (size_t)(p - name);
	for (int i = 0; i < COND_VALUES; i++)
		if (nlen == strlen(value_names[i]) && !memcmp(name, value_names[i], nlen))
			v = i;
	if (v < 0) {
		snprintf(err, errlen, "'%.*s' is not a condition value (volume_ratio, "
			 "trades_ratio, change_pct, prev_change_pct, taker_buy_share, "
			 "spike_pct, minute)", (int)(nlen ? nlen : (size_t)(end - name)), name);
		return -1;
	}
	while (p < end && blank(*p))
		p++;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t l = strlen(ops[i].text);

		if ((size_t)(end - p) >= l && !memcmp(p, ops[i].text, l)) {
			k->op = ops[i].op;
			oplen = l;
			break;
		}
	}
	if (!oplen) {
		snprintf(err, errlen, "'%.*s' has no operator (>=, >, <= or <) after '%s'",
			 (int)(end - s), s, value_names[v]);
		return -1;
	}
	p += oplen;
	while (p < end && blank(*p))
		p++;
	if (p == end || num_parse(p, (size_t)(end - p), &k->threshold) < 0) {
		snprintf(err, errlen, "'%.*s' does not end with a number", (int)(end - s), s);
		return -1;
	}
	k->what = (enum cond_value)v;
	return 0;
}

size_t condition_format(const struct condition *k, char *dst)
{
	char num[NUM_FMT_MAX];
	int n;

	fmt_double(num, k->threshold);
	n = snprintf(dst, CONDITION_TEXT_MAX, "%s %s %s", value_names[k->what],
		     condition_op_name(k->op), num);
	return n > 0 && n < CONDITION_TEXT_MAX ? (size_t)n : CONDITION_TEXT_MAX - 1;
}

unsigned condition_needs(const struct condition *k, int quote)
{
	switch (k->what) {
	case COND_TRADES_RATIO:
		return CANDLE_TRADES;
	case COND_TAKER_BUY_SHARE:
		return quote ? CANDLE_TAKER_BUY_QUOTE_VOLUME : CANDLE_TAKER_BUY_VOLUME;
	default:
		return 0;
	}
}

int condition_value(const struct condition *k, const struct cond_input *in, double *v)
{
	const struct candle *c = in->c;
	double vol, buy;

	switch (k->what) {
	case COND_VOLUME_RATIO:
		*v = in->volume_ratio;
		return in->has_volume_ratio;
	case COND_TRADES_RATIO:
		*v = in->trades_ratio;
		return in->has_trades_ratio && (c->has & CANDLE_TRADES);
	case COND_CHANGE_PCT:
		*v = c->open != 0 ? pct_change(c->open, c->close) : 0;
		return c->open != 0;
	case COND_PREV_CHANGE_PCT:
		*v = in->has_prev_close && in->prev_close != 0 ?
			pct_change(in->prev_close, c->close) : 0;
		return in->has_prev_close && in->prev_close != 0;
	case COND_TAKER_BUY_SHARE:
		if (!(c->has & condition_needs(k, in->quote)))
			return 0;
		vol = in->quote ? c->quote_volume : c->volume;
		buy = in->quote ? c->taker_buy_quote_volume : c->taker_buy_volume;
		*v = vol > 0 ? buy / vol : 0;
		return vol > 0;
	case COND_SPIKE_PCT:
		*v = c->open != 0 ? pct_change(c->open, c->high) : 0;
		return c->open != 0;
	case COND_MINUTE:
	{
		int64_t m = c->open_time / 60000 % 60;

		*v = (double)(m < 0 ? m + 60 : m);
		return 1;
	}
	default:
		return 0;
	}
}

int condition_holds(const struct condition *k, double v)
{
	switch (k->op) {
	case COND_GE: return v >= k->threshold;
	case COND_GT: return v > k->threshold;
	case COND_LE: return v <= k->threshold;
	case COND_LT: return v < k->threshold;
	}
	return 0;
}
