/* labelrec: the label record read back (labelrec.h). */
#include "labelrec.h"

#include <stdio.h>

#include "record.h"

#define AT(field) offsetof(struct label_in, field)
#define CAP(field) sizeof(((struct label_in *)0)->field)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)
#define HAS(bit) .has_off = AT(has), .has_bit = (bit)
#define REQ (REC_REQUIRED | REC_NONNEG)

enum { L_EXCHANGE, L_MARKET, L_SYMBOL, L_INTERVAL, L_KIND, L_TIME, L_PEAK_TIME, L_END_TIME,
       L_VOLUME_MULTIPLE, L_PEAK_GAIN, L_SEED, L_COUNT };

static const struct rec_member members[L_COUNT] = {
	[L_EXCHANGE] = { M("exchange", RK_NAME, 0, exchange), .cap = CAP(exchange),
		.def_str = "binance" },
	[L_MARKET] = { M("market", RK_NAME, 0, market), .cap = CAP(market), .def_str = "futures" },
	[L_SYMBOL] = { M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	[L_INTERVAL] = { M("interval", RK_INTERVAL, REC_REQUIRED, interval) },
	[L_KIND] = { M("kind", RK_NAME, 0, kind), .cap = CAP(kind), .def_str = "pump" },
	[L_TIME] = { M("time", RK_INT, REQ, time) },
	[L_PEAK_TIME] = { M("peak_time", RK_INT, REC_NONNEG, peak_time), HAS(LABEL_PEAK_TIME) },
	[L_END_TIME] = { M("end_time", RK_INT, REQ, end_time) },
	[L_VOLUME_MULTIPLE] = { M("volume_multiple", RK_NUMBER, REC_NONNEG, volume_multiple),
		HAS(LABEL_VOLUME_MULTIPLE) },
	[L_PEAK_GAIN] = { M("peak_gain_pct", RK_NUMBER, 0, peak_gain_pct), HAS(LABEL_PEAK_GAIN) },
	[L_SEED] = { M("seed", RK_INT, REC_NONNEG, seed), HAS(LABEL_SEED) },
};

/* The times in order: time <= peak_time <= end_time. */
static int finish(void *rec, uint64_t seen, uint64_t present, char *err, size_t errlen)
{
	struct label_in *l = rec;

	(void)seen;
	(void)present;
	if (l->end_time < l->time) {
		rec_bad(err, errlen, "label: 'end_time' is before 'time'");
		return -1;
	}
	if ((l->has & LABEL_PEAK_TIME) && (l->peak_time < l->time || l->peak_time > l->end_time)) {
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

size_t label_series_key(const struct label_in *l, char *dst)
{
	int n = snprintf(dst, CANDLE_KEY_MAX, "%s:%s:%s:%s", l->exchange, l->market, l->symbol,
			 l->interval->name);

	return n > 0 && n < CANDLE_KEY_MAX ? (size_t)n : CANDLE_KEY_MAX - 1;
}
