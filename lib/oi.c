#include "oi.h"

#include <stddef.h>
#include <string.h>

#include "jsonw.h"
#include "record.h"

void oi_write(const struct oi *o, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "oi");
	jw_str(b, "exchange", o->exchange);
	jw_str(b, "symbol", o->symbol);
	jw_str(b, "period", o->period);
	jw_int(b, "time", o->time);
	jw_num(b, "open_interest", o->open_interest);
	jw_num(b, "open_interest_value", o->open_interest_value);
	jw_end(b);
}

#define AT(field) offsetof(struct oi, field)
#define CAP(field) sizeof(((struct oi *)0)->field)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)

static const struct rec_member members[] = {
	{ M("exchange", RK_NAME, 0, exchange), .cap = CAP(exchange), .def_str = "binance" },
	{ M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	{ M("period", RK_STRING, 0, period), .cap = CAP(period) },
	{ M("time", RK_INT, REC_REQUIRED | REC_NONNEG, time),
	  .msg = "is not a time in epoch milliseconds" },
	{ M("open_interest", RK_NUMBER, REC_REQUIRED | REC_NONNEG, open_interest),
	  .msg = "is not a number of 0 or more" },
	{ M("open_interest_value", RK_NUMBER, 0, open_interest_value) },
};

int oi_period_ok(const char *s)
{
	static const char *const periods[] = { "5m", "15m", "30m", "1h", "2h", "4h", "6h",
		"12h", "1d" };

	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++)
		if (!strcmp(s, periods[i]))
			return 1;
	return 0;
}

static int finish(void *rec, uint64_t seen, uint64_t present, char *err, size_t errlen)
{
	const struct oi *o = rec;

	(void)seen;
	(void)present;
	if (o->period[0] && !oi_period_ok(o->period)) {
		rec_bad(err, errlen, "oi: 'period' \"%s\" is not one of %s", o->period, OI_PERIODS);
		return -1;
	}
	return 0;
}

static struct rec_type oi_type = { "oi", sizeof(struct oi), members,
				   (int)(sizeof members / sizeof members[0]), finish, { 0 } };

int oi_parse(struct oi *o, const char *line, size_t len, char *err, size_t errlen)
{
	return rec_parse(&oi_type, o, line, len, err, errlen);
}
