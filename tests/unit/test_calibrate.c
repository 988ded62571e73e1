/* Unit tests of lib/calibrate.c: the AUC by hand, and a fit whose factor
 * that predicts the outcome gains weight and ranks held-back signals
 * better. */
#include <math.h>
#include <string.h>

#include "buf.h"
#include "calibrate.h"
#include "unit.h"

static void auc(void)
{
	/* Positives 3 and 4 above negatives 1 and 2: 1. Reversed: 0. */
	double t1[] = { 1, 2, 3, 4 };
	int y1[] = { 0, 0, 1, 1 };
	int y2[] = { 1, 1, 0, 0 };
	/* 0.5: a positive at 2 against negatives 1 and 3 wins one pair of
	 * two; a tie counts half: positive 2, negative 2: 0.5. */
	double t3[] = { 1, 2, 3 };
	int y3[] = { 0, 1, 0 };
	double t4[] = { 2, 2 };
	int y4[] = { 1, 0 };
	int y5[] = { 1, 1 };

	CHECK_NUM(cal_auc(t1, y1, 4), 1);
	CHECK_NUM(cal_auc(t1, y2, 4), 0);
	CHECK_NUM(cal_auc(t3, y3, 3), 0.5);
	CHECK_NUM(cal_auc(t4, y4, 2), 0.5);
	CHECK(isnan(cal_auc(t4, y5, 2)));
}

static void fit(void)
{
	struct cal_sample s[200];
	struct score_rules cur;
	struct cal_result r;

	score_rules_default(&cur);   /* 25,25,20,20,10 */
	/* 200 signals: volume 15 points for all; spot 15 points for every
	 * other one, and exactly those are confirmed. The spot factor decides
	 * the outcome, the others do not. */
	for (int i = 0; i < 200; i++) {
		memset(&s[i], 0, sizeof s[i]);
		s[i].time = 1000 * (200 - i);      /* given newest first */
		s[i].part[FACTOR_VOLUME] = 15;
		s[i].part[FACTOR_SPOT] = i % 2 ? 15 : 0;
		s[i].part[FACTOR_TIMING] = (i % 3) * 3;
		s[i].confirmed = i % 2;
	}
	CHECK_INT(calibrate(s, 200, &cur, 30, &r), 0);
	CHECK_INT((int)r.fit, 140);
	CHECK_INT((int)r.held, 60);
	CHECK_NUM(r.rate, 0.5);
	/* Spot: 15 points for each confirmed one, 7.5 on average over all:
	 * lift 2. Volume: 15 for all: 1. OI, confirmation: no points: 1.
	 * Timing: about the same for both outcomes: about 1. */
	CHECK_NUM(r.lift[FACTOR_SPOT], 2);
	CHECK_NUM(r.lift[FACTOR_VOLUME], 1);
	CHECK_NUM(r.lift[FACTOR_OI], 1);
	CHECK_NEAR(r.lift[FACTOR_TIMING], 1, 0.05);
	/* The maxima still add up to 100, spot's doubled before scaling. */
	CHECK_NEAR(r.rules.weight[0] + r.rules.weight[1] + r.rules.weight[2] + r.rules.weight[3] +
		   r.rules.weight[4], 100, 1e-9);
	CHECK(r.rules.weight[FACTOR_SPOT] > 30);
	CHECK(r.rules.level[0] > r.rules.level[1] && r.rules.level[1] > r.rules.level[2]);
	/* Spot already separates the held-back signals perfectly under the
	 * current weights (AUC 1 up to the timing noise): no gain of 0.005,
	 * or a gain; either way both AUCs are numbers. */
	CHECK(r.auc_current > 0.9 && r.auc_new >= r.auc_current);
	/* Too few samples. */
	CHECK_INT(calibrate(s, 40, &cur, 30, &r), -1);
}

/* Volume points go with failures, spot points with confirmations: the
 * current weights rank badly, the new ones shift the weight to spot. */
static void better(void)
{
	struct cal_sample s[200];
	struct score_rules cur;
	struct cal_result r;

	score_rules_default(&cur);
	for (int i = 0; i < 200; i++) {
		int good = i % 4 != 0;     /* three in four confirmed */

		memset(&s[i], 0, sizeof s[i]);
		s[i].time = i;
		s[i].confirmed = good;
		/* A failure has volume 25 and spot 0 (total 25); a success
		 * volume 5 and spot 10 (total 15): every pair ranked wrong.
		 * Volume: 5 over a mean of 10: lift 0.5; spot 10 over 7.5:
		 * 4/3. The new totals: failure 25 * 12.5/94.17 * 100/25 =
		 * 13.27; success 5 * 0.531 + 10 * 1.416 = 16.8: all right. */
		s[i].part[FACTOR_VOLUME] = good ? 5 : 25;
		s[i].part[FACTOR_SPOT] = good ? 10 : 0;
	}
	CHECK_INT(calibrate(s, 200, &cur, 30, &r), 0);
	CHECK_NEAR(r.lift[FACTOR_VOLUME], 0.5, 1e-9);
	CHECK_NEAR(r.lift[FACTOR_SPOT], 4.0 / 3, 1e-9);
	CHECK_NUM(r.auc_current, 0);
	CHECK_NUM(r.auc_new, 1);
	CHECK(r.rules.weight[FACTOR_SPOT] > cur.weight[FACTOR_SPOT]);
	CHECK(r.auc_new > r.auc_current);
	CHECK_INT(r.better, 1);
}

static void file(void)
{
	struct score_rules r, back;
	struct buf b = BUF_INIT;
	char err[128];

	score_rules_default(&r);
	CHECK_INT(cal_rules_parse(&r, "# x\nweights = 30,20,30,10,10\n\n levels=70, 50, 30 \n", err,
				  sizeof err), 0);
	CHECK_NUM(r.weight[0], 30);
	CHECK_NUM(r.weight[4], 10);
	CHECK_NUM(r.level[1], 50);
	cal_rules_write(&r, "test", &b);
	CHECK_STR(buf_cstr(&b), "# test\nweights = 30,20,30,10,10\nlevels = 70,50,30\n");
	score_rules_default(&back);
	CHECK_INT(cal_rules_parse(&back, buf_cstr(&b), err, sizeof err), 0);
	CHECK_NUM(back.weight[2], 30);
	CHECK_INT(cal_rules_parse(&r, "levels = 30,50,70\n", err, sizeof err), -1);
	CHECK_STR(err, "line 1: levels = E,H,M (three decreasing numbers)");
	CHECK_INT(cal_rules_parse(&r, "weight = 1\n", err, sizeof err), -1);
	CHECK_STR(err, "line 1: not 'weights = ...' or 'levels = ...'");
	CHECK_NUM(r.weight[0], 30);   /* unchanged by a refused text */
	buf_release(&b);
}

int main(void)
{
	file();
	auc();
	fit();
	better();
	return unit_end();
}
