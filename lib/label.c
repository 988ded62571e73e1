/* label: reading label records (label.h). */
#include "label.h"

#include <stddef.h>

#include "interval.h"
#include "record.h"

#define AT(field) offsetof(struct label_in, field)
#define CAP(field) sizeof(((struct label_in *)0)->field)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)
#define TIME_MSG "is not a time in epoch milliseconds"

static const struct rec_member members[] = {
	{ M("exchange", RK_NAME, 0, exchange), .cap = CAP(exchange), .def_str = "binance" },
	{ M("market", RK_NAME, 0, market), .cap = CAP(market), .def_str = "futures" },
	{ M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	{ M("interval", RK_INTERVAL, REC_REQUIRED, interval) },
	{ M("kind", RK_NAME, 0, kind), .cap = CAP(kind), .def_str = "pump" },
	{ M("time", RK_INT, REC_REQUIRED | REC_NONNEG, time), .msg = TIME_MSG },
	{ M("peak_time", RK_INT, REC_NONNEG, peak_time), .msg = TIME_MSG,
	  .has_off = AT(has), .has_bit = LABEL_PEAK_TIME },
	{ M("end_time", RK_INT, REC_NONNEG, end_time), .msg = TIME_MSG, .has_off = AT(has),
	  .has_bit = LABEL_END_TIME },
	{ M("volume_multiple", RK_ANY, 0, has) },
	{ M("peak_gain_pct", RK_ANY, 0, has) },
	{ M("seed", RK_ANY, 0, has) },
	{ M("source", RK_ANY, 0, has) },
	{ M("source_times", RK_ANY, 0, has) },
};

/* 1 if t is an open time of iv. */
static int on_grid(const struct interval *iv, int64_t t)
{
	return interval_open_time(iv, t) == t;
}

static int finish(void *rec, uint64_t seen, uint64_t present, char *err, size_t errlen)
{
	const struct label_in *l = rec;
	const char *iv = l->interval->name;

	(void)seen;
	(void)present;
	if (!on_grid(l->interval, l->time)) {
		rec_bad(err, errlen, "label: 'time' is not an open time of a %s candle", iv);
	} else if ((l->has & LABEL_PEAK_TIME) && !on_grid(l->interval, l->peak_time)) {
		rec_bad(err, errlen, "label: 'peak_time' is not an open time of a %s candle", iv);
	} else if ((l->has & LABEL_END_TIME) && !on_grid(l->interval, l->end_time)) {
		rec_bad(err, errlen, "label: 'end_time' is not an open time of a %s candle", iv);
	} else if ((l->has & LABEL_PEAK_TIME) && l->peak_time < l->time) {
		rec_bad(err, errlen, "label: 'peak_time' is before 'time'");
	} else if ((l->has & LABEL_END_TIME) &&
		   l->end_time < ((l->has & LABEL_PEAK_TIME) ? l->peak_time : l->time)) {
		rec_bad(err, errlen, "label: 'end_time' is before %s",
			(l->has & LABEL_PEAK_TIME) ? "'peak_time'" : "'time'");
	} else {
		return 0;
	}
	return -1;
}

static struct rec_type label_type = { "label", sizeof(struct label_in), members,
				      (int)(sizeof members / sizeof members[0]), finish,
				      { 0 } };

int label_parse(struct label_in *l, const char *line, size_t len, char *err, size_t errlen)
{
	return rec_parse(&label_type, l, line, len, err, errlen);
}
