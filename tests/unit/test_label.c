/* test_label: reading label records (lib/label.c). Expected values are the
 * literals of each line. */
#include <string.h>

#include "label.h"
#include "record.h"
#include "unit.h"

static int parse(const char *line, struct label_in *l, char *err, size_t errlen)
{
	return label_parse(l, line, strlen(line), err, errlen);
}

#define BAD(line, msg)                                           \
	do {                                                     \
		struct label_in l_;                              \
		char e_[160];                                    \
		CHECK_INT(parse((line), &l_, e_, sizeof e_), REC_BAD); \
		CHECK_STR(e_, (msg));                            \
	} while (0)

static void test_sim_label(void)
{
	struct label_in l;
	char err[160];

	/* As cb-fetch --exchange sim pumps writes it; 1735732800000 is
	 * 2025-01-01 12:00 UTC, on the 4h grid; + 4h, + 12h. */
	CHECK_INT(parse("{\"type\":\"label\",\"exchange\":\"sim\",\"market\":\"futures\","
			"\"symbol\":\"AUSDT\",\"interval\":\"4h\",\"kind\":\"pump\","
			"\"time\":1735732800000,\"peak_time\":1735747200000,"
			"\"end_time\":1735776000000,\"volume_multiple\":6.5,"
			"\"peak_gain_pct\":41.2,\"seed\":1}",
			&l, err, sizeof err),
		  REC_OK);
	CHECK_STR(l.exchange, "sim");
	CHECK_STR(l.market, "futures");
	CHECK_STR(l.symbol, "AUSDT");
	CHECK_STR(l.interval->name, "4h");
	CHECK_STR(l.kind, "pump");
	CHECK_INT(l.time, 1735732800000LL);
	CHECK_INT(l.peak_time, 1735747200000LL);
	CHECK_INT(l.end_time, 1735776000000LL);
	CHECK_INT(l.has, LABEL_PEAK_TIME | LABEL_END_TIME);
}

static void test_real_label(void)
{
	struct label_in l;
	char err[160];

	/* The first line of ../shared/data/pumps-5m/labels.ndjson: nulls,
	 * arrays. 1529074500000 = 2018-06-15 14:55 UTC, on the 5m grid. */
	CHECK_INT(parse("{\"type\":\"label\",\"exchange\":\"binance\",\"market\":\"spot\","
			"\"symbol\":\"MDABTC\",\"interval\":\"5m\",\"kind\":\"pump\","
			"\"time\":1529074500000,\"peak_time\":null,\"end_time\":null,"
			"\"volume_multiple\":null,\"peak_gain_pct\":null,\"seed\":null,"
			"\"source\":[\"BPF\"],\"source_times\":[1529074740000]}",
			&l, err, sizeof err),
		  REC_OK);
	CHECK_STR(l.market, "spot");
	CHECK_INT(l.time, 1529074500000LL);
	CHECK_INT(l.has, 0);
	CHECK_INT(l.end_time, 0);
	/* Defaults. */
	CHECK_INT(parse("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\",\"time\":3600000}",
			&l, err, sizeof err),
		  REC_OK);
	CHECK_STR(l.exchange, "binance");
	CHECK_STR(l.market, "futures");
	CHECK_STR(l.kind, "pump");
	/* Another type. */
	CHECK_INT(parse("{\"type\":\"candle\",\"symbol\":\"X\"}", &l, err, sizeof err), REC_OTHER);
}

static void test_bad(void)
{
	BAD("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\"}", "label: 'time' is missing");
	BAD("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\",\"time\":60000}",
	    "label: 'time' is not an open time of a 1h candle");
	BAD("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\",\"time\":7200000,"
	    "\"peak_time\":3600000}",
	    "label: 'peak_time' is before 'time'");
	BAD("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\",\"time\":7200000,"
	    "\"peak_time\":10800000,\"end_time\":7200000}",
	    "label: 'end_time' is before 'peak_time'");
	BAD("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\",\"time\":7200000,"
	    "\"end_time\":3600000}",
	    "label: 'end_time' is before 'time'");
	BAD("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\",\"time\":7200000,"
	    "\"end_time\":3600001}",
	    "label: 'end_time' is not an open time of a 1h candle");
	BAD("{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"1h\",\"time\":-3600000}",
	    "label: 'time' is not a time in epoch milliseconds");
}

int main(void)
{
	test_sim_label();
	test_real_label();
	test_bad();
	UNIT_END();
}
