/* test_funding: funding records (lib/funding.c): read, write, read back.
 * Expected values are the literals of each line. */
#include <math.h>
#include <string.h>

#include "buf.h"
#include "funding.h"
#include "record.h"
#include "unit.h"

static int parse(const char *line, struct funding *f, char *err, size_t errlen)
{
	return funding_parse(f, line, strlen(line), err, errlen);
}

int main(void)
{
	struct funding f, g;
	struct buf b = { 0 };
	char err[160];

	/* Binance's answer {"symbol":"BTCUSDT","fundingTime":1735718400000,
	 * "fundingRate":"-0.00003750","markPrice":"93431.5"} as a record. */
	CHECK_INT(parse("{\"type\":\"funding\",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\","
			"\"time\":1735718400000,\"rate\":-0.0000375,\"mark_price\":93431.5}",
			&f, err, sizeof err),
		  REC_OK);
	CHECK_STR(f.exchange, "binance");
	CHECK_STR(f.symbol, "BTCUSDT");
	CHECK_INT(f.time, 1735718400000LL);
	CHECK_NUM(f.rate, -0.0000375);
	CHECK_NUM(f.mark_price, 93431.5);
	funding_write(&f, &b);
	CHECK_MEM(b.p, b.len,
		  "{\"type\":\"funding\",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\","
		  "\"time\":1735718400000,\"rate\":-0.0000375,\"mark_price\":93431.5}\n",
		  strlen("{\"type\":\"funding\",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\","
			 "\"time\":1735718400000,\"rate\":-0.0000375,\"mark_price\":93431.5}\n"));
	CHECK_INT(funding_parse(&g, b.p, b.len - 1, err, sizeof err), REC_OK);
	CHECK_NUM(g.rate, f.rate);

	/* Defaults: exchange binance, mark_price unknown (null both ways). */
	CHECK_INT(parse("{\"type\":\"funding\",\"symbol\":\"X\",\"time\":0,\"rate\":0.0001,"
			"\"mark_price\":null}",
			&f, err, sizeof err),
		  REC_OK);
	CHECK_STR(f.exchange, "binance");
	CHECK(isnan(f.mark_price));
	b.len = 0;
	funding_write(&f, &b);
	CHECK_MEM(b.p, b.len,
		  "{\"type\":\"funding\",\"exchange\":\"binance\",\"symbol\":\"X\",\"time\":0,"
		  "\"rate\":0.0001,\"mark_price\":null}\n",
		  strlen("{\"type\":\"funding\",\"exchange\":\"binance\",\"symbol\":\"X\",\"time\":0,"
			 "\"rate\":0.0001,\"mark_price\":null}\n"));

	/* Wrong values. */
	CHECK_INT(parse("{\"type\":\"funding\",\"symbol\":\"X\",\"time\":0}", &f, err, sizeof err),
		  REC_BAD);
	CHECK_STR(err, "funding: 'rate' is missing");
	CHECK_INT(parse("{\"type\":\"funding\",\"symbol\":\"X\",\"time\":0,\"rate\":\"0.1\"}", &f,
			err, sizeof err),
		  REC_BAD);
	CHECK_STR(err, "funding: 'rate' is not a number");
	CHECK_INT(parse("{\"type\":\"funding\",\"symbol\":\"X\",\"time\":0,\"rate\":0,"
			"\"mark_price\":-1}",
			&f, err, sizeof err),
		  REC_BAD);
	CHECK_STR(err, "funding: 'mark_price' is not a number of 0 or more");
	CHECK_INT(parse("{\"type\":\"oi\",\"symbol\":\"X\"}", &f, err, sizeof err), REC_OTHER);
	buf_release(&b);
	UNIT_END();
}
