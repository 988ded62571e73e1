/* cb-fetch's tables of the store (store/candles.h): candles, coverage, oi,
 * symbols. */
#include "store/candles.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "internal.h"

/* The statements used per row, prepared once (db_stmt). */
static const char PUT_CANDLE[] =
	"INSERT INTO candles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
	"ON CONFLICT DO UPDATE SET close_time = excluded.close_time,"
	" open = excluded.open, high = excluded.high, low = excluded.low,"
	" close = excluded.close, volume = excluded.volume,"
	" quote_volume = excluded.quote_volume, trades = excluded.trades,"
	" taker_buy_volume = excluded.taker_buy_volume,"
	" taker_buy_quote_volume = excluded.taker_buy_quote_volume,"
	" closed = excluded.closed, as_of = excluded.as_of"
	" WHERE excluded.closed >= candles.closed";
static const char GET_COVERAGE[] =
	"SELECT first_time, last_time FROM coverage WHERE exchange = ?"
	" AND market = ? AND symbol = ? AND interval = ?";
static const char PUT_COVERAGE[] = "INSERT OR REPLACE INTO coverage VALUES (?,?,?,?,?,?)";
static const char PUT_OI[] = "INSERT OR REPLACE INTO oi VALUES (?,?,?,?,?,?)";
static const char PUT_SYMBOL[] =
	"INSERT OR REPLACE INTO symbols VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

int store_put_candle(struct store *s, const struct candle *c)
{
	sqlite3_stmt *st = db_stmt(s, PUT_CANDLE);

	if (!st)
		return -1;

	db_bind_text(st, 1, c->exchange);
	db_bind_text(st, 2, c->market);
	db_bind_text(st, 3, c->symbol);
	db_bind_text(st, 4, c->interval->name);
	sqlite3_bind_int64(st, 5, c->open_time);
	sqlite3_bind_int64(st, 6, c->close_time);
	sqlite3_bind_double(st, 7, c->open);
	sqlite3_bind_double(st, 8, c->high);
	sqlite3_bind_double(st, 9, c->low);
	sqlite3_bind_double(st, 10, c->close);
	sqlite3_bind_double(st, 11, c->volume);
	db_bind_opt(st, 12, c->has & CANDLE_QUOTE_VOLUME, c->quote_volume);
	if (c->has & CANDLE_TRADES)
		sqlite3_bind_int64(st, 13, c->trades);
	db_bind_opt(st, 14, c->has & CANDLE_TAKER_BUY_VOLUME, c->taker_buy_volume);
	db_bind_opt(st, 15, c->has & CANDLE_TAKER_BUY_QUOTE_VOLUME, c->taker_buy_quote_volume);
	sqlite3_bind_int(st, 16, c->closed);
	if ((c->has & CANDLE_AS_OF) && !c->closed)
		sqlite3_bind_int64(st, 17, c->as_of);
	return db_done(s, st, "cannot store a candle");
}

static void bind_series(sqlite3_stmt *st, const char *exchange, const char *market,
			const char *symbol, const char *interval)
{
	db_bind_text(st, 1, exchange);
	db_bind_text(st, 2, market);
	db_bind_text(st, 3, symbol);
	db_bind_text(st, 4, interval);
}

int store_get_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t *from, int64_t *to)
{
	sqlite3_stmt *st = db_stmt(s, GET_COVERAGE);
	int rc;

	if (!st)
		return -1;
	bind_series(st, exchange, market, symbol, interval);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*from = sqlite3_column_int64(st, 0);
		*to = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot read coverage");
}

int store_set_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t from, int64_t to)
{
	sqlite3_stmt *st = db_stmt(s, PUT_COVERAGE);

	if (!st)
		return -1;
	bind_series(st, exchange, market, symbol, interval);
	sqlite3_bind_int64(st, 5, from);
	sqlite3_bind_int64(st, 6, to);
	return db_done(s, st, "cannot record coverage");
}

/* The JSON array of symbols for "symbol IN (SELECT value FROM json_each(?))". */
static void symbols_json(struct buf *b, char *const *symbols, int n)
{
	buf_addc(b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_addc(b, '"');
		buf_adds(b, symbols[i]);  /* symbols are [A-Za-z0-9._/-] */
		buf_addc(b, '"');
	}
	buf_addc(b, ']');
}

int store_newest_candle(struct store *s, const char *exchange, const char *market,
			const char *symbol, const char *interval, int64_t until, int closed_only,
			int64_t *t)
{
	/* Backwards along the key from until: the newest rows of the series
	 * are met first. */
	sqlite3_stmt *st = db_stmt(s, "SELECT open_time FROM candles WHERE exchange = ?1 AND"
				      " market = ?2 AND symbol = ?3 AND interval = ?4 AND"
				      " open_time <= ?5 AND (closed OR NOT ?6)"
				      " ORDER BY open_time DESC LIMIT 1");
	int rc;

	if (!st)
		return -1;
	bind_series(st, exchange, market, symbol, interval);
	sqlite3_bind_int64(st, 5, until);
	sqlite3_bind_int(st, 6, closed_only);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*t = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, "cannot read candles");
	return rc == SQLITE_ROW;
}

int store_each_candle(struct store *s, const char *exchange, const char *market,
		      const char *interval, char *const *symbols, int n, int64_t from,
		      int64_t to, void (*fn)(void *ctx, const struct candle *c), void *ctx)
{
	struct buf sql = BUF_INIT;  /* the symbols as a JSON array */
	sqlite3_stmt *st;
	struct candle c;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT symbol, open_time, close_time, open, high, low,"
				      " close, volume, quote_volume, trades, taker_buy_volume,"
				      " taker_buy_quote_volume, closed, as_of FROM candles WHERE"
				      " exchange = ?1 AND market = ?2 AND interval = ?3 AND open_time"
				      " BETWEEN ?4 AND ?5 AND symbol IN (SELECT value FROM json_each(?6))"
				      " ORDER BY open_time, symbol", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "cannot read candles");
	symbols_json(&sql, symbols, n);
	db_bind_text(st, 1, exchange);
	db_bind_text(st, 2, market);
	db_bind_text(st, 3, interval);
	sqlite3_bind_int64(st, 4, from);
	sqlite3_bind_int64(st, 5, to);
	sqlite3_bind_text(st, 6, sql.p, (int)sql.len, SQLITE_STATIC);
	memset(&c, 0, sizeof c);
	snprintf(c.exchange, sizeof c.exchange, "%s", exchange);
	snprintf(c.market, sizeof c.market, "%s", market);
	c.interval = interval_find(interval);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(c.symbol, sizeof c.symbol, "%s", (const char *)sqlite3_column_text(st, 0));
		c.open_time = sqlite3_column_int64(st, 1);
		c.close_time = sqlite3_column_int64(st, 2);
		c.open = sqlite3_column_double(st, 3);
		c.high = sqlite3_column_double(st, 4);
		c.low = sqlite3_column_double(st, 5);
		c.close = sqlite3_column_double(st, 6);
		c.volume = sqlite3_column_double(st, 7);
		c.has = 0;
#define OPT(col, field, bit) \
		if (sqlite3_column_type(st, col) != SQLITE_NULL) { \
			c.field = sqlite3_column_double(st, col); c.has |= bit; }
		OPT(8, quote_volume, CANDLE_QUOTE_VOLUME)
		OPT(10, taker_buy_volume, CANDLE_TAKER_BUY_VOLUME)
		OPT(11, taker_buy_quote_volume, CANDLE_TAKER_BUY_QUOTE_VOLUME)
#undef OPT
		if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
			c.trades = sqlite3_column_int64(st, 9);
			c.has |= CANDLE_TRADES;
		}
		c.closed = sqlite3_column_int(st, 12);
		if (sqlite3_column_type(st, 13) != SQLITE_NULL) {
			c.as_of = sqlite3_column_int64(st, 13);
			c.has |= CANDLE_AS_OF;
		}
		fn(ctx, &c);
	}
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot read candles");
}

int store_put_oi(struct store *s, const struct oi *o)
{
	sqlite3_stmt *st = db_stmt(s, PUT_OI);

	if (!st)
		return -1;
	db_bind_text(st, 1, o->exchange);
	db_bind_text(st, 2, o->symbol);
	db_bind_text(st, 3, o->period);
	sqlite3_bind_int64(st, 4, o->time);
	sqlite3_bind_double(st, 5, o->open_interest);
	sqlite3_bind_double(st, 6, o->open_interest_value);
	return db_done(s, st, "cannot store open interest");
}

int store_put_symbol(struct store *s, const struct symbol_info *si, int64_t updated_at)
{
	sqlite3_stmt *st = db_stmt(s, PUT_SYMBOL);

	if (!st)
		return -1;
	db_bind_text(st, 1, si->exchange);
	db_bind_text(st, 2, si->market);
	db_bind_text(st, 3, si->symbol);
	db_bind_text(st, 4, si->status);
	db_bind_text(st, 5, si->base_asset);
	db_bind_text(st, 6, si->quote_asset);
	db_bind_text_or_null(st, 7, si->contract_type);
	db_bind_opt(st, 8, !isnan(si->tick_size), si->tick_size);
	db_bind_opt(st, 9, !isnan(si->step_size), si->step_size);
	db_bind_opt(st, 10, !isnan(si->min_qty), si->min_qty);
	db_bind_opt(st, 11, !isnan(si->min_notional), si->min_notional);
	if (si->onboard_date)
		sqlite3_bind_int64(st, 12, si->onboard_date);
	sqlite3_bind_int64(st, 13, updated_at);
	return db_done(s, st, "cannot store a symbol");
}

int store_oi_range(struct store *s, const char *exchange, const char *symbol,
		   const char *period, int64_t *from, int64_t *to)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT min(time), max(time) FROM oi WHERE exchange = ?"
				      " AND symbol = ? AND period = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "cannot read open interest");
	db_bind_text(st, 1, exchange);
	db_bind_text(st, 2, symbol);
	db_bind_text(st, 3, period);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*from = sqlite3_column_int64(st, 0);
		*to = sqlite3_column_int64(st, 1);
		found = 1;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? found : db_fail(s, "cannot read open interest");
}

int store_each_oi(struct store *s, const char *exchange, const char *period,
		  char *const *symbols, int n, int64_t from, int64_t to,
		  void (*fn)(void *ctx, const struct oi *o), void *ctx)
{
	struct buf list = BUF_INIT;
	sqlite3_stmt *st;
	struct oi o;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT symbol, time, open_interest, open_interest_value"
				      " FROM oi WHERE exchange = ?1 AND period = ?2 AND time BETWEEN"
				      " ?3 AND ?4 AND symbol IN (SELECT value FROM json_each(?5))"
				      " ORDER BY time, symbol", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "cannot read open interest");
	symbols_json(&list, symbols, n);
	db_bind_text(st, 1, exchange);
	db_bind_text(st, 2, period);
	sqlite3_bind_int64(st, 3, from);
	sqlite3_bind_int64(st, 4, to);
	sqlite3_bind_text(st, 5, list.p, (int)list.len, SQLITE_STATIC);
	memset(&o, 0, sizeof o);
	snprintf(o.exchange, sizeof o.exchange, "%s", exchange);
	snprintf(o.period, sizeof o.period, "%s", period);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(o.symbol, sizeof o.symbol, "%s", (const char *)sqlite3_column_text(st, 0));
		o.time = sqlite3_column_int64(st, 1);
		o.open_interest = sqlite3_column_double(st, 2);
		o.open_interest_value = sqlite3_column_double(st, 3);
		fn(ctx, &o);
	}
	sqlite3_finalize(st);
	buf_release(&list);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot read open interest");
}

int store_candle_count(struct store *s, int64_t *n)
{
	return db_scalar(s, "SELECT count(*) FROM candles", n);
}

int store_series_each(struct store *s,
		      void (*fn)(void *ctx, const char *exchange, const char *market,
				 const char *symbol, const char *interval, int64_t candles,
				 int64_t newest_open, int64_t newest_close),
		      void *ctx)
{
	sqlite3_stmt *st;
	int rc;

	/* max(open_time) makes close_time that of the same row (SQLite's
	 * bare columns in an aggregate). */
	if (sqlite3_prepare_v2(s->db, "SELECT exchange, market, symbol, interval, count(*),"
				      " max(open_time), close_time FROM candles"
				      " GROUP BY exchange, market, symbol, interval"
				      " ORDER BY exchange, market, symbol, interval",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "cannot read candles");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(st, 0),
		   (const char *)sqlite3_column_text(st, 1),
		   (const char *)sqlite3_column_text(st, 2),
		   (const char *)sqlite3_column_text(st, 3), sqlite3_column_int64(st, 4),
		   sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6));
	return db_finish(s, st, rc, "cannot read candles");
}
