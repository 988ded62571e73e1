/* Unit tests of lib/labelrec.c for real labels: null for what only a
 * simulator knows, source and source_times, and the span of candles that
 * find a label (label_span). */
#include <string.h>

#include "labelrec.h"
#include "record.h"
#include "unit.h"

static int parse(struct label_in *l, const char *s, char *err)
{
	err[0] = '\0';
	return label_parse(l, s, strlen(s), err, 256);
}

int main(void)
{
	struct label_in l;
	char err[256];
	int64_t lo, hi;

	/* As in ../shared/data/pumps-5m/labels.ndjson. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"exchange\":\"binance\",\"market\":\"spot\","
			"\"symbol\":\"MDABTC\",\"interval\":\"5m\",\"kind\":\"pump\","
			"\"time\":1529074500000,\"peak_time\":null,\"end_time\":null,"
			"\"volume_multiple\":null,\"peak_gain_pct\":null,\"seed\":null,"
			"\"source\":[\"BPF\"],\"source_times\":[1529074740000]}", err), REC_OK);
	CHECK_STR(l.market, "spot");
	CHECK_INT(l.has, LABEL_SOURCE | LABEL_SOURCE_TIMES);
	CHECK_INT(l.has_end_time, 0);
	CHECK_INT(l.nsource, 1);
	CHECK_INT(l.nsource_times, 1);
	CHECK_INT(l.source_first, 1529074740000LL);
	CHECK_INT(l.source_last, 1529074740000LL);
	/* An hour either side of 14:59. */
	label_span(&l, &lo, &hi);
	CHECK_INT(lo, 1529074740000LL - 3600000);
	CHECK_INT(hi, 1529074740000LL + 3600000);

	/* Groups that gave different minutes: from the first to the last. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":7200000,\"source\":[ \"A\" , \"B\",\"C\" ],"
			"\"source_times\":[7260000,7140000,7200000]}", err), REC_OK);
	CHECK_INT(l.nsource, 3);
	CHECK_INT(l.source_first, 7140000);
	CHECK_INT(l.source_last, 7260000);
	label_span(&l, &lo, &hi);
	CHECK_INT(lo, 3540000);
	CHECK_INT(hi, 10860000);

	/* Neither end_time nor source_times: an hour either side of time. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":7200000}", err), REC_OK);
	CHECK_INT(l.has, 0);
	label_span(&l, &lo, &hi);
	CHECK_INT(lo, 3600000);
	CHECK_INT(hi, 10800000);

	/* A simulated pump: one candle before time to end_time. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"4h\","
			"\"time\":28800000,\"end_time\":57600000}", err), REC_OK);
	CHECK_INT(l.has, 0);
	CHECK_INT(l.has_end_time, 1);
	label_span(&l, &lo, &hi);
	CHECK_INT(lo, 14400000);
	CHECK_INT(hi, 57600000);

	/* A peak_time without end_time is only checked against time. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":600000,\"peak_time\":900000}", err), REC_OK);
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":600000,\"peak_time\":300000}", err), REC_BAD);
	CHECK_STR(err, "label: 'peak_time' is not between 'time' and 'end_time'");

	/* Wrong sources. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":0,\"source\":[\"A\",1]}", err), REC_BAD);
	CHECK_STR(err, "label: 'source' is not an array of strings");
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":0,\"source\":[\"A\" \"B\"]}", err), REC_BAD);
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":0,\"source_times\":[1.5]}", err), REC_BAD);
	CHECK_STR(err, "label: 'source_times' is not an array of times in epoch milliseconds");
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":0,\"source_times\":[[1]]}", err), REC_BAD);
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":0,\"source\":[\"A\",\"B\"],\"source_times\":[5]}", err), REC_BAD);
	CHECK_STR(err, "label: 'source_times' does not hold one time for each 'source'");
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"X\",\"interval\":\"5m\","
			"\"time\":0,\"source\":[],\"source_times\":[]}", err), REC_OK);
	CHECK_INT(l.has, LABEL_SOURCE);
	UNIT_END();
}
