/* funding: funding records (funding.h). */
#include "funding.h"

#include <math.h>
#include <stddef.h>

#include "jsonw.h"
#include "record.h"

void funding_write(const struct funding *f, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "funding");
	jw_str(b, "exchange", f->exchange);
	jw_str(b, "symbol", f->symbol);
	jw_int(b, "time", f->time);
	jw_num(b, "rate", f->rate);
	jw_num_or_null(b, "mark_price", !isnan(f->mark_price), f->mark_price);
	jw_end(b);
}

#define AT(field) offsetof(struct funding, field)
#define CAP(field) sizeof(((struct funding *)0)->field)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)

static const struct rec_member members[] = {
	{ M("exchange", RK_NAME, 0, exchange), .cap = CAP(exchange), .def_str = "binance" },
	{ M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	{ M("time", RK_INT, REC_REQUIRED | REC_NONNEG, time),
	  .msg = "is not a time in epoch milliseconds" },
	{ M("rate", RK_NUMBER, REC_REQUIRED, rate) },
	{ M("mark_price", RK_NUMBER, REC_NONNEG, mark_price), .def_num = NAN, .has_def = 1,
	  .msg = "is not a number of 0 or more" },
};

static struct rec_type funding_type = { "funding", sizeof(struct funding), members,
					(int)(sizeof members / sizeof members[0]), NULL, { 0 } };

int funding_parse(struct funding *f, const char *line, size_t len, char *err, size_t errlen)
{
	return rec_parse(&funding_type, f, line, len, err, errlen);
}
