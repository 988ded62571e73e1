#include "symbolinfo.h"

#include <math.h>
#include <stddef.h>

#include "jsonw.h"
#include "record.h"

static void str_or_null(struct buf *b, const char *key, const char *v)
{
	if (*v)
		jw_str(b, key, v);
	else
		jw_null(b, key);
}

void symbol_write(const struct symbol_info *s, struct buf *b)
{
	jw_begin(b);
	jw_str(b, "type", "symbol");
	jw_str(b, "exchange", s->exchange);
	jw_str(b, "market", s->market);
	jw_str(b, "symbol", s->symbol);
	jw_str(b, "status", s->status);
	jw_str(b, "base_asset", s->base_asset);
	jw_str(b, "quote_asset", s->quote_asset);
	str_or_null(b, "contract_type", s->contract_type);
	jw_num(b, "tick_size", s->tick_size);
	jw_num(b, "step_size", s->step_size);
	jw_num(b, "min_qty", s->min_qty);
	jw_num(b, "min_notional", s->min_notional);
	if (s->onboard_date)
		jw_int(b, "onboard_date", s->onboard_date);
	else
		jw_null(b, "onboard_date");
	jw_end(b);
}

#define AT(field) offsetof(struct symbol_info, field)
#define CAP(field) sizeof(((struct symbol_info *)0)->field)
#define M(nm, k, fl, field) .name = (nm), .kind = (k), .flags = (fl), .off = AT(field)
#define SIZE(nm, field) { M(nm, RK_NUMBER, REC_NONNEG, field), .has_def = 1, .def_num = NAN }

static const struct rec_member members[] = {
	{ M("exchange", RK_NAME, 0, exchange), .cap = CAP(exchange), .def_str = "binance" },
	{ M("market", RK_NAME, 0, market), .cap = CAP(market), .def_str = "futures" },
	{ M("symbol", RK_SYMBOL, REC_REQUIRED, symbol), .cap = CAP(symbol) },
	{ M("status", RK_STRING, 0, status), .cap = CAP(status) },
	{ M("base_asset", RK_STRING, 0, base_asset), .cap = CAP(base_asset) },
	{ M("quote_asset", RK_STRING, 0, quote_asset), .cap = CAP(quote_asset) },
	{ M("contract_type", RK_STRING, 0, contract_type), .cap = CAP(contract_type) },
	SIZE("tick_size", tick_size),
	SIZE("step_size", step_size),
	SIZE("min_qty", min_qty),
	SIZE("min_notional", min_notional),
	{ M("onboard_date", RK_INT, REC_NONNEG, onboard_date) },
};

static struct rec_type symbol_type = { "symbol", sizeof(struct symbol_info), members,
				       (int)(sizeof members / sizeof members[0]), NULL, { 0 } };

int symbol_parse(struct symbol_info *s, const char *line, size_t len, char *err,
		 size_t errlen)
{
	return rec_parse(&symbol_type, s, line, len, err, errlen);
}
