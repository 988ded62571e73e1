/* cb-order's live journal, positions and audit trail (store/live.h). */
#include "store/live.h"

#include <math.h>
#include <string.h>

#include "internal.h"

static const char *const kind_names[] = { "entry", "stop", "take_profit", "exit" };
static const char *const state_names[] = { "intent", "unknown", "open", "filled", "canceled",
					   "expired", "rejected", "gone" };

const char *live_kind_name(enum live_kind k)
{
	return k < LIVE_NKINDS ? kind_names[k] : "?";
}

const char *live_state_name(enum live_state s)
{
	return s < LS_NSTATES ? state_names[s] : "?";
}

static int find_name(const char *const *names, int n, const char *v)
{
	for (int i = 0; v && i < n; i++)
		if (!strcmp(names[i], v))
			return i;
	return 0;
}

int store_live_order_put(struct store *s, const struct live_order *o)
{
	sqlite3_stmt *q = db_stmt(s, "INSERT OR REPLACE INTO live_orders VALUES"
				     " (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	int i = 1;

	if (!q)
		return -1;
	db_bind_text(q, i++, o->client_id);
	db_bind_text(q, i++, o->signal_id);
	db_bind_text(q, i++, live_kind_name(o->kind));
	db_bind_text(q, i++, o->symbol);
	db_bind_text(q, i++, o->side);
	db_bind_text_or_null(q, i++, o->quantity);
	db_bind_text_or_null(q, i++, o->trigger);
	db_bind_text(q, i++, live_state_name(o->state));
	if (o->exchange_id)
		sqlite3_bind_int64(q, i++, o->exchange_id);
	else
		sqlite3_bind_null(q, i++);
	sqlite3_bind_double(q, i++, o->filled_qty);
	db_bind_opt(q, i++, isfinite(o->avg_price), o->avg_price);
	db_bind_text_or_null(q, i++, o->error);
	sqlite3_bind_int64(q, i++, o->created);
	sqlite3_bind_int64(q, i++, o->updated);
	return db_done(s, q, "write the order journal");
}

#define ORDER_COLS \
	"client_id, signal_id, kind, symbol, side, quantity, trigger_price, state," \
	" exchange_id, filled_qty, avg_price, error, created, updated"

static void read_order(sqlite3_stmt *q, struct live_order *o)
{
	int i = 0;

	memset(o, 0, sizeof *o);
	db_column_str(q, i++, o->client_id, sizeof o->client_id);
	db_column_str(q, i++, o->signal_id, sizeof o->signal_id);
	o->kind = (enum live_kind)find_name(kind_names, LIVE_NKINDS,
					    (const char *)sqlite3_column_text(q, i++));
	db_column_str(q, i++, o->symbol, sizeof o->symbol);
	db_column_str(q, i++, o->side, sizeof o->side);
	db_column_str(q, i++, o->quantity, sizeof o->quantity);
	db_column_str(q, i++, o->trigger, sizeof o->trigger);
	o->state = (enum live_state)find_name(state_names, LS_NSTATES,
					      (const char *)sqlite3_column_text(q, i++));
	o->exchange_id = sqlite3_column_int64(q, i++);
	o->filled_qty = sqlite3_column_double(q, i++);
	o->avg_price = NAN;
	db_column_opt(q, i++, &o->avg_price);
	db_column_str(q, i++, o->error, sizeof o->error);
	o->created = sqlite3_column_int64(q, i++);
	o->updated = sqlite3_column_int64(q, i++);
}

/* Call fn for each row of q (prepared for one use), then finalize it. */
static int each_order(struct store *s, sqlite3_stmt *q,
		      void (*fn)(void *ctx, const struct live_order *o), void *ctx)
{
	struct live_order o;
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_order(q, &o);
		fn(ctx, &o);
	}
	return db_finish(s, q, rc, "cannot read the order journal");
}

int store_live_order_each(struct store *s, const char *signal_id, int open_only,
			  void (*fn)(void *ctx, const struct live_order *o), void *ctx)
{
	sqlite3_stmt *q = db_prepare(s,
		"SELECT " ORDER_COLS " FROM live_orders"
		" WHERE (?1 IS NULL OR signal_id = ?1)"
		" AND (?2 = 0 OR state IN ('intent', 'unknown', 'open'))"
		" ORDER BY created, client_id", "cannot read the order journal");

	if (!q)
		return -1;
	if (signal_id)
		db_bind_text(q, 1, signal_id);
	sqlite3_bind_int(q, 2, open_only);
	return each_order(s, q, fn, ctx);
}

int store_live_order_get(struct store *s, const char *client_id, struct live_order *o,
			 int *found)
{
	sqlite3_stmt *q = db_prepare(s, "SELECT " ORDER_COLS " FROM live_orders"
				       " WHERE client_id = ?1", "cannot read the order journal");
	int rc;

	*found = 0;
	if (!q)
		return -1;
	db_bind_text(q, 1, client_id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_order(q, o);
		*found = 1;
		rc = sqlite3_step(q);
	}
	return db_finish(s, q, rc, "cannot read the order journal");
}

int store_live_unbooked_each(struct store *s,
			     void (*fn)(void *ctx, const struct live_order *o), void *ctx)
{
	sqlite3_stmt *q = db_prepare(s,
		"SELECT " ORDER_COLS " FROM live_orders o WHERE kind = 'entry'"
		" AND state IN ('filled', 'expired') AND filled_qty > 0"
		" AND NOT EXISTS (SELECT 1 FROM live_positions p WHERE p.signal_id = o.signal_id)"
		" AND NOT EXISTS (SELECT 1 FROM order_trades t WHERE t.mode = 'live'"
		"                 AND t.id = o.signal_id)"
		" ORDER BY created, client_id", "cannot read the order journal");

	if (!q)
		return -1;
	return each_order(s, q, fn, ctx);
}

int store_live_entered_each(struct store *s, void (*fn)(void *ctx, const char *signal_id),
			    void *ctx)
{
	sqlite3_stmt *q = db_prepare(s,
		"SELECT DISTINCT signal_id FROM live_orders WHERE kind = 'entry'"
		" AND state NOT IN ('gone', 'rejected') ORDER BY 1", "cannot read the order journal");
	int rc;

	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(q, 0));
	return db_finish(s, q, rc, "cannot read the order journal");
}

int store_live_position_put(struct store *s, const struct live_position *p)
{
	sqlite3_stmt *q = db_stmt(s, "INSERT OR REPLACE INTO live_positions VALUES"
				     " (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	int i = 1;

	if (!q)
		return -1;
	db_bind_text(q, i++, p->signal_id);
	db_bind_text(q, i++, p->symbol);
	sqlite3_bind_int(q, i++, p->side);
	db_bind_text(q, i++, p->quantity);
	sqlite3_bind_double(q, i++, p->entry_price);
	sqlite3_bind_int64(q, i++, p->entry_time);
	sqlite3_bind_int64(q, i++, p->opened);
	db_bind_text_or_null(q, i++, p->stop);
	db_bind_text_or_null(q, i++, p->take_profit);
	sqlite3_bind_int(q, i++, p->protect_seq);
	sqlite3_bind_double(q, i++, p->fees);
	sqlite3_bind_double(q, i++, p->closed_qty);
	sqlite3_bind_double(q, i++, p->closed_quote);
	sqlite3_bind_double(q, i++, p->exit_fees);
	return db_done(s, q, "write the live positions");
}

int store_live_position_del(struct store *s, const char *signal_id)
{
	sqlite3_stmt *q = db_stmt(s, "DELETE FROM live_positions WHERE signal_id = ?1");

	if (!q)
		return -1;
	db_bind_text(q, 1, signal_id);
	return db_done(s, q, "write the live positions");
}

int store_live_position_each(struct store *s,
			     void (*fn)(void *ctx, const struct live_position *p), void *ctx)
{
	sqlite3_stmt *q = db_prepare(s,
		"SELECT signal_id, symbol, side, quantity, entry_price, entry_time, opened,"
		" stop_price, take_profit_price, protect_seq, fees, closed_qty, closed_quote, exit_fees"
		" FROM live_positions"
		" ORDER BY opened, signal_id", "cannot read the live positions");
	int rc;

	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct live_position p;
		int i = 0;

		memset(&p, 0, sizeof p);
		db_column_str(q, i++, p.signal_id, sizeof p.signal_id);
		db_column_str(q, i++, p.symbol, sizeof p.symbol);
		p.side = sqlite3_column_int(q, i++);
		db_column_str(q, i++, p.quantity, sizeof p.quantity);
		p.entry_price = sqlite3_column_double(q, i++);
		p.entry_time = sqlite3_column_int64(q, i++);
		p.opened = sqlite3_column_int64(q, i++);
		db_column_str(q, i++, p.stop, sizeof p.stop);
		db_column_str(q, i++, p.take_profit, sizeof p.take_profit);
		p.protect_seq = sqlite3_column_int(q, i++);
		p.fees = sqlite3_column_double(q, i++);
		p.closed_qty = sqlite3_column_double(q, i++);
		p.closed_quote = sqlite3_column_double(q, i++);
		p.exit_fees = sqlite3_column_double(q, i++);
		fn(ctx, &p);
	}
	return db_finish(s, q, rc, "cannot read the live positions");
}

int store_audit_put(struct store *s, const char *mode, const char *kind, const char *method,
		    const char *path, const char *params, long status, const char *body,
		    size_t body_len, int64_t time)
{
	sqlite3_stmt *q = db_stmt(s, "INSERT INTO order_audit (time, mode, kind, method, path,"
				     " params, status, body) VALUES (?,?,?,?,?,?,?,?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, time);
	db_bind_text(q, 2, mode);
	db_bind_text(q, 3, kind);
	db_bind_text_opt(q, 4, method);
	db_bind_text_opt(q, 5, path);
	db_bind_text_opt(q, 6, params);
	if (status < 0)
		sqlite3_bind_null(q, 7);
	else
		sqlite3_bind_int64(q, 7, status);
	if (body)
		sqlite3_bind_text(q, 8, body, (int)body_len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 8);
	return db_done(s, q, "write the audit trail");
}
