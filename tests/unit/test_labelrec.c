/* Unit tests of lib/labelrec.c: label records as cb-fetch --exchange sim
 * pumps writes them, and as real labelled data may leave members out. */
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
	char err[256], key[CANDLE_KEY_MAX];

	/* As cb-fetch writes it. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"exchange\":\"sim\",\"market\":\"futures\","
			"\"symbol\":\"SIM001USDT\",\"interval\":\"5m\",\"kind\":\"pump\","
			"\"time\":1700000100000,\"peak_time\":1700000400000,"
			"\"end_time\":1700000700000,\"volume_multiple\":6.5,"
			"\"peak_gain_pct\":12.3,\"seed\":42}", err), REC_OK);
	CHECK_STR(l.exchange, "sim");
	CHECK_STR(l.symbol, "SIM001USDT");
	CHECK_STR(l.interval->name, "5m");
	CHECK_STR(l.kind, "pump");
	CHECK_INT(l.time, 1700000100000LL);
	CHECK_INT(l.peak_time, 1700000400000LL);
	CHECK_INT(l.end_time, 1700000700000LL);
	CHECK_NUM(l.volume_multiple, 6.5);
	CHECK_NUM(l.peak_gain_pct, 12.3);
	CHECK_INT(l.seed, 42);
	CHECK_INT(l.has, LABEL_PEAK_TIME | LABEL_VOLUME_MULTIPLE | LABEL_PEAK_GAIN | LABEL_SEED);
	CHECK_INT(label_series_key(&l, key), strlen("sim:futures:SIM001USDT:5m"));
	CHECK_STR(key, "sim:futures:SIM001USDT:5m");

	/* The least a label needs; the rest defaults. */
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"time\":0,\"end_time\":0,\"seed\":null}", err), REC_OK);
	CHECK_STR(l.exchange, "binance");
	CHECK_STR(l.market, "futures");
	CHECK_STR(l.kind, "pump");
	CHECK_INT(l.has, 0);
	label_series_key(&l, key);
	CHECK_STR(key, "binance:futures:BTCUSDT:4h");

	/* Other records, and wrong ones. */
	CHECK_INT(parse(&l, "{\"type\":\"candle\",\"symbol\":\"BTCUSDT\"}", err), REC_OTHER);
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"end_time\":0}", err), REC_BAD);
	CHECK_STR(err, "label: 'time' is missing");
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"time\":10,\"end_time\":5}", err), REC_BAD);
	CHECK_STR(err, "label: 'end_time' is before 'time'");
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"time\":10,\"peak_time\":20,\"end_time\":15}", err), REC_BAD);
	CHECK_STR(err, "label: 'peak_time' is not between 'time' and 'end_time'");
	CHECK_INT(parse(&l, "{\"type\":\"label\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"time\":-1,\"end_time\":5}", err), REC_BAD);
	CHECK(strstr(err, "label: 'time'") == err);
	UNIT_END();
}
