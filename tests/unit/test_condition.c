/* Unit tests of lib/condition.c: parsing and writing conditions, and each
 * condition value computed by hand. */
#include <string.h>

#include "condition.h"
#include "unit.h"

static int parse(struct condition *k, const char *s, char *err)
{
	err[0] = '\0';
	return condition_parse(k, s, strlen(s), err, 256);
}

int main(void)
{
	struct condition k;
	struct candle c = { 0 };
	struct cond_input in = { 0 };
	char err[256], text[CONDITION_TEXT_MAX];
	double v;

	/* Parsing: blanks optional, every operator, the longest one first. */
	CHECK_INT(parse(&k, "trades_ratio >= 50", err), 0);
	CHECK_INT(k.what, COND_TRADES_RATIO);
	CHECK_INT(k.op, COND_GE);
	CHECK_NUM(k.threshold, 50);
	CHECK_INT(parse(&k, "  minute<5 ", err), 0);
	CHECK_INT(k.what, COND_MINUTE);
	CHECK_INT(k.op, COND_LT);
	CHECK_NUM(k.threshold, 5);
	CHECK_INT(parse(&k, "change_pct>-2.5", err), 0);
	CHECK_INT(k.op, COND_GT);
	CHECK_NUM(k.threshold, -2.5);
	CHECK_INT(parse(&k, "taker_buy_share <= 0.5e0", err), 0);
	CHECK_INT(k.op, COND_LE);
	CHECK_NUM(k.threshold, 0.5);
	CHECK_INT(condition_format(&k, text), strlen("taker_buy_share <= 0.5"));
	CHECK_STR(text, "taker_buy_share <= 0.5");

	/* Wrong ones. */
	CHECK_INT(parse(&k, "volume >= 2", err), -1);
	CHECK_STR(err, "'volume' is not a condition value (volume_ratio, trades_ratio, "
		  "change_pct, prev_change_pct, taker_buy_share, spike_pct, minute)");
	CHECK_INT(parse(&k, "minute = 0", err), -1);
	CHECK_STR(err, "'minute = 0' has no operator (>=, >, <= or <) after 'minute'");
	CHECK_INT(parse(&k, "minute < five", err), -1);
	CHECK_STR(err, "'minute < five' does not end with a number");
	CHECK_INT(parse(&k, "minute <", err), -1);
	CHECK_INT(parse(&k, "minute < 5 6", err), -1);

	/* Members needed. */
	parse(&k, "trades_ratio >= 50", err);
	CHECK_INT(condition_needs(&k, 1), CANDLE_TRADES);
	parse(&k, "taker_buy_share >= 0.5", err);
	CHECK_INT(condition_needs(&k, 1), CANDLE_TAKER_BUY_QUOTE_VOLUME);
	CHECK_INT(condition_needs(&k, 0), CANDLE_TAKER_BUY_VOLUME);
	parse(&k, "spike_pct >= 5", err);
	CHECK_INT(condition_needs(&k, 1), 0);

	/* Values of a candle opening at 2021-01-01 12:35 UTC (1609504500000),
	 * open 100, high 130, close 110, previous close 88; volume 50 of which
	 * 40 bought by takers, quote volume 5000 of which 3000 bought. */
	c.open_time = 1609504500000LL;
	c.open = 100;
	c.high = 130;
	c.close = 110;
	c.volume = 50;
	c.taker_buy_volume = 40;
	c.quote_volume = 5000;
	c.taker_buy_quote_volume = 3000;
	c.trades = 7;
	c.has = CANDLE_QUOTE_VOLUME | CANDLE_TAKER_BUY_VOLUME | CANDLE_TAKER_BUY_QUOTE_VOLUME |
		CANDLE_TRADES;
	in.c = &c;
	in.quote = 1;
	in.has_prev_close = 1;
	in.prev_close = 88;
	in.has_volume_ratio = 1;
	in.volume_ratio = 3.5;
	parse(&k, "minute >= 0", err);
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 35);
	parse(&k, "change_pct >= 0", err);
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 10);                   /* 100 -> 110 */
	parse(&k, "prev_change_pct >= 0", err);
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 25);                   /* 88 -> 110 */
	parse(&k, "spike_pct >= 0", err);
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 30);                   /* 100 -> 130 */
	parse(&k, "taker_buy_share >= 0", err);
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 0.6);                  /* 3000 / 5000 */
	in.quote = 0;
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 0.8);                  /* 40 / 50 */
	parse(&k, "volume_ratio >= 3.5", err);
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 3.5);
	CHECK_INT(condition_holds(&k, v), 1);
	parse(&k, "volume_ratio > 3.5", err);
	CHECK_INT(condition_holds(&k, v), 0);
	parse(&k, "volume_ratio <= 3.5", err);
	CHECK_INT(condition_holds(&k, v), 1);
	parse(&k, "volume_ratio < 3.5", err);
	CHECK_INT(condition_holds(&k, v), 0);

	/* Unknown values: no baseline, no previous close, no volume, no
	 * member. */
	parse(&k, "trades_ratio >= 1", err);
	CHECK_INT(condition_value(&k, &in, &v), 0);
	in.has_trades_ratio = 1;
	in.trades_ratio = 60;
	CHECK_INT(condition_value(&k, &in, &v), 1);
	CHECK_NUM(v, 60);
	c.has &= ~(unsigned)CANDLE_TRADES;
	CHECK_INT(condition_value(&k, &in, &v), 0);
	parse(&k, "prev_change_pct >= 0", err);
	in.has_prev_close = 0;
	CHECK_INT(condition_value(&k, &in, &v), 0);
	parse(&k, "taker_buy_share >= 0", err);
	c.volume = 0;
	CHECK_INT(condition_value(&k, &in, &v), 0);
	c.volume = 50;
	c.has &= ~(unsigned)CANDLE_TAKER_BUY_VOLUME;
	CHECK_INT(condition_value(&k, &in, &v), 0);
	parse(&k, "change_pct >= 0", err);
	c.open = 0;
	CHECK_INT(condition_value(&k, &in, &v), 0);
	UNIT_END();
}
