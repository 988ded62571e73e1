/* risk: the portfolio and risk rules of an entry (risk.h). */
#include "risk.h"

#include <math.h>
#include <stddef.h>

#include "filters.h"
#include "pct.h"

#define DAY_MS 86400000LL

void risk_rules_default(struct risk_rules *r)
{
	r->size_pct = 10;
	r->risk_pct = 0;
	r->stop_loss_pct = 15;
	r->leverage = 1;
	r->max_positions = 4;
	r->max_exposure_pct = 50;
	r->cooldown_ms = 0;
	r->daily_loss_pct = 5;
}

/* The leverage; one that is not positive counts as 1. */
static double leverage(const struct risk_rules *r)
{
	return r->leverage > 0 ? r->leverage : 1;
}

double risk_notional(const struct risk_rules *r, double equity)
{
	if (r->risk_pct > 0)
		return r->stop_loss_pct > 0 ? equity * r->risk_pct / r->stop_loss_pct : NAN;
	return equity * r->size_pct * leverage(r) / 100;
}

static enum risk_reason refuse(struct risk_decision *d, enum risk_reason why)
{
	d->reason = why;
	d->quantity = 0;
	d->notional = 0;
	return why;
}

/* A filter value that is a rule: positive (0 and NaN are none). */
static int rule(double v)
{
	return v > 0;
}

enum risk_reason risk_decide(const struct risk_rules *r, const struct risk_book *b,
			     const struct risk_symbol *sym, const struct risk_filters *f,
			     int64_t t, double price, struct risk_decision *d)
{
	double notional, qty, lev = leverage(r);

	if (b->halted)
		return refuse(d, RISK_HALT);
	if (sym->busy)
		return refuse(d, RISK_SYMBOL_BUSY);
	if (r->cooldown_ms > 0 && sym->has_exit && t < sym->last_exit + r->cooldown_ms)
		return refuse(d, RISK_COOLDOWN);
	if (r->max_positions > 0 && b->positions >= r->max_positions)
		return refuse(d, RISK_MAX_POSITIONS);
	notional = risk_notional(r, b->equity);
	if (!(b->equity > 0) || !(notional > 0) || !isfinite(notional) || !(price > 0))
		return refuse(d, RISK_NO_EQUITY);
	qty = notional / price;
	if (f && rule(f->step_size)) {
		qty = filter_round_down(qty, f->step_size);
		if (isnan(qty))
			return refuse(d, RISK_MIN_QTY);
	}
	notional = qty * price;
	if (r->max_exposure_pct > 0 &&
	    (b->exposure + notional) / lev > b->equity * r->max_exposure_pct / 100)
		return refuse(d, RISK_MAX_EXPOSURE);
	if (qty <= 0 || (f && rule(f->min_qty) && !filter_min_qty_ok(qty, f->min_qty)))
		return refuse(d, RISK_MIN_QTY);
	if (f && rule(f->min_notional) && !filter_notional_ok(price, qty, f->min_notional))
		return refuse(d, RISK_MIN_NOTIONAL);
	d->reason = RISK_OK;
	d->quantity = qty;
	d->notional = notional;
	return RISK_OK;
}

const char *risk_reason_name(enum risk_reason r)
{
	static const char *const names[RISK_NREASONS] = {
		[RISK_HALT] = "daily_loss", [RISK_SYMBOL_BUSY] = "symbol_busy",
		[RISK_COOLDOWN] = "cooldown", [RISK_MAX_POSITIONS] = "max_positions",
		[RISK_NO_EQUITY] = "no_equity", [RISK_MAX_EXPOSURE] = "max_exposure",
		[RISK_MIN_QTY] = "min_qty", [RISK_MIN_NOTIONAL] = "min_notional"
	};

	if ((int)r < 0 || r >= RISK_NREASONS)
		return NULL;
	return names[r];
}

int64_t risk_utc_day(int64_t t)
{
	int64_t q = t / DAY_MS;

	return (t % DAY_MS < 0) ? q - 1 : q;
}

int risk_day_start(struct risk_day *d, int64_t t, double equity)
{
	int64_t day = risk_utc_day(t);

	if (d->started && day <= d->day)
		return 0;
	d->day = day;
	d->start_equity = equity;
	d->started = 1;
	d->halted = 0;
	return 1;
}

int risk_day_mark(struct risk_day *d, const struct risk_rules *r, double equity)
{
	if (!d->started || d->halted || !(r->daily_loss_pct > 0) || !(d->start_equity > 0))
		return 0;
	if (pct_change(d->start_equity, equity) <= -r->daily_loss_pct) {
		d->halted = 1;
		return 1;
	}
	return 0;
}
