/* The records cb-validate writes, in the member order of cb-formats(5). */
#include <stdio.h>
#include <string.h>

#include "cbtime.h"
#include "jsonw.h"
#include "validate.h"

static double hours(int64_t ms)
{
	return (double)ms / (double)MS_PER_HOUR;
}

void rec_status(struct report *r, const struct signal_row *row, const struct lc_transition *t)
{
	report_begin(r, "status");
	report_str(r, "id", row->sig.id);
	report_str(r, "symbol", row->sig.symbol);
	report_str(r, "from", lc_status_name(t->from));
	report_str(r, "to", lc_status_name(t->to));
	report_time(r, "time", 1, t->time);
	report_str(r, "reason", lc_reason_name(t->reason));
	report_num(r, "max_gain_pct", t->tracked > 0, t->max_gain_pct, 2);
	report_num(r, "drawdown_pct", t->tracked > 0, t->drawdown_pct, 2);
	report_num(r, "hours", 1, hours(t->time - row->sig.detected_at), 1);
	report_end(r);
}

/* The confirmation names of a set: JSON array into j, comma-joined into t. */
static void confirmation_list(unsigned set, struct buf *j, struct buf *t)
{
	buf_addc(j, '[');
	for (int c = 0; c < NCONFIRMATIONS; c++) {
		if (!(set & (1u << c)))
			continue;
		if (t->len) {
			buf_addc(j, ',');
			buf_addc(t, ',');
		}
		jw_strval(j, confirmation_name((enum confirmation)c),
			  strlen(confirmation_name((enum confirmation)c)));
		buf_adds(t, confirmation_name((enum confirmation)c));
	}
	buf_addc(j, ']');
	buf_addc(t, '\0');
}

static void confirmations_member(struct report *r, unsigned set)
{
	struct buf j = BUF_INIT, t = BUF_INIT;

	confirmation_list(set, &j, &t);
	report_raw(r, "confirmations", j.p, j.len, t.p);
	buf_release(&j);
	buf_release(&t);
}

/* "score":{...},"confidence_level":... as cb-score writes them; in a table,
 * one column per part. */
static void score_members(struct report *r, const double part[NFACTORS], double total,
			  const char *level)
{
	static const char *const keys[NFACTORS] = {
		"volume", "oi", "spot_sync", "confirmation", "timing"
	};
	struct score sc;

	if (!r->table) {
		memcpy(sc.f, part, sizeof sc.f);
		sc.total = total;
		sc.level = level;
		score_write(&r->rec, &sc);
		return;
	}
	for (int f = 0; f < NFACTORS; f++)
		report_num(r, keys[f], 1, part[f], 0);
	report_num(r, "total", 1, total, 0);
	report_str(r, "confidence_level", level);
}

void rec_score(struct report *r, const char *id, const char *symbol, int64_t time,
	       const double part[NFACTORS], double total, const char *level,
	       unsigned confirmations)
{
	report_begin(r, "score");
	report_str(r, "id", id);
	report_str(r, "symbol", symbol);
	report_time(r, "time", 1, time);
	score_members(r, part, total, level);
	confirmations_member(r, confirmations);
	report_end(r);
}

void rec_tracking(struct report *r, const char *id, const char *symbol,
		  const struct tracking_row *t)
{
	report_begin(r, "tracking");
	report_str(r, "id", id);
	report_str(r, "symbol", symbol);
	report_time(r, "time", 1, t->time);
	report_time(r, "open_time", 1, t->open_time);
	report_num(r, "high", 1, t->high, 8);
	report_num(r, "low", 1, t->low, 8);
	report_num(r, "close", 1, t->close, 8);
	report_num(r, "max_gain_pct", 1, t->max_gain_pct, 2);
	report_num(r, "drawdown_pct", 1, t->drawdown_pct, 2);
	report_num(r, "current_gain_pct", 1, t->current_gain_pct, 2);
	report_str(r, "status", t->status);
	report_end(r);
}

void rec_confirmation(struct report *r, const char *id, const char *symbol,
		      const struct confirmation_row *c)
{
	report_begin(r, "confirmation");
	report_str(r, "id", id);
	report_str(r, "symbol", symbol);
	report_str(r, "confirmation", confirmation_name(c->type));
	report_time(r, "time", 1, c->time);
	report_num(r, "value", c->has_value, c->value, 2);
	report_end(r);
}

/* The age of a signal at its last event, in hours: at its final
 * transition once CONFIRMED or FAILED (also when archived since), else at
 * the end of the newest candle applied (0 before any). */
static double age_hours(const struct signal_row *row)
{
	const struct lc_state *lc = &row->lc;

	if (lc->outcome != LC_NONE)
		return hours(lc->final_time - row->sig.detected_at);
	return lc->tracked > 0 ? hours(lc->last_time - row->sig.detected_at) : 0;
}

/* An aligned table row of a signal: the columns a person scans. */
static void validation_table(struct report *r, const struct signal_row *row)
{
	const struct lc_state *lc = &row->lc;
	int t = lc->tracked > 0;

	report_begin(r, "validation");
	report_str(r, "id", row->sig.id);
	report_str(r, "market", row->sig.market);
	report_str(r, "symbol", row->sig.symbol);
	report_str(r, "interval", row->sig.interval->name);
	report_time(r, "open_time", 1, row->sig.open_time);
	report_str(r, "strength", strength_name(row->sig.strength));
	report_str(r, "status", lc_status_name(lc->status));
	report_str(r, "reason", lc_reason_name(lc->reason));
	report_num(r, "age_h", 1, age_hours(row), 1);
	report_num(r, "max_gain_pct", t, t ? lc_max_gain_pct(lc) : 0, 2);
	report_num(r, "drawdown_pct", t, t ? lc_drawdown_pct(lc) : 0, 2);
	report_num(r, "score", 1, row->total, 0);
	report_str(r, "level", row->level);
	report_end(r);
}

void rec_validation(struct report *r, const struct signal_row *row)
{
	const struct lc_state *lc = &row->lc;
	const struct signal_in *g = &row->sig;
	int t = lc->tracked > 0, fin = lc->outcome != LC_NONE;

	if (r->format == REPORT_TABLE) {
		validation_table(r, row);
		return;
	}
	report_begin(r, "validation");
	report_str(r, "id", g->id);
	report_str(r, "exchange", g->exchange);
	report_str(r, "market", g->market);
	report_str(r, "symbol", g->symbol);
	report_str(r, "interval", g->interval->name);
	report_time(r, "open_time", 1, g->open_time);
	report_time(r, "detected_at", 1, g->detected_at);
	report_num(r, "price", 1, g->price, 8);
	report_str(r, "strength", strength_name(g->strength));
	report_num(r, "spike_ratio_7d", g->has_ratio, g->ratio, 2);
	report_str(r, "status", lc_status_name(lc->status));
	report_time(r, "status_time", 1, lc->status_time);
	report_str(r, "reason", lc_reason_name(lc->reason));
	report_str(r, "outcome", lc_status_name(lc->outcome));
	report_num(r, "hours_to_outcome", fin, hours(lc->final_time - g->detected_at), 1);
	report_int(r, "candles", 1, lc->tracked);
	report_time(r, "last_time", t, lc->last_time);
	report_num(r, "max_high", t, lc->max_high, 8);
	report_num(r, "min_low", t, lc->min_low, 8);
	report_num(r, "last_close", t, lc->last_close, 8);
	report_num(r, "max_gain_pct", t, t ? lc_max_gain_pct(lc) : 0, 2);
	report_num(r, "drawdown_pct", t, t ? lc_drawdown_pct(lc) : 0, 2);
	report_num(r, "current_gain_pct", t, t ? lc_current_gain_pct(lc) : 0, 2);
	score_members(r, row->part, row->total, row->level);
	report_num(r, "initial_total", 1, row->initial_total, 0);
	report_str(r, "initial_level", row->initial_level);
	confirmations_member(r, row->confirmations);
	report_end(r);
}
