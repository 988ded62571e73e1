/* labelrec: the label record read back (labelrec.h). */
#include "labelrec.h"

#include <stdio.h>

#include "json.h"
#include "record.h"

#define AT(field) offsetof(struct label_in, field)
#define CAP(field) sizeof(((struct label_in *)0)->field)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)
#define HAS(bit) .has_off = AT(has), .has_bit = (bit)
#define REQ (REC_REQUIRED | REC_NONNEG)

enum { L_EXCHANGE, L_MARKET, L_SYMBOL, L_INTERVAL, L_KIND, L_TIME, L_PEAK_TIME, L_END_TIME,
       L_VOLUME_MULTIPLE, L_PEAK_GAIN, L_SEED, L_SOURCE, L_SOURCE_TIMES, L_COUNT };

/* Call fn for each item of the array f; returns the number of items, or -1
 * if f is not an array, an item is not a plain value or fn returns -1. */
static long each_item(const struct jfield *f, int (*fn)(struct label_in *l,
		      const struct jfield *it), struct label_in *l)
{
	const char *p, *end, *msg, *at;
	long n = 0;

	if (f->type != JSON_ARRAY)
		return -1;
	p = f->val + 1;
	end = f->val + f->vlen - 1;
	for (;;) {
		struct jfield it = { 0 };

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p == end)
			return n;
		if (n && *p++ != ',')
			return -1;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p == end || !(p = json_value(p, end, &it, &msg, &at)) ||
		    it.type == JSON_ARRAY || it.type == JSON_OBJECT || fn(l, &it) < 0)
			return -1;
		n++;
	}
}

static int source_item(struct label_in *l, const struct jfield *it)
{
	(void)l;
	return it->type == JSON_STRING ? 0 : -1;
}

static int time_item(struct label_in *l, const struct jfield *it)
{
	int64_t t;

	if (jfield_int(it, &t) < 0 || t < 0)
		return -1;
	if (!l->nsource_times || t < l->source_first)
		l->source_first = t;
	if (!l->nsource_times || t > l->source_last)
		l->source_last = t;
	l->nsource_times++;
	return 0;
}

static void source_member(void *rec, const struct jfield *f, char *err, size_t errlen)
{
	struct label_in *l = rec;
	long n = each_item(f, source_item, l);

	if (n < 0) {
		rec_bad(err, errlen, "label: 'source' is not an array of strings");
		return;
	}
	l->nsource = n;
	l->has |= LABEL_SOURCE;
}

static void source_times_member(void *rec, const struct jfield *f, char *err, size_t errlen)
{
	struct label_in *l = rec;

	l->nsource_times = 0;
	if (each_item(f, time_item, l) < 0) {
		rec_bad(err, errlen, "label: 'source_times' is not an array of times in "
			"epoch milliseconds");
		return;
	}
	if (l->nsource_times)
		l->has |= LABEL_SOURCE_TIMES;
}

static const struct rec_member members[L_COUNT] = {
	[L_EXCHANGE] = { M("exchange", RK_NAME, 0, exchange), .cap = CAP(exchange),
		.def_str = "binance" },
	[L_MARKET] = { M("market", RK_NAME, 0, market), .cap = CAP(market), .def_str = "futures" },
	[L_SYMBOL] = { M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	[L_INTERVAL] = { M("interval", RK_INTERVAL, REC_REQUIRED, interval) },
	[L_KIND] = { M("kind", RK_NAME, 0, kind), .cap = CAP(kind), .def_str = "pump" },
	[L_TIME] = { M("time", RK_INT, REQ, time) },
	[L_PEAK_TIME] = { M("peak_time", RK_INT, REC_NONNEG, peak_time), HAS(LABEL_PEAK_TIME) },
	[L_END_TIME] = { M("end_time", RK_INT, REC_NONNEG, end_time) },
	[L_VOLUME_MULTIPLE] = { M("volume_multiple", RK_NUMBER, REC_NONNEG, volume_multiple),
		HAS(LABEL_VOLUME_MULTIPLE) },
	[L_PEAK_GAIN] = { M("peak_gain_pct", RK_NUMBER, 0, peak_gain_pct), HAS(LABEL_PEAK_GAIN) },
	[L_SEED] = { M("seed", RK_INT, REC_NONNEG, seed), HAS(LABEL_SEED) },
	[L_SOURCE] = { .name = "source", .kind = RK_CUSTOM, .parse = source_member },
	[L_SOURCE_TIMES] = { .name = "source_times", .kind = RK_CUSTOM,
		.parse = source_times_member },
};

/* The times in order: time <= peak_time <= end_time; one source time for
 * each source. */
static int finish(void *rec, uint64_t seen, uint64_t present, char *err, size_t errlen)
{
	struct label_in *l = rec;

	(void)present;
	l->has_end_time = (seen & REC_BIT(L_END_TIME)) != 0;
	if (l->has_end_time && l->end_time < l->time) {
		rec_bad(err, errlen, "label: 'end_time' is before 'time'");
		return -1;
	}
	if ((l->has & LABEL_SOURCE) && (seen & REC_BIT(L_SOURCE_TIMES)) &&
	    l->nsource != l->nsource_times) {
		rec_bad(err, errlen, "label: 'source_times' does not hold one time for each "
			"'source'");
		return -1;
	}
	if ((l->has & LABEL_PEAK_TIME) && (l->peak_time < l->time ||
	    (l->has_end_time && l->peak_time > l->end_time))) {
		rec_bad(err, errlen, "label: 'peak_time' is not between 'time' and 'end_time'");
		return -1;
	}
	return 0;
}

static struct rec_type label_type = { "label", sizeof(struct label_in), members, L_COUNT,
				      finish, { 0 } };

int label_parse(struct label_in *l, const char *line, size_t len, char *err, size_t errlen)
{
	return rec_parse(&label_type, l, line, len, err, errlen);
}

void label_span(const struct label_in *l, int64_t *lo, int64_t *hi)
{
	if (l->has_end_time) {
		*lo = l->time - l->interval->ms;
		*hi = l->end_time;
	} else if (l->has & LABEL_SOURCE_TIMES) {
		*lo = l->source_first - LABEL_REAL_WINDOW_MS;
		*hi = l->source_last + LABEL_REAL_WINDOW_MS;
	} else {
		*lo = l->time - LABEL_REAL_WINDOW_MS;
		*hi = l->time + LABEL_REAL_WINDOW_MS;
	}
}

size_t label_series_key(const struct label_in *l, char *dst)
{
	int n = snprintf(dst, CANDLE_KEY_MAX, "%s:%s:%s:%s", l->exchange, l->market, l->symbol,
			 l->interval->name);

	return n > 0 && n < CANDLE_KEY_MAX ? (size_t)n : CANDLE_KEY_MAX - 1;
}
