/* cb-order's tables of the store (store/orders.h). */
#include "store/orders.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "xalloc.h"

static const char *const status_names[] = { "waiting", "entered", "skipped" };

/* The exit reason named in column i (a trade record's exit_reason), or
 * EXIT_NONE for NULL or a name it is not. */
static enum exit_reason reason_col(sqlite3_stmt *q, int i)
{
	const char *name = (const char *)sqlite3_column_text(q, i);

	for (int k = EXIT_NONE + 1; name && k < EXIT_NREASONS; k++)
		if (!strcmp(name, exit_reason_name((enum exit_reason)k)))
			return (enum exit_reason)k;
	return EXIT_NONE;
}

int store_book_get(struct store *s, const char *mode, struct bt_state *st, char *halt,
		   size_t haltlen, int *found)
{
	sqlite3_stmt *q;
	int rc;

	memset(st, 0, sizeof *st);
	st->done = INT64_MIN;
	*found = 0;
	if (haltlen)
		halt[0] = '\0';
	q = db_prepare(s, "SELECT done, balance, cash, realized, fees, slippage, funding, day,"
			  " day_start_equity, day_started, day_halted, halt_reason"
			  " FROM order_book WHERE mode = ?1", "cannot read the order book");
	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		/* A row a halt made before any run has no balance yet. */
		*found = sqlite3_column_double(q, 1) > 0;
		st->done = sqlite3_column_type(q, 0) == SQLITE_NULL ? INT64_MIN :
			   sqlite3_column_int64(q, 0);
		st->balance = sqlite3_column_double(q, 1);
		st->cash = sqlite3_column_double(q, 2);
		st->realized = sqlite3_column_double(q, 3);
		st->fees = sqlite3_column_double(q, 4);
		st->slippage = sqlite3_column_double(q, 5);
		st->funding = sqlite3_column_double(q, 6);
		st->day.day = sqlite3_column_int64(q, 7);
		st->day.start_equity = sqlite3_column_double(q, 8);
		st->day.started = sqlite3_column_int(q, 9);
		st->day.halted = sqlite3_column_int(q, 10);
		db_column_str(q, 11, halt, haltlen);
		rc = sqlite3_step(q);
	}
	if (db_finish(s, q, rc, "cannot read the order book") < 0)
		return -1;
	q = db_prepare(s, "SELECT series, signal_id, side, entry, quantity, entry_time,"
			  " entry_at_open, hi, lo, last_close, mark, notional, fees, slippage,"
			  " funding, exiting, flatten, has_mark, exit_reason, exit_at_open,"
			  " exit_price, exit_time, mark_time, mark_close"
			  " FROM order_positions WHERE mode = ?1 ORDER BY seq",
		       "cannot read the positions");
	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct bt_open *o;
		int i = 0;

		st->open = xreallocarray(st->open, st->nopen + 1, sizeof *st->open);
		o = &st->open[st->nopen++];
		memset(o, 0, sizeof *o);
		db_column_str(q, i++, o->key, sizeof o->key);
		db_column_str(q, i++, o->signal_id, sizeof o->signal_id);
		o->pos.p.side = sqlite3_column_int(q, i++);
		o->pos.p.entry = sqlite3_column_double(q, i++);
		o->pos.p.quantity = sqlite3_column_double(q, i++);
		o->pos.p.entry_time = sqlite3_column_int64(q, i++);
		o->pos.p.entry_at_open = sqlite3_column_int(q, i++);
		o->pos.p.hi = sqlite3_column_double(q, i++);
		o->pos.p.lo = sqlite3_column_double(q, i++);
		o->pos.p.last_close = sqlite3_column_double(q, i++);
		o->pos.mark = sqlite3_column_double(q, i++);
		o->pos.notional = sqlite3_column_double(q, i++);
		o->pos.fees = sqlite3_column_double(q, i++);
		o->pos.slippage = sqlite3_column_double(q, i++);
		o->pos.funding = sqlite3_column_double(q, i++);
		o->exiting = sqlite3_column_int(q, i++);
		o->flatten = sqlite3_column_int(q, i++);
		o->has_mark = sqlite3_column_int(q, i++);
		o->exit.reason = reason_col(q, i++);
		o->exit.at_open = sqlite3_column_int(q, i++);
		o->exit.price = sqlite3_column_double(q, i++);
		o->exit.time = sqlite3_column_int64(q, i++);
		o->mark_time = sqlite3_column_int64(q, i++);
		o->mark_close = sqlite3_column_double(q, i++);
	}
	if (db_finish(s, q, rc, "cannot read the positions") < 0)
		return -1;
	q = db_prepare(s, "SELECT symbol, last_exit FROM order_cooldowns WHERE mode = ?1"
			  " ORDER BY symbol", "cannot read the cooldowns");
	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		st->cool = xreallocarray(st->cool, st->ncool + 1, sizeof *st->cool);
		db_column_str(q, 0, st->cool[st->ncool].key, sizeof st->cool[st->ncool].key);
		st->cool[st->ncool++].last_exit = sqlite3_column_int64(q, 1);
	}
	return db_finish(s, q, rc, "cannot read the cooldowns");
}

static int exec_mode(struct store *s, const char *sql, const char *mode, const char *what)
{
	sqlite3_stmt *q = db_stmt(s, sql);

	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	return db_done(s, q, what);
}

int store_book_put(struct store *s, const char *mode, const struct bt_state *st, int64_t now)
{
	static const char put_book[] =
		"INSERT INTO order_book (mode, done, balance, cash, realized, fees, slippage,"
		" funding, day, day_start_equity, day_started, day_halted, updated)"
		" VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)"
		" ON CONFLICT (mode) DO UPDATE SET done = ?2, balance = ?3, cash = ?4,"
		" realized = ?5, fees = ?6, slippage = ?7, funding = ?8, day = ?9,"
		" day_start_equity = ?10, day_started = ?11, day_halted = ?12, updated = ?13";
	static const char put_pos[] =
		"INSERT INTO order_positions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
		"?,?,?,?)";
	static const char put_cool[] = "INSERT INTO order_cooldowns VALUES (?,?,?)";
	sqlite3_stmt *q = db_stmt(s, put_book);
	int i = 1;

	if (!q)
		return -1;
	db_bind_text(q, i++, mode);
	if (st->done == INT64_MIN)
		sqlite3_bind_null(q, i++);
	else
		sqlite3_bind_int64(q, i++, st->done);
	sqlite3_bind_double(q, i++, st->balance);
	sqlite3_bind_double(q, i++, st->cash);
	sqlite3_bind_double(q, i++, st->realized);
	sqlite3_bind_double(q, i++, st->fees);
	sqlite3_bind_double(q, i++, st->slippage);
	sqlite3_bind_double(q, i++, st->funding);
	sqlite3_bind_int64(q, i++, st->day.day);
	sqlite3_bind_double(q, i++, st->day.start_equity);
	sqlite3_bind_int(q, i++, st->day.started);
	sqlite3_bind_int(q, i++, st->day.halted);
	sqlite3_bind_int64(q, i++, now);
	if (db_done(s, q, "write the order book") < 0 ||
	    exec_mode(s, "DELETE FROM order_positions WHERE mode = ?1", mode,
		      "write the positions") < 0 ||
	    exec_mode(s, "DELETE FROM order_cooldowns WHERE mode = ?1", mode,
		      "write the cooldowns") < 0)
		return -1;
	for (size_t k = 0; k < st->nopen; k++) {
		const struct bt_open *o = &st->open[k];

		q = db_stmt(s, put_pos);
		if (!q)
			return -1;
		i = 1;
		db_bind_text(q, i++, mode);
		sqlite3_bind_int64(q, i++, (int64_t)k);
		db_bind_text(q, i++, o->key);
		db_bind_text(q, i++, o->signal_id);
		sqlite3_bind_int(q, i++, o->pos.p.side);
		sqlite3_bind_double(q, i++, o->pos.p.entry);
		sqlite3_bind_double(q, i++, o->pos.p.quantity);
		sqlite3_bind_int64(q, i++, o->pos.p.entry_time);
		sqlite3_bind_int(q, i++, o->pos.p.entry_at_open);
		sqlite3_bind_double(q, i++, o->pos.p.hi);
		sqlite3_bind_double(q, i++, o->pos.p.lo);
		sqlite3_bind_double(q, i++, o->pos.p.last_close);
		sqlite3_bind_double(q, i++, o->pos.mark);
		sqlite3_bind_double(q, i++, o->pos.notional);
		sqlite3_bind_double(q, i++, o->pos.fees);
		sqlite3_bind_double(q, i++, o->pos.slippage);
		sqlite3_bind_double(q, i++, o->pos.funding);
		sqlite3_bind_int(q, i++, o->exiting);
		sqlite3_bind_int(q, i++, o->flatten);
		sqlite3_bind_int(q, i++, o->has_mark);
		db_bind_text_opt(q, i++, o->exiting ? exit_reason_name(o->exit.reason) : NULL);
		sqlite3_bind_int(q, i++, o->exit.at_open);
		db_bind_opt(q, i++, o->exiting, o->exit.price);
		sqlite3_bind_int64(q, i++, o->exit.time);
		sqlite3_bind_int64(q, i++, o->mark_time);
		db_bind_opt(q, i++, o->has_mark, o->mark_close);
		if (db_done(s, q, "write the positions") < 0)
			return -1;
	}
	for (size_t k = 0; k < st->ncool; k++) {
		q = db_stmt(s, put_cool);
		if (!q)
			return -1;
		db_bind_text(q, 1, mode);
		db_bind_text(q, 2, st->cool[k].key);
		sqlite3_bind_int64(q, 3, st->cool[k].last_exit);
		if (db_done(s, q, "write the cooldowns") < 0)
			return -1;
	}
	return 0;
}

int store_book_halt(struct store *s, const char *mode, const char *reason, int64_t now)
{
	sqlite3_stmt *q = db_stmt(s,
		"INSERT INTO order_book (mode, done, balance, cash, realized, fees, slippage,"
		" funding, day, day_start_equity, day_started, day_halted, halt_reason,"
		" halt_time, updated) VALUES (?1, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?2, ?3, ?3)"
		" ON CONFLICT (mode) DO UPDATE SET halt_reason = ?2, halt_time = ?3");

	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	db_bind_text_opt(q, 2, reason);
	sqlite3_bind_int64(q, 3, now);
	return db_done(s, q, "write the halt");
}

int store_order_signal_put(struct store *s, const char *mode, const char *id,
			   enum order_signal_status status, const char *reason, int64_t time,
			   const char *record, size_t len)
{
	sqlite3_stmt *q = db_stmt(s,
		"INSERT INTO order_signals VALUES (?1,?2,?3,?4,?5,?6)"
		" ON CONFLICT (mode, signal_id) DO UPDATE SET status = ?3, reason = ?4,"
		" time = ?5, record = ?6 WHERE status = 'waiting'");

	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	db_bind_text(q, 2, id);
	db_bind_text(q, 3, status_names[status]);
	db_bind_text_opt(q, 4, reason);
	sqlite3_bind_int64(q, 5, time);
	sqlite3_bind_text(q, 6, record, (int)len, SQLITE_TRANSIENT);
	return db_done(s, q, "write the signals acted on");
}

int store_order_signal_each(struct store *s, const char *mode, enum order_signal_status status,
			    void (*fn)(void *ctx, const char *id, const char *record,
				       const char *reason, int64_t time),
			    void *ctx)
{
	sqlite3_stmt *q = db_prepare(s, "SELECT signal_id, record, reason, time FROM order_signals"
				       " WHERE mode = ?1 AND status = ?2 ORDER BY signal_id",
				    "cannot read the signals acted on");
	int rc;

	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	db_bind_text(q, 2, status_names[status]);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(q, 2);

		fn(ctx, (const char *)sqlite3_column_text(q, 0),
		   (const char *)sqlite3_column_text(q, 1), reason ? reason : "",
		   sqlite3_column_int64(q, 3));
	}
	return db_finish(s, q, rc, "cannot read the signals acted on");
}

int store_order_trade_put(struct store *s, const char *mode, const struct trade_rec *r)
{
	sqlite3_stmt *q = db_stmt(s,
		"INSERT INTO order_trades VALUES (?1, (SELECT count(*) FROM order_trades"
		" WHERE mode = ?1), ?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)");
	int i = 1;

	if (!q)
		return -1;
	db_bind_text(q, i++, mode);
	db_bind_text(q, i++, r->id);
	db_bind_text(q, i++, r->signal_id);
	db_bind_text(q, i++, r->symbol);
	sqlite3_bind_int(q, i++, r->side);
	sqlite3_bind_int64(q, i++, r->entry_time);
	sqlite3_bind_double(q, i++, r->entry_price);
	sqlite3_bind_int64(q, i++, r->exit_time);
	sqlite3_bind_double(q, i++, r->exit_price);
	sqlite3_bind_double(q, i++, r->quantity);
	sqlite3_bind_double(q, i++, r->notional);
	sqlite3_bind_double(q, i++, r->fees);
	sqlite3_bind_double(q, i++, r->slippage);
	sqlite3_bind_double(q, i++, r->funding);
	sqlite3_bind_double(q, i++, r->pnl);
	sqlite3_bind_double(q, i++, r->pnl_pct);
	db_bind_text(q, i++, exit_reason_name(r->reason));
	sqlite3_bind_double(q, i++, r->mfe_pct);
	sqlite3_bind_double(q, i++, r->mae_pct);
	return db_done(s, q, "write the trade");
}

/* A REAL column that SQLite may give back as NULL (a NaN bound). */
static double real_col(sqlite3_stmt *q, int i)
{
	double v = NAN;

	db_column_opt(q, i, &v);
	return v;
}

int store_order_trade_each(struct store *s, const char *mode,
			   void (*fn)(void *ctx, const struct trade_rec *r), void *ctx)
{
	sqlite3_stmt *q = db_prepare(s, "SELECT id, signal_id, symbol, side, entry_time,"
				       " entry_price, exit_time, exit_price, quantity, notional, fees,"
				       " slippage, funding, pnl, pnl_pct, exit_reason, mfe_pct, mae_pct"
				       " FROM order_trades WHERE mode = ?1 ORDER BY seq",
				    "cannot read the trades");
	int rc;

	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct trade_rec r;
		int i = 0;

		r.id = (const char *)sqlite3_column_text(q, i++);
		r.signal_id = (const char *)sqlite3_column_text(q, i++);
		r.symbol = (const char *)sqlite3_column_text(q, i++);
		r.side = sqlite3_column_int(q, i++);
		r.entry_time = sqlite3_column_int64(q, i++);
		r.entry_price = real_col(q, i++);
		r.exit_time = sqlite3_column_int64(q, i++);
		r.exit_price = real_col(q, i++);
		r.quantity = real_col(q, i++);
		r.notional = real_col(q, i++);
		r.fees = real_col(q, i++);
		r.slippage = real_col(q, i++);
		r.funding = real_col(q, i++);
		r.pnl = real_col(q, i++);
		r.pnl_pct = real_col(q, i++);
		r.reason = reason_col(q, i++);
		r.mfe_pct = real_col(q, i++);
		r.mae_pct = real_col(q, i++);
		r.mode = mode;
		fn(ctx, &r);
	}
	return db_finish(s, q, rc, "cannot read the trades");
}

int store_order_counts(struct store *s, const char *mode, struct order_counts *c)
{
	sqlite3_stmt *q = db_prepare(s,
		"SELECT (SELECT count(*) FROM order_signals WHERE mode = ?1 AND status = 'waiting'),"
		" (SELECT count(*) FROM order_signals WHERE mode = ?1 AND status = 'entered'),"
		" (SELECT count(*) FROM order_signals WHERE mode = ?1 AND status = 'skipped'),"
		" (SELECT count(*) FROM order_trades WHERE mode = ?1),"
		" (SELECT total(pnl) FROM order_trades WHERE mode = ?1)", "cannot count the orders");
	int rc;

	memset(c, 0, sizeof *c);
	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		c->waiting = sqlite3_column_int(q, 0);
		c->entered = sqlite3_column_int(q, 1);
		c->skipped = sqlite3_column_int(q, 2);
		c->trades = sqlite3_column_int(q, 3);
		c->pnl = sqlite3_column_double(q, 4);
		rc = sqlite3_step(q);
	}
	return db_finish(s, q, rc, "cannot count the orders");
}

int store_order_last_exit(struct store *s, const char *mode, const char *symbol, int *has,
			  int64_t *t)
{
	sqlite3_stmt *q = db_stmt(s, "SELECT max(exit_time) FROM order_trades"
				     " WHERE mode = ?1 AND symbol = ?2");
	int rc;

	*has = 0;
	*t = 0;
	if (!q)
		return -1;
	db_bind_text(q, 1, mode);
	db_bind_text(q, 2, symbol);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*has = 1;
		*t = sqlite3_column_int64(q, 0);
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(s, "cannot read the trades");
}
