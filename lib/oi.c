#include "oi.h"

#include <stddef.h>

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

static struct rec_type oi_type = { "oi", sizeof(struct oi), members,
				   (int)(sizeof members / sizeof members[0]), NULL, { 0 } };

int oi_parse(struct oi *o, const char *line, size_t len, char *err, size_t errlen)
{
	return rec_parse(&oi_type, o, line, len, err, errlen);
}
