/* Unit tests of lib/strategy.c: which signals qualify, and the priority
 * order of the entries at one time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strategy.h"
#include "unit.h"

/* A closed MEDIUM signal of binance futures SYM 4h without a score. */
static struct signal_in sig(const char *sym)
{
	struct signal_in s;

	memset(&s, 0, sizeof s);
	snprintf(s.exchange, sizeof s.exchange, "binance");
	snprintf(s.market, sizeof s.market, "futures");
	snprintf(s.symbol, sizeof s.symbol, "%s", sym);
	s.interval = interval_find("4h");
	s.open_time = 1795996800000LL;
	snprintf(s.id, sizeof s.id, "binance:futures:%s:4h:%lld", sym, (long long)s.open_time);
	s.detected_at = s.open_time + 14400000LL;
	s.strength = STRENGTH_MEDIUM;
	s.closed = 1;
	s.has_ratio = 1;
	s.ratio = 2.5;
	return s;
}

static void scored(struct signal_in *s, double total, const char *level)
{
	s->scored = 1;
	s->total = total;
	snprintf(s->level, sizeof s->level, "%s", level);
}

static void qualify(void)
{
	struct strategy_rules r;
	struct signal_in s = sig("BTCUSDT");
	const char *const syms[] = { "ETHUSDT", "BTCUSDT" };

	strategy_rules_default(&r);
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);

	/* Forming: ignored when closed-only (the default), else taken. */
	s.closed = 0;
	CHECK_INT(strategy_check(&r, &s), STRAT_FORMING);
	r.closed_only = 0;
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.closed_only = 1;
	s.closed = 1;

	/* Market: futures by default; NULL takes any. */
	snprintf(s.market, sizeof s.market, "spot");
	CHECK_INT(strategy_check(&r, &s), STRAT_MARKET);
	r.market = NULL;
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.market = "spot";
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.market = "futures";
	snprintf(s.market, sizeof s.market, "futures");

	/* Interval: any by default, else the one. */
	r.interval = interval_find("1h");
	CHECK_INT(strategy_check(&r, &s), STRAT_INTERVAL);
	r.interval = interval_find("4h");
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.interval = NULL;

	/* Symbols. */
	r.symbols = syms;
	r.nsymbols = 1;
	CHECK_INT(strategy_check(&r, &s), STRAT_SYMBOL);
	r.nsymbols = 2;
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.symbols = NULL;
	r.nsymbols = 0;

	/* Strength: MEDIUM passes WEAK and MEDIUM, not STRONG; none never. */
	r.min_strength = STRENGTH_MEDIUM;
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.min_strength = STRENGTH_STRONG;
	CHECK_INT(strategy_check(&r, &s), STRAT_STRENGTH);
	s.strength = STRENGTH_EXTREME;
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.min_strength = STRENGTH_WEAK;
	s.strength = STRENGTH_NONE;
	CHECK_INT(strategy_check(&r, &s), STRAT_STRENGTH);
	s.strength = STRENGTH_MEDIUM;

	/* Min score: needs a score; the total at or above it. */
	r.has_min_score = 1;
	r.min_score = 60;
	CHECK_INT(strategy_check(&r, &s), STRAT_NO_SCORE);
	scored(&s, 59.5, "MEDIUM");
	CHECK_INT(strategy_check(&r, &s), STRAT_MIN_SCORE);
	s.total = 60;
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	r.has_min_score = 0;

	/* Level: at least HIGH (rank 2). */
	r.min_level = 2;
	CHECK_INT(strategy_check(&r, &s), STRAT_LEVEL);      /* MEDIUM */
	snprintf(s.level, sizeof s.level, "HIGH");
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	snprintf(s.level, sizeof s.level, "EXTREME");
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);
	s.level[0] = '\0';                                   /* no confidence_level */
	CHECK_INT(strategy_check(&r, &s), STRAT_NO_SCORE);
	s.scored = 0;
	CHECK_INT(strategy_check(&r, &s), STRAT_NO_SCORE);
	r.min_level = -1;
	/* Without score rules an unscored signal qualifies. */
	CHECK_INT(strategy_check(&r, &s), STRAT_OK);

	/* The first failing rule is the reason: forming before strength. */
	s.closed = 0;
	s.strength = STRENGTH_NONE;
	CHECK_INT(strategy_check(&r, &s), STRAT_FORMING);

	CHECK_STR(strategy_reason_name(STRAT_FORMING), "forming");
	CHECK_STR(strategy_reason_name(STRAT_MARKET), "market");
	CHECK_STR(strategy_reason_name(STRAT_INTERVAL), "interval");
	CHECK_STR(strategy_reason_name(STRAT_SYMBOL), "symbol");
	CHECK_STR(strategy_reason_name(STRAT_STRENGTH), "strength");
	CHECK_STR(strategy_reason_name(STRAT_NO_SCORE), "no_score");
	CHECK_STR(strategy_reason_name(STRAT_MIN_SCORE), "min_score");
	CHECK_STR(strategy_reason_name(STRAT_LEVEL), "level");
	CHECK_STR(strategy_reason_name(STRAT_OK), NULL);
	CHECK_STR(strategy_reason_name(STRAT_NREASONS), NULL);
}

static void order(void)
{
	/* Expected order, by hand:
	 *   A total 80            scored, highest total
	 *   B total 70, ratio 9
	 *   C total 70, ratio 3
	 *   D total 70, no ratio  (ratio unknown after known ones)
	 *   E total 70, no ratio  (id after D)
	 *   F unscored, ratio 50  (unscored after every scored one)
	 *   G unscored, ratio 4
	 *   H unscored, ratio NaN (unknown)
	 * given shuffled. */
	struct strategy_key k[] = {
		{ 0, 0, 1, 4, "G" },  { 1, 70, 0, 0, "E" }, { 1, 70, 1, 3, "C" },
		{ 0, 0, 1, NAN, "H" }, { 1, 80, 1, 1, "A" }, { 0, 0, 1, 50, "F" },
		{ 1, 70, 0, 0, "D" }, { 1, 70, 1, 9, "B" },
	};
	size_t n = sizeof k / sizeof k[0];
	char got[16] = "";
	struct signal_in s = sig("BTCUSDT");
	struct strategy_key a, b;

	qsort(k, n, sizeof k[0], strategy_key_qsort);
	for (size_t i = 0; i < n; i++)
		got[i] = k[i].id[0];
	CHECK_STR(got, "ABCDEFGH");

	/* Antisymmetric and 0 only for equal ids. */
	CHECK(strategy_key_cmp(&k[0], &k[1]) < 0);
	CHECK(strategy_key_cmp(&k[1], &k[0]) > 0);
	CHECK_INT(strategy_key_cmp(&k[3], &k[3]), 0);
	/* A scored NaN total counts as no score: after a scored 0. */
	a = (struct strategy_key){ 1, NAN, 0, 0, "a" };
	b = (struct strategy_key){ 1, 0, 0, 0, "b" };
	CHECK(strategy_key_cmp(&b, &a) < 0);
	/* Id ascending by bytes: "...:10" before "...:9". */
	a = (struct strategy_key){ 0, 0, 0, 0, "x:10" };
	b = (struct strategy_key){ 0, 0, 0, 0, "x:9" };
	CHECK(strategy_key_cmp(&a, &b) < 0);

	/* The key of a signal. */
	scored(&s, 42, "MEDIUM");
	strategy_key_of(&a, &s);
	CHECK_INT(a.scored, 1);
	CHECK_NUM(a.total, 42);
	CHECK_INT(a.has_ratio, 1);
	CHECK_NUM(a.ratio, 2.5);
	CHECK(a.id == s.id);
}

int main(void)
{
	qualify();
	order();
	UNIT_END();
}
