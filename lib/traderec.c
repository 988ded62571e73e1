/* traderec: the trade record (traderec.h). */
#include "traderec.h"

#include <math.h>

static void num(struct report *rep, const char *key, double v, int decimals)
{
	report_num(rep, key, isfinite(v), v, decimals);
}

void trade_rec_of(const struct bt_trade *t, struct trade_rec *out)
{
	out->id = t->sig->id;
	out->signal_id = t->sig->id;
	out->symbol = t->series->symbol;
	out->side = t->t.side;
	out->entry_time = t->entry_time;
	out->exit_time = t->exit_time;
	out->entry_price = t->t.entry;
	out->exit_price = t->t.exit;
	out->quantity = t->t.quantity;
	out->notional = t->t.notional;
	out->fees = t->t.fees;
	out->slippage = t->t.slippage;
	out->funding = t->t.funding;
	out->pnl = t->t.pnl;
	out->pnl_pct = t->t.pnl_pct;
	out->reason = t->reason;
	out->mfe_pct = t->mfe_pct;
	out->mae_pct = t->mae_pct;
	out->mode = NULL;
}

void trade_rec_write(struct report *rep, const struct trade_rec *r)
{
	report_begin(rep, "trade");
	report_str(rep, "id", r->id);
	report_str(rep, "signal_id", r->signal_id);
	report_str(rep, "symbol", r->symbol);
	report_str(rep, "side", r->side > 0 ? "long" : "short");
	report_time(rep, "entry_time", 1, r->entry_time);
	num(rep, "entry_price", r->entry_price, 6);
	report_time(rep, "exit_time", 1, r->exit_time);
	num(rep, "exit_price", r->exit_price, 6);
	num(rep, "quantity", r->quantity, 6);
	num(rep, "notional", r->notional, 2);
	num(rep, "fees", r->fees, 4);
	num(rep, "slippage", r->slippage, 4);
	num(rep, "funding", r->funding, 4);
	num(rep, "pnl", r->pnl, 2);
	num(rep, "pnl_pct", r->pnl_pct, 2);
	report_str(rep, "exit_reason", exit_reason_name(r->reason));
	num(rep, "mfe_pct", r->mfe_pct, 2);
	num(rep, "mae_pct", r->mae_pct, 2);
	if (r->mode)
		report_str(rep, "mode", r->mode);
	report_end(rep);
}
