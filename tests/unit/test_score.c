/* Unit tests for lib/score.h (the factor tables, weights, levels, the score
 * members) and signal_parse of lib/signalrec.h on scored signals. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cbtime.h"
#include "jsonw.h"
#include "score.h"
#include "signalrec.h"
#include "unit.h"

static void test_defaults(void)
{
	struct score_rules r;
	struct score_input in = { 0 };
	struct score s;

	score_rules_default(&r);
	/* Each factor at and just below its bounds. */
	in.has_ratio = 1;
	in.ratio = 5;
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 25);
	in.ratio = nextafter(5, 0);
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 20);
	in.ratio = 2;
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 15);
	in.ratio = 0;
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 10);
	in.has_ratio = 0;
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 0);

	in.has_oi = 1;
	in.oi_pct = 50;
	CHECK_NUM(score_factor(&r, FACTOR_OI, &in), 25);
	in.oi_pct = 5;
	CHECK_NUM(score_factor(&r, FACTOR_OI, &in), 10);
	in.oi_pct = nextafter(5, 0);
	CHECK_NUM(score_factor(&r, FACTOR_OI, &in), 0);
	in.oi_pct = -40;
	CHECK_NUM(score_factor(&r, FACTOR_OI, &in), 0);

	in.has_spot = 1;
	in.spot_ratio = 1.5;
	CHECK_NUM(score_factor(&r, FACTOR_SPOT, &in), 10);
	in.spot_ratio = nextafter(1.5, 0);
	CHECK_NUM(score_factor(&r, FACTOR_SPOT, &in), 0);
	in.has_spot = 0;
	in.spot_ratio = 9;
	CHECK_NUM(score_factor(&r, FACTOR_SPOT, &in), 0);

	/* 5 per confirmation, at most 20. */
	CHECK_NUM(score_factor(&r, FACTOR_CONFIRMATION, &in), 0);
	in.confirmations = 1u << CONF_OI_RISE | 1u << CONF_LTF_VOLUME;
	CHECK_NUM(score_factor(&r, FACTOR_CONFIRMATION, &in), 10);
	in.confirmations = (1u << NCONFIRMATIONS) - 1;
	CHECK_NUM(score_factor(&r, FACTOR_CONFIRMATION, &in), 20);

	/* Timing: at or below each age. */
	in.age_ms = 4 * MS_PER_HOUR;
	CHECK_NUM(score_factor(&r, FACTOR_TIMING, &in), 10);
	in.age_ms = 4 * MS_PER_HOUR + 1;
	CHECK_NUM(score_factor(&r, FACTOR_TIMING, &in), 7);
	in.age_ms = 48 * MS_PER_HOUR;
	CHECK_NUM(score_factor(&r, FACTOR_TIMING, &in), 3);
	in.age_ms = 48 * MS_PER_HOUR + 1;
	CHECK_NUM(score_factor(&r, FACTOR_TIMING, &in), 0);
	in.age_ms = -5;
	CHECK_NUM(score_factor(&r, FACTOR_TIMING, &in), 10);

	/* 20 + 0 + 0 + 20 + 0 = 40: MEDIUM at its bound. */
	in.has_ratio = 1;
	in.ratio = 3;
	in.age_ms = 49 * MS_PER_HOUR;
	score_compute(&r, &in, &s);
	CHECK_NUM(s.total, 40);
	CHECK_STR(s.level, "MEDIUM");
	CHECK_STR(score_level(&r, 39.999), "LOW");
	CHECK_STR(score_level(&r, 60), "HIGH");
	CHECK_STR(score_level(&r, 80), "EXTREME");
	CHECK_INT(score_level_rank("HIGH"), 2);
	CHECK_INT(score_level_rank("high"), -1);
}

static void test_parse(void)
{
	struct score_rules r;
	struct score_input in = { 0 };
	const char *why = NULL;

	score_rules_default(&r);
	CHECK_INT(steps_parse(&r.volume, "4:30,1:5", 0, &why), 0);
	CHECK_INT(r.volume.n, 2);
	CHECK_NUM(r.volume.otherwise, 0);
	in.has_ratio = 1;
	in.ratio = 1;
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 5);
	CHECK_INT(steps_parse(&r.volume, "4:30,1:5,2", 0, &why), 0);
	in.ratio = 0.5;
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 2);
	/* Bounds must go the table's way; bare points only last. */
	CHECK_INT(steps_parse(&r.volume, "1:5,4:30", 0, &why), -1);
	CHECK_STR(why, "bounds must decrease");
	CHECK_INT(steps_parse(&r.volume, "3,4:30", 0, &why), -1);
	CHECK_INT(steps_parse(&r.volume, "", 0, &why), -1);
	CHECK_INT(steps_parse(&r.volume, "4:", 0, &why), -1);
	CHECK_INT(steps_parse(&r.volume, "4:-1", 0, &why), -1);
	CHECK_INT(steps_parse(&r.volume, "1:1,2:2,3:3,4:4,5:5,6:6,7:7,8:8,9:9", 0, &why), -1);
	/* The failed parses left the table as it was. */
	CHECK_INT(r.volume.n, 2);
	CHECK_INT(steps_parse(&r.timing, "1h:4,1d:2", 1, &why), 0);
	CHECK_NUM(r.timing.at[1], (double)MS_PER_DAY);
	CHECK_INT(steps_parse(&r.timing, "1d:4,1h:2", 1, &why), -1);
	CHECK_STR(why, "bounds must increase");

	/* Weights rescale: volume max 50 doubles, timing 5 halves. */
	CHECK_INT(score_weights_parse(&r, "50,25,20,20,5"), 0);
	score_rules_default(&r);
	CHECK_INT(score_weights_parse(&r, "50,25,20,20,5"), 0);
	in.ratio = 3;
	CHECK_NUM(score_factor(&r, FACTOR_VOLUME, &in), 40);
	in.age_ms = 5 * MS_PER_HOUR;
	CHECK_NUM(score_factor(&r, FACTOR_TIMING, &in), 3.5);
	CHECK_INT(score_weights_parse(&r, "1,2,3,4"), -1);
	CHECK_INT(score_weights_parse(&r, "1,2,3,4,5,6"), -1);
	CHECK_INT(score_weights_parse(&r, "1,2,3,4,-5"), -1);
	CHECK_INT(score_levels_parse(&r, "90,50,10"), 0);
	CHECK_STR(score_level(&r, 50), "HIGH");
	CHECK_INT(score_levels_parse(&r, "10,50,90"), -1);
}

static void test_write_and_read(void)
{
	struct score s = { { 20, 10, 15, 10, 10 }, 65, "HIGH" };
	struct signal_in g;
	struct buf b = { 0 };
	char err[200];
	const char *line;

	jw_begin(&b);
	score_write(&b, &s);
	jw_end(&b);
	CHECK_MEM(b.p, b.len,
		  "{\"score\":{\"volume\":20,\"oi\":10,\"spot_sync\":15,\"confirmation\":10,"
		  "\"timing\":10,\"total\":65},\"confidence_level\":\"HIGH\"}\n",
		  strlen("{\"score\":{\"volume\":20,\"oi\":10,\"spot_sync\":15,\"confirmation\":10,"
			 "\"timing\":10,\"total\":65},\"confidence_level\":\"HIGH\"}\n"));
	buf_release(&b);

	line = "{\"type\":\"signal\",\"id\":\"binance:futures:A:4h:0\",\"symbol\":\"A\","
	       "\"interval\":\"4h\",\"open_time\":0,\"price\":2.5,\"spike_ratio_7d\":3,"
	       "\"strength\":\"STRONG\",\"score\":{\"volume\":20,\"oi\":10,\"spot_sync\":15,"
	       "\"confirmation\":10,\"timing\":10,\"total\":65},\"confidence_level\":\"HIGH\","
	       "\"confirmations\":[\"SPOT_SYNC\", \"OI_RISE\"],\"oi_change_pct\":null}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_OK);
	CHECK_STR(g.exchange, "binance");
	CHECK_STR(g.market, "futures");
	CHECK_INT(g.detected_at, 14400000);
	CHECK_INT(g.strength, STRENGTH_STRONG);
	CHECK_INT(g.scored, 1);
	CHECK_NUM(g.total, 65);
	CHECK_NUM(g.score[FACTOR_SPOT], 15);
	CHECK_STR(g.level, "HIGH");
	CHECK_INT(g.confirmations, 1u << CONF_SPOT_SYNC | 1u << CONF_OI_RISE);
	CHECK_INT(g.has_oi, 0);

	line = "{\"type\":\"signal\",\"id\":\"x\",\"symbol\":\"A\",\"interval\":\"4h\","
	       "\"open_time\":0,\"price\":1,\"confirmations\":[\"PUMPED\"]}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_BAD);
	CHECK_STR(err, "signal: 'confirmations' has an item that is not a confirmation name");
	line = "{\"type\":\"candle\",\"symbol\":\"A\"}";
	CHECK_INT(signal_parse(&g, line, strlen(line), err, sizeof err), REC_OTHER);
	CHECK_INT(confirmation_find("BASIS_ANOMALY", 13), CONF_BASIS_ANOMALY);
	CHECK_STR(confirmation_name(CONF_FOLLOW_THROUGH), "FOLLOW_THROUGH");
}

int main(void)
{
	test_defaults();
	test_parse();
	test_write_and_read();
	UNIT_END();
}
