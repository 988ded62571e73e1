/* Unit tests of src/backtest/input.c: the input in compact per-series
 * arrays, the same whatever the interleaving of the stream. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "replayin.h"
#include "record.h"
#include "unit.h"

#define H 14400000LL
#define T0 1795996800000LL    /* 2026-11-30 00:00 UTC */

static char lines[16][512];
static int nlines;

static void candle(const char *sym, int k, double o, double h, double l, double c, int closed)
{
	snprintf(lines[nlines++], sizeof lines[0],
		 "{\"type\":\"candle\",\"symbol\":\"%s\",\"interval\":\"4h\","
		 "\"open_time\":%lld,\"open\":%g,\"high\":%g,\"low\":%g,\"close\":%g,"
		 "\"volume\":1,\"closed\":%s}",
		 sym, (long long)(T0 + k * H), o, h, l, c, closed ? "true" : "false");
}

static void signal(const char *sym, int k, const char *extra)
{
	long long t = T0 + k * H;

	snprintf(lines[nlines++], sizeof lines[0],
		 "{\"type\":\"signal\",\"id\":\"binance:futures:%s:4h:%lld\",\"symbol\":\"%s\","
		 "\"interval\":\"4h\",\"open_time\":%lld,\"price\":100,"
		 "\"strength\":\"STRONG\"%s}", sym, t, sym, t, extra);
}

/* The lines in the order given by idx, into a fresh input. */
static void load(struct bt_input *in, const int *idx, int n)
{
	char err[256];

	bt_input_init(in);
	for (int i = 0; i < n; i++) {
		const char *l = lines[idx[i]];

		CHECKF(bt_input_line(in, l, strlen(l), err, sizeof err) == REC_OK, "%s", l);
	}
	bt_input_finish(in);
}

/* A digest of what was loaded, for comparing two loads. */
static void digest(const struct bt_input *in, char *dst, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < in->nseries; i++) {
		const struct bt_series *s = in->by_key[i];

		n += (size_t)snprintf(dst + n, cap - n, "%s[", s->key);
		for (size_t j = 0; j < s->n; j++)
			n += (size_t)snprintf(dst + n, cap - n, "%lld:%g/%g/%g/%g ",
					      (long long)s->bar[j].open_time, s->bar[j].open,
					      s->bar[j].high, s->bar[j].low, s->bar[j].close);
		n += (size_t)snprintf(dst + n, cap - n, "]%s ", s->filters ? "f" : "-");
	}
	for (size_t i = 0; i < in->nsignals; i++)
		n += (size_t)snprintf(dst + n, cap - n, "%s:%d:%g ", in->by_id[i]->id,
				      in->by_id[i]->scored, in->by_id[i]->total);
}

int main(void)
{
	struct bt_input a, b;
	char da[4096], db[4096], err[256];
	/* 0-2: BTC candles 0, 1, 2; 3: BTC candle 1 forming; 4: ETH candle 0;
	 * 5: a plain signal on BTC 1; 6: the same id scored; 7: a symbol
	 * record for BTC; 8: BTC candle 1 again, revised. */
	int order1[] = { 0, 3, 1, 5, 4, 2, 6, 7 };
	int order2[] = { 7, 4, 6, 2, 0, 1, 3, 5 };  /* shuffled; the scored signal first */
	int order3[] = { 0, 1, 8 };                  /* a revision comes later: it wins */
	int order4[] = { 8, 0, 1 };                  /* the revision first: the later wins */
	struct bt_series *s;
	const char *l;

	candle("BTCUSDT", 0, 100, 105, 95, 102, 1);
	candle("BTCUSDT", 1, 102, 110, 101, 108, 1);
	candle("BTCUSDT", 2, 108, 109, 90, 91, 1);
	candle("BTCUSDT", 1, 102, 104, 101, 103, 0);
	candle("ETHUSDT", 0, 10, 11, 9, 10.5, 1);
	signal("BTCUSDT", 1, "");
	signal("BTCUSDT", 1, ",\"score\":{\"volume\":25,\"oi\":0,\"spot_sync\":0,"
	       "\"confirmation\":0,\"timing\":10,\"total\":35},\"confidence_level\":\"LOW\"");
	snprintf(lines[nlines++], sizeof lines[0],
		 "{\"type\":\"symbol\",\"symbol\":\"BTCUSDT\",\"step_size\":0.001,"
		 "\"min_qty\":0.001,\"min_notional\":5}");
	candle("BTCUSDT", 1, 102, 112, 100, 111, 1);

	/* In order: two series sorted by key, BTC's three closed candles
	 * (the forming record dropped), its filters; one signal, the scored
	 * record (the later). */
	load(&a, order1, 8);
	CHECK_INT(a.nseries, 2);
	CHECK_STR(a.by_key[0]->key, "binance:futures:BTCUSDT:4h");
	CHECK_STR(a.by_key[1]->key, "binance:futures:ETHUSDT:4h");
	s = a.by_key[0];
	CHECK_INT(s->n, 3);
	CHECK_INT(s->bar[0].open_time, T0);
	CHECK_INT(s->bar[0].close_time, T0 + H - 1);
	CHECK_INT(s->bar[2].open_time, T0 + 2 * H);
	CHECK_NUM(s->bar[1].high, 110);
	CHECK_NUM(s->bar[2].close, 91);
	CHECK(s->filters != NULL);
	CHECK_NUM(s->filters->step_size, 0.001);
	CHECK_NUM(s->filters->min_notional, 5);
	CHECK(a.by_key[1]->filters == NULL);
	CHECK_INT(a.candles, 4);
	CHECK_INT(a.forming, 1);
	CHECK_INT(a.replaced, 0);
	CHECK_INT(a.signal_recs, 2);
	CHECK_INT(a.symbol_recs, 1);
	CHECK_INT(a.nsignals, 1);
	CHECK_INT(a.by_id[0]->scored, 1);
	CHECK_NUM(a.by_id[0]->total, 35);
	CHECK(bt_input_series(&a, "binance:futures:ETHUSDT:4h") == a.by_key[1]);
	CHECK(bt_input_series(&a, "binance:futures:XRPUSDT:4h") == NULL);
	/* First candle opening at or after a time. */
	CHECK_INT(bt_series_first_open(s, T0), 0);
	CHECK_INT(bt_series_first_open(s, T0 + 1), 1);
	CHECK_INT(bt_series_first_open(s, T0 + H), 1);
	CHECK_INT(bt_series_first_open(s, T0 + 2 * H + 1), 3);

	/* Shuffled: the same arrays, except that the plain signal record,
	 * now last, is the one kept. */
	load(&b, order2, 8);
	digest(&a, da, sizeof da);
	CHECK_STR(da, "binance:futures:BTCUSDT:4h[1795996800000:100/105/95/102 "
		  "1796011200000:102/110/101/108 1796025600000:108/109/90/91 ]f "
		  "binance:futures:ETHUSDT:4h[1795996800000:10/11/9/10.5 ]- "
		  "binance:futures:BTCUSDT:4h:1796011200000:1:35 ");
	CHECK_INT(b.by_id[0]->scored, 0);
	bt_input_free(&b);
	{
		int order2b[] = { 7, 4, 5, 2, 0, 1, 3, 6 };

		load(&b, order2b, 8);
		digest(&b, db, sizeof db);
		CHECK_STR(db, da);
		bt_input_free(&b);
	}

	/* A later record of the same candle replaces it, wherever it comes. */
	load(&b, order3, 3);
	CHECK_INT(b.by_key[0]->n, 2);
	CHECK_NUM(b.by_key[0]->bar[1].high, 112);
	CHECK_INT(b.replaced, 1);
	bt_input_free(&b);
	load(&b, order4, 3);
	CHECK_INT(b.by_key[0]->n, 2);
	CHECK_INT(b.by_key[0]->bar[0].open_time, T0);
	CHECK_NUM(b.by_key[0]->bar[1].high, 110);
	CHECK_INT(b.replaced, 1);
	bt_input_free(&b);

	/* Candles in reverse: inserted in order. */
	{
		int rev[] = { 2, 1, 0 };

		load(&b, rev, 3);
		CHECK_INT(b.by_key[0]->n, 3);
		CHECK_INT(b.by_key[0]->bar[0].open_time, T0);
		CHECK_INT(b.by_key[0]->bar[1].open_time, T0 + H);
		CHECK_INT(b.by_key[0]->bar[2].open_time, T0 + 2 * H);
		bt_input_free(&b);
	}

	/* Many candles: the array grows, and stays in order. */
	bt_input_init(&b);
	for (int k = 0; k < 1000; k++) {
		char line[512];
		int kk = k % 2 ? k - 1 : k + 1;   /* pairs swapped: 1 0 3 2 ... */

		snprintf(line, sizeof line,
			 "{\"type\":\"candle\",\"symbol\":\"X\",\"interval\":\"4h\","
			 "\"open_time\":%lld,\"open\":1,\"high\":2,\"low\":1,\"close\":1,"
			 "\"volume\":1}", (long long)(T0 + kk * H));
		CHECK_INT(bt_input_line(&b, line, strlen(line), err, sizeof err), REC_OK);
	}
	bt_input_finish(&b);
	CHECK_INT(b.by_key[0]->n, 1000);
	{
		int ok = 1;

		for (size_t j = 0; j < b.by_key[0]->n; j++)
			ok &= b.by_key[0]->bar[j].open_time == T0 + (int64_t)j * H;
		CHECK(ok);
	}
	CHECK(b.by_key[0]->cap < 1000 + 1000 / 4 + 17);
	bt_input_free(&b);

	/* Other records are left alone; bad ones say why. */
	bt_input_init(&b);
	l = "{\"type\":\"oi\",\"symbol\":\"BTCUSDT\",\"period\":\"5m\",\"time\":0,"
	    "\"open_interest\":1}";
	CHECK_INT(bt_input_line(&b, l, strlen(l), err, sizeof err), REC_OTHER);
	l = "{\"type\":\"candle\",\"symbol\":\"BTCUSDT\"}";
	CHECK_INT(bt_input_line(&b, l, strlen(l), err, sizeof err), REC_BAD);
	CHECK(strstr(err, "candle:") == err);
	l = "{\"type\":\"signal\",\"id\":\"x\"}";
	CHECK_INT(bt_input_line(&b, l, strlen(l), err, sizeof err), REC_BAD);
	CHECK(strstr(err, "signal:") == err);
	l = "not json";
	CHECK_INT(bt_input_line(&b, l, strlen(l), err, sizeof err), REC_BAD);
	bt_input_finish(&b);
	CHECK_INT(b.nseries, 0);
	CHECK_INT(b.nsignals, 0);
	bt_input_free(&b);

	/* Labels: sorted by series, time and end_time; a repeat kept once. */
	{
		const char *lab[] = {
			"{\"type\":\"label\",\"symbol\":\"ETHUSDT\",\"interval\":\"4h\","
			"\"time\":300,\"end_time\":400}",
			"{\"type\":\"label\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"time\":500,\"end_time\":900}",
			"{\"type\":\"label\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"time\":100,\"end_time\":200}",
			"{\"type\":\"label\",\"symbol\":\"ETHUSDT\",\"interval\":\"4h\","
			"\"time\":300,\"end_time\":400}",
		};

		bt_input_init(&b);
		for (int i = 0; i < 4; i++)
			CHECK_INT(bt_input_line(&b, lab[i], strlen(lab[i]), err, sizeof err), REC_OK);
		bt_input_finish(&b);
		CHECK_INT(b.label_recs, 4);
		CHECK_INT(b.nlabels, 3);
		CHECK_STR(b.labels[0].key, "binance:futures:BTCUSDT:4h");
		CHECK_INT(b.labels[0].time, 100);
		CHECK_INT(b.labels[0].end_time, 200);
		CHECK_STR(b.labels[1].key, "binance:futures:BTCUSDT:4h");
		CHECK_INT(b.labels[1].time, 500);
		CHECK_STR(b.labels[2].key, "binance:futures:ETHUSDT:4h");
		CHECK_INT(b.labels[2].end_time, 400);
		bt_input_free(&b);
	}

	/* Funding: sorted by time, then symbol (renumbered in key order,
	 * whatever came first); of one symbol and time the later record
	 * wins; a futures series finds its symbol, a spot one does not. */
	{
		const char *fl[] = {
			"{\"type\":\"funding\",\"symbol\":\"XRPUSDT\",\"time\":200,\"rate\":0.0003}",
			"{\"type\":\"funding\",\"symbol\":\"BTCUSDT\",\"time\":200,\"rate\":0.0001,"
			"\"mark_price\":100}",
			"{\"type\":\"funding\",\"symbol\":\"BTCUSDT\",\"time\":100,\"rate\":0.0002}",
			"{\"type\":\"funding\",\"symbol\":\"BTCUSDT\",\"time\":200,\"rate\":-0.0001}",
			"{\"type\":\"candle\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"open_time\":0,\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
			"{\"type\":\"candle\",\"market\":\"spot\",\"symbol\":\"BTCUSDT\",\"interval\":\"4h\","
			"\"open_time\":0,\"open\":1,\"high\":2,\"low\":1,\"close\":1,\"volume\":1}",
		};

		bt_input_init(&b);
		for (int i = 0; i < 6; i++)
			CHECK_INT(bt_input_line(&b, fl[i], strlen(fl[i]), err, sizeof err), REC_OK);
		bt_input_finish(&b);
		CHECK_INT(b.funding_recs, 4);
		CHECK_INT(b.nfunding, 3);
		/* BTCUSDT is symbol 0, XRPUSDT 1. */
		CHECK_INT(b.funding[0].time, 100);
		CHECK_INT(b.funding[0].sym, 0);
		CHECK_NUM(b.funding[0].rate, 0.0002);
		CHECK(isnan(b.funding[0].mark_price));
		CHECK_INT(b.funding[1].time, 200);
		CHECK_INT(b.funding[1].sym, 0);
		CHECK_NUM(b.funding[1].rate, -0.0001);
		CHECK(isnan(b.funding[1].mark_price));
		CHECK_INT(b.funding[2].sym, 1);
		CHECK_NUM(b.funding[2].rate, 0.0003);
		CHECK_STR(b.by_key[0]->key, "binance:futures:BTCUSDT:4h");
		CHECK_INT(b.by_key[0]->fsym, 0);
		CHECK_INT(b.by_key[1]->fsym, -1);
		bt_input_free(&b);
	}

	bt_input_free(&a);
	UNIT_END();
}
