/* Unit tests for lib/lifecycle.h: every transition, with hand-computed
 * expectations. Times are in hours (H) from 0; the signal candle is
 * [-4h, 0), so detected_at and start are 0 and 4h candles end at 4h, 8h... */
#include <stdio.h>

#include "cbtime.h"
#include "lifecycle.h"
#include "unit.h"

#define H MS_PER_HOUR

static struct lc_rules rules;

static struct lc_state fresh(void)
{
	struct lc_state s;

	lc_init(&s, 100, 0, 0);
	return s;
}

/* The 4h candle number i (opening at 4h * i) with the given high, low, close. */
static struct lc_bar bar(int i, double high, double low, double close)
{
	struct lc_bar b = { (int64_t)i * 4 * H, (int64_t)(i + 1) * 4 * H, high, low, close };

	return b;
}

static void test_names(void)
{
	CHECK_STR(lc_status_name(LC_DETECTED), "DETECTED");
	CHECK_STR(lc_status_name(LC_ARCHIVED), "ARCHIVED");
	CHECK(lc_status_name(LC_NONE) == NULL);
	CHECK(lc_status_name(LC_NSTATUS) == NULL);
	CHECK_INT(lc_status_find("MONITORING"), LC_MONITORING);
	CHECK_INT(lc_status_find("monitoring"), LC_NONE);
	CHECK_STR(lc_reason_name(LC_R_DRAWDOWN), "drawdown");
	CHECK(lc_reason_name(LC_R_NONE) == NULL);
	CHECK_INT(lc_reason_find("expired"), LC_R_EXPIRED);
	CHECK_INT(lc_reason_find(""), LC_R_NONE);
	CHECK(!lc_final(LC_DETECTED) && !lc_final(LC_MONITORING));
	CHECK(lc_final(LC_CONFIRMED) && lc_final(LC_FAILED) && lc_final(LC_ARCHIVED));
}

static void test_init(void)
{
	struct lc_state s;

	lc_init(&s, 2.5, 1000, 2000);
	CHECK_INT(s.status, LC_DETECTED);
	CHECK_INT(s.outcome, LC_NONE);
	CHECK_INT(s.reason, LC_R_NONE);
	CHECK_INT(s.status_time, 1000);
	CHECK_INT(s.start, 2000);
	CHECK_INT(s.tracked, 0);
}

static void test_monitoring(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b = bar(0, 105, 95, 101);

	CHECK_INT(lc_apply(&s, &rules, &b, &r), 1);
	CHECK_INT(r.applied, 1);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].from, LC_DETECTED);
	CHECK_INT(r.t[0].to, LC_MONITORING);
	CHECK_INT(r.t[0].reason, LC_R_AGE);
	CHECK_INT(r.t[0].time, 4 * H);
	CHECK_NUM(lc_max_gain_pct(&s), 5);
	CHECK_NUM(lc_drawdown_pct(&s), 5);
	CHECK_NUM(lc_current_gain_pct(&s), 1);
	CHECK_INT(s.last_time, 4 * H);
	CHECK_INT(s.tracked, 1);
	/* The next candle: tracking only. */
	b = bar(1, 103, 97, 99);
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 1);
	CHECK_INT(r.ntrans, 0);
	CHECK_NUM(s.max_high, 105);
	CHECK_NUM(s.min_low, 95);
	CHECK_NUM(s.last_close, 99);
}

static void test_confirmed(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b = bar(0, 104, 99, 102);

	lc_apply(&s, &rules, &b, &r);
	b = bar(1, 109.99, 100, 105);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.ntrans, 0);
	/* Exactly +10% is enough. */
	b = bar(2, 110, 101, 108);
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 1);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].from, LC_MONITORING);
	CHECK_INT(r.t[0].to, LC_CONFIRMED);
	CHECK_INT(r.t[0].reason, LC_R_PUMP);
	CHECK_INT(r.t[0].time, 12 * H);
	CHECK_INT(s.outcome, LC_CONFIRMED);
	CHECK_INT(s.final_time, 12 * H);
	CHECK_NUM(lc_max_gain_pct(&s), 10);
	/* Final: later candles change nothing. */
	b = bar(3, 200, 1, 1);
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 0);
	CHECK_INT(r.applied, 0);
	CHECK_NUM(s.max_high, 110);
	CHECK_INT(s.tracked, 3);
}

static void test_confirmed_in_first_candle(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b = bar(0, 120, 100, 118);

	/* The pump came inside the candle, before the 4h mark at its end. */
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].from, LC_DETECTED);
	CHECK_INT(r.t[0].to, LC_CONFIRMED);
	CHECK_INT(s.status, LC_CONFIRMED);
}

static void test_drawdown(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b = bar(0, 101, 90, 92);

	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(s.status, LC_MONITORING);
	b = bar(1, 93, 85.0000001, 86);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.ntrans, 0);
	b = bar(2, 90, 85, 86);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].to, LC_FAILED);
	CHECK_INT(r.t[0].reason, LC_R_DRAWDOWN);
	CHECK_INT(r.t[0].time, 12 * H);
	CHECK_NUM(lc_drawdown_pct(&s), 15);
	CHECK_INT(s.outcome, LC_FAILED);
}

static void test_both_thresholds(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b = bar(0, 125, 80, 100);

	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].from, LC_DETECTED);
	CHECK_INT(r.t[0].to, LC_FAILED);
	CHECK_INT(r.t[0].reason, LC_R_DRAWDOWN);
	CHECK_NUM(lc_max_gain_pct(&s), 25);
	CHECK_NUM(lc_drawdown_pct(&s), 20);
}

static void test_signal_candle_ignored(void)
{
	struct lc_state s;
	struct lc_result r;
	struct lc_bar b = { -4 * H, 0, 150, 100, 120 };

	/* The signal candle itself and a lower-interval candle inside it. */
	lc_init(&s, 100, 0, 0);
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 0);
	b.open_time = -1 * H;
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 0);
	CHECK_INT(s.tracked, 0);
	CHECK_INT(s.status, LC_DETECTED);
	/* A 1h candle right after it counts. */
	b.open_time = 0;
	b.end = H;
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 1);
	CHECK_INT(s.status, LC_CONFIRMED);
	CHECK_INT(r.t[0].time, H);
}

static void test_replay(void)
{
	struct lc_state s = fresh(), copy;
	struct lc_result r;
	struct lc_bar b0 = bar(0, 105, 99, 101), b1 = bar(1, 106, 98, 100);

	lc_apply(&s, &rules, &b0, &r);
	lc_apply(&s, &rules, &b1, &r);
	copy = s;
	CHECK_INT(lc_apply(&s, &rules, &b0, &r), 0);
	CHECK_INT(lc_apply(&s, &rules, &b1, &r), 0);
	CHECK(memcmp(&s, &copy, sizeof s) == 0);
	/* An updated candle with the same end is a replay too. */
	b1.high = 500;
	CHECK_INT(lc_apply(&s, &rules, &b1, &r), 0);
	CHECK_NUM(s.max_high, 106);
}

static void test_expired(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b;
	int i;

	/* 41 quiet candles, then the 42nd ends at 168h: its prices count
	 * (a pump in it would confirm), then the signal expires. */
	for (i = 0; i < 41; i++) {
		b = bar(i, 101, 99, 100);
		lc_apply(&s, &rules, &b, &r);
		CHECK_INT(s.status, LC_MONITORING);
	}
	b = bar(41, 109, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.applied, 1);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].from, LC_MONITORING);
	CHECK_INT(r.t[0].to, LC_FAILED);
	CHECK_INT(r.t[0].reason, LC_R_EXPIRED);
	CHECK_INT(r.t[0].time, 168 * H);
	CHECK_NUM(s.max_high, 109);
	CHECK_INT(s.final_time, 168 * H);

	/* The same with a pump in the 42nd candle: CONFIRMED wins. */
	s = fresh();
	for (i = 0; i < 41; i++) {
		b = bar(i, 101, 99, 100);
		lc_apply(&s, &rules, &b, &r);
	}
	b = bar(41, 111, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].to, LC_CONFIRMED);
}

static void test_gap(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b = bar(3, 101, 99, 100);

	/* No candle for 12 hours: MONITORING at 4h, then the candle. */
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 1);
	CHECK_INT(r.applied, 1);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].to, LC_MONITORING);
	CHECK_INT(r.t[0].time, 4 * H);
	/* A gap past the expiry: FAILED at 168h, the late pump not applied. */
	b = bar(50, 150, 100, 140);
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 1);
	CHECK_INT(r.applied, 0);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].to, LC_FAILED);
	CHECK_INT(r.t[0].reason, LC_R_EXPIRED);
	CHECK_INT(r.t[0].time, 168 * H);
	CHECK_NUM(s.max_high, 101);
	/* The first candle after a gap past both limits: two transitions. */
	s = fresh();
	CHECK_INT(lc_apply(&s, &rules, &b, &r), 1);
	CHECK_INT(r.ntrans, 2);
	CHECK_INT(r.t[0].to, LC_MONITORING);
	CHECK_INT(r.t[1].from, LC_MONITORING);
	CHECK_INT(r.t[1].to, LC_FAILED);
	CHECK_INT(r.t[1].tracked, 0);
	CHECK_INT(s.tracked, 0);
	/* Transitions carry the gains of their moment: before a gap candle's
	 * prices, after those of the candle that triggers them. */
	s = fresh();
	b = bar(2, 104, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.ntrans, 1);
	CHECK_INT(r.t[0].tracked, 0);
	b = bar(3, 112, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.t[0].tracked, 2);
	CHECK_NUM(r.t[0].max_gain_pct, 12);
	CHECK_NUM(r.t[0].drawdown_pct, 1);
}

static void test_follow_through(void)
{
	struct lc_state s = fresh();
	struct lc_result r;
	struct lc_bar b = bar(0, 104.99, 99, 100);

	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.follow, 0);
	b = bar(1, 106, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.follow, 1);
	CHECK_NUM(r.follow_value, 6);
	b = bar(2, 107, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.follow, 0);   /* once */

	/* The window: the candle ending at 24h counts, the one ending at 28h not. */
	s = fresh();
	for (int i = 0; i < 5; i++) {
		b = bar(i, 101, 99, 100);
		lc_apply(&s, &rules, &b, &r);
	}
	b = bar(5, 105, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.follow, 1);
	CHECK_NUM(r.follow_value, 5);
	s = fresh();
	for (int i = 0; i < 6; i++) {
		b = bar(i, 101, 99, 100);
		lc_apply(&s, &rules, &b, &r);
	}
	b = bar(6, 109, 99, 100);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(r.follow, 0);
}

static void test_archive(void)
{
	struct lc_state s = fresh();
	struct lc_transition tr;
	struct lc_result r;
	struct lc_bar b = bar(0, 111, 99, 100);

	CHECK_INT(lc_archive(&s, 1000 * H, &tr), 0);
	CHECK_INT(s.status, LC_DETECTED);
	lc_apply(&s, &rules, &b, &r);
	CHECK_INT(lc_archive(&s, 1000 * H, &tr), 1);
	CHECK_INT(tr.from, LC_CONFIRMED);
	CHECK_INT(tr.to, LC_ARCHIVED);
	CHECK_INT(tr.reason, LC_R_PRUNE);
	CHECK_INT(tr.time, 1000 * H);
	CHECK_INT(s.outcome, LC_CONFIRMED);
	CHECK_INT(s.final_time, 4 * H);
	CHECK_INT(lc_archive(&s, 2000 * H, &tr), 0);
}

static void test_rules(void)
{
	struct lc_state s = fresh();
	struct lc_rules r2 = rules;
	struct lc_result r;
	struct lc_bar b = bar(0, 103, 99, 100);

	r2.pump_pct = 3;
	lc_apply(&s, &r2, &b, &r);
	CHECK_INT(s.status, LC_CONFIRMED);
	s = fresh();
	r2 = rules;
	r2.monitor_ms = 8 * H;
	b = bar(0, 101, 99, 100);
	lc_apply(&s, &r2, &b, &r);
	b = bar(1, 101, 99, 100);
	lc_apply(&s, &r2, &b, &r);
	CHECK_INT(s.status, LC_FAILED);
	CHECK_INT(s.reason, LC_R_EXPIRED);
	CHECK_INT(s.status_time, 8 * H);
}

int main(void)
{
	lc_rules_default(&rules);
	CHECK_NUM(rules.pump_pct, 10);
	CHECK_NUM(rules.drawdown_pct, 15);
	CHECK_INT(rules.monitor_ms, 168 * H);
	test_names();
	test_init();
	test_monitoring();
	test_confirmed();
	test_confirmed_in_first_candle();
	test_drawdown();
	test_both_thresholds();
	test_signal_candle_ignored();
	test_replay();
	test_expired();
	test_gap();
	test_follow_through();
	test_archive();
	test_rules();
	UNIT_END();
}
