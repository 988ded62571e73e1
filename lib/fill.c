/* fill: fill prices, costs and the exit rules of one candle (fill.h). */
#include "fill.h"

#include <math.h>
#include <stddef.h>

#include "filters.h"
#include "pct.h"

void exit_rules_default(struct exit_rules *r)
{
	r->stop_loss_pct = 15;
	r->take_profit_pct = 10;
	r->trailing_pct = 0;
	r->max_hold_ms = 7 * 86400000LL;
}

double fill_entry_price(int side, double price, double slippage_bps)
{
	return price * (10000 + side * slippage_bps) / 10000;
}

double fill_exit_price(int side, double price, double slippage_bps)
{
	return price * (10000 - side * slippage_bps) / 10000;
}

double fill_fee(double notional, double fee_bps)
{
	return notional * fee_bps / 10000;
}

double fill_slippage_cost(double quantity, double price, double fill)
{
	return quantity * fabs(fill - price);
}

double fill_gross_pnl(int side, double quantity, double entry, double exit)
{
	return side * quantity * (exit - entry);
}

double fill_funding(int side, double quantity, double price, double rate)
{
	return -side * quantity * price * rate;
}

void fill_open(struct position *p, int side, double entry, double quantity,
	       int64_t entry_time, int entry_at_open)
{
	p->side = side;
	p->entry = entry;
	p->quantity = quantity;
	p->entry_time = entry_time;
	p->entry_at_open = entry_at_open;
	p->hi = p->lo = p->last_close = entry;
}

/* ref moved by pct percent in the trade's favour (dir +1) or against it
 * (dir -1): a long's target is ref * (100 + pct) / 100, its stop ref *
 * (100 - pct) / 100. NaN when the rule is off. */
static double level(int side, int dir, double ref, double pct)
{
	if (!(pct > 0))
		return NAN;
	return ref * (100 + side * dir * pct) / 100;
}

double fill_stop_level(const struct position *p, const struct exit_rules *r)
{
	return level(p->side, -1, p->entry, r->stop_loss_pct);
}

double fill_target_level(const struct position *p, const struct exit_rules *r)
{
	return level(p->side, 1, p->entry, r->take_profit_pct);
}

double fill_trailing_level(const struct position *p, const struct exit_rules *r)
{
	return level(p->side, -1, p->side > 0 ? p->hi : p->lo, r->trailing_pct);
}

/* lvl rounded to the tick toward ref; NaN if that reaches ref. */
static double toward(double lvl, double ref, double tick)
{
	double v;

	if (!isfinite(lvl) || !(tick > 0))
		return lvl;
	v = lvl < ref ? filter_round_up(lvl, tick) : filter_round_down(lvl, tick);
	return lvl < ref ? (v < ref ? v : NAN) : (v > ref ? v : NAN);
}

void fill_protect_levels(int side, double entry, const struct exit_rules *r, double tick,
			 double *stop, double *target)
{
	*stop = toward(level(side, -1, entry, r->stop_loss_pct), entry, tick);
	*target = toward(level(side, 1, entry, r->take_profit_pct), entry, tick);
}

/* 1 if price x is at or beyond an adverse level (a stop) for side. */
static int beyond_stop(int side, double x, double lvl)
{
	return side > 0 ? x <= lvl : x >= lvl;
}

/* 1 if price x is at or beyond a favourable level (a target) for side. */
static int beyond_target(int side, double x, double lvl)
{
	return side > 0 ? x >= lvl : x <= lvl;
}

static int set_exit(struct exit *out, enum exit_reason why, int at_open, double price,
		    int64_t time)
{
	out->reason = why;
	out->at_open = at_open;
	out->price = price;
	out->time = time;
	return 1;
}

/* No exit: *out cleared (reason EXIT_NONE, price NaN). Returns 0. */
static int no_exit(struct exit *out)
{
	set_exit(out, EXIT_NONE, 0, NAN, 0);
	return 0;
}

int fill_exit_in_candle(const struct position *p, const struct candle_bar *b,
			const struct exit_rules *r, struct exit *out)
{
	int s = p->side;
	double stop = fill_stop_level(p, r), target = fill_target_level(p, r);
	double trail = fill_trailing_level(p, r);
	double adverse = s > 0 ? b->low : b->high, favourable = s > 0 ? b->high : b->low;

	if (!(p->entry_at_open && b->open_time == p->entry_time)) {
		if (beyond_stop(s, b->open, stop))
			return set_exit(out, EXIT_STOP, 1, b->open, b->open_time);
		if (beyond_target(s, b->open, target))
			return set_exit(out, EXIT_TAKE_PROFIT, 1, b->open, b->open_time);
		if (beyond_stop(s, b->open, trail))
			return set_exit(out, EXIT_TRAILING, 1, b->open, b->open_time);
	}
	if (beyond_stop(s, adverse, stop))
		return set_exit(out, EXIT_STOP, 0, stop, b->open_time);
	if (beyond_target(s, favourable, target))
		return set_exit(out, EXIT_TAKE_PROFIT, 0, target, b->open_time);
	if (beyond_stop(s, adverse, trail))
		return set_exit(out, EXIT_TRAILING, 0, trail, b->open_time);
	if (r->max_hold_ms > 0 && b->close_time + 1 >= p->entry_time + r->max_hold_ms)
		return set_exit(out, EXIT_TIME, 0, b->close, b->close_time + 1);
	return no_exit(out);
}

int fill_exit_forced(const struct candle_bar *b, enum exit_reason why, struct exit *out)
{
	if (why == EXIT_HALT)
		return set_exit(out, EXIT_HALT, 1, b->open, b->open_time);
	if (why == EXIT_END)
		return set_exit(out, EXIT_END, 0, b->close, b->close_time + 1);
	return no_exit(out);
}

static void extend(struct position *p, double lo, double hi)
{
	if (hi > p->hi)
		p->hi = hi;
	if (lo < p->lo)
		p->lo = lo;
}

void fill_after_candle(struct position *p, const struct candle_bar *b, const struct exit *e)
{
	if (!e || e->reason == EXIT_NONE || e->reason == EXIT_TIME || e->reason == EXIT_END)
		extend(p, b->low, b->high);
	else if (e->at_open)
		extend(p, b->open, b->open);
	else
		extend(p, fmin(b->open, e->price), fmax(b->open, e->price));
	p->last_close = b->close;
}

double fill_mfe_pct(const struct position *p)
{
	return p->side > 0 ? pct_change(p->entry, p->hi) : 0 - pct_change(p->entry, p->lo);
}

double fill_mae_pct(const struct position *p)
{
	return p->side > 0 ? 0 - pct_change(p->entry, p->lo) : pct_change(p->entry, p->hi);
}

const char *exit_reason_name(enum exit_reason r)
{
	static const char *const names[EXIT_NREASONS] = {
		[EXIT_STOP] = "stop", [EXIT_TAKE_PROFIT] = "take_profit",
		[EXIT_TRAILING] = "trailing", [EXIT_TIME] = "time", [EXIT_END] = "end",
		[EXIT_HALT] = "halt"
	};

	if ((int)r < 0 || r >= EXIT_NREASONS)
		return NULL;
	return names[r];
}
