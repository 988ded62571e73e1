#include "store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "msg.h"

/* Migrations: migrations[i] takes the schema from version i to i + 1.
 * Append only; never edit a migration that has shipped. */
static const char *const migrations[] = {
	/* 1: market data of cb-fetch */
	"CREATE TABLE candles ("
	"  exchange TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,"
	"  interval TEXT NOT NULL, open_time INTEGER NOT NULL,"
	"  close_time INTEGER NOT NULL, open REAL NOT NULL, high REAL NOT NULL,"
	"  low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,"
	"  quote_volume REAL, trades INTEGER, taker_buy_volume REAL,"
	"  taker_buy_quote_volume REAL, closed INTEGER NOT NULL, as_of INTEGER,"
	/* Keyed in the order candles are written out (time, then symbol),
	 * so a range is one scan of the table, with no index and no sort. */
	"  PRIMARY KEY (exchange, market, interval, open_time, symbol)"
	") WITHOUT ROWID;"
	"CREATE TABLE coverage ("
	"  exchange TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,"
	"  interval TEXT NOT NULL, first_time INTEGER NOT NULL, last_time INTEGER NOT NULL,"
	"  PRIMARY KEY (exchange, market, symbol, interval)"
	") WITHOUT ROWID;"
	"CREATE TABLE oi ("
	"  exchange TEXT NOT NULL, symbol TEXT NOT NULL, period TEXT NOT NULL,"
	"  time INTEGER NOT NULL, open_interest REAL NOT NULL,"
	"  open_interest_value REAL NOT NULL,"
	"  PRIMARY KEY (exchange, symbol, period, time)"
	") WITHOUT ROWID;"
	"CREATE TABLE symbols ("
	"  exchange TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,"
	"  status TEXT, base_asset TEXT, quote_asset TEXT, contract_type TEXT,"
	"  tick_size REAL, step_size REAL, min_qty REAL, min_notional REAL,"
	"  onboard_date INTEGER, updated_at INTEGER,"
	"  PRIMARY KEY (exchange, market, symbol)"
	") WITHOUT ROWID;",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int store_schema_version(void)
{
	return NMIGRATIONS;
}

static int fail(struct store *s, const char *what)
{
	error("%s: %s: %s", s->path, what, s->db ? sqlite3_errmsg(s->db) : "out of memory");
	return -1;
}

static int exec(struct store *s, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		error("%s: %s", s->path, err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int user_version(struct store *s, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return fail(s, "cannot read the schema version");
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : fail(s, "cannot read the schema version");
}

static int migrate(struct store *s)
{
	int v;
	char sql[64];

	if (store_begin(s) < 0)
		return -1;
	if (user_version(s, &v) < 0)
		goto fail;
	if (v > NMIGRATIONS) {
		error("%s: schema version %d is newer than this cb (%d); upgrade cb",
		      s->path, v, NMIGRATIONS);
		goto fail;
	}
	for (; v < NMIGRATIONS; v++)
		if (exec(s, migrations[v]) < 0)
			goto fail;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	if (exec(s, sql) < 0)
		goto fail;
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}

/* Switch to WAL. Two processes opening a new store at once can get
 * SQLITE_BUSY here without the busy handler being called, so retry for as
 * long as the busy timeout would wait. */
static int set_wal(struct store *s)
{
	for (int tries = 0;; tries++) {
		int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries == 1500)
			return fail(s, "cannot switch to WAL mode");
		sqlite3_sleep(20);
	}
}

static int prepare(struct store *s, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return fail(s, "cannot prepare a statement");
	return 0;
}

int store_open(struct store *s, const char *path)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		return fail(s, "cannot open the store");
	sqlite3_busy_timeout(s->db, 30000);
	if (set_wal(s) < 0 ||
	    exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
		    "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;") < 0 ||
	    migrate(s) < 0)
		return -1;
	if (prepare(s, &s->put_candle,
		    "INSERT INTO candles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
		    "ON CONFLICT DO UPDATE SET close_time = excluded.close_time,"
		    " open = excluded.open, high = excluded.high, low = excluded.low,"
		    " close = excluded.close, volume = excluded.volume,"
		    " quote_volume = excluded.quote_volume, trades = excluded.trades,"
		    " taker_buy_volume = excluded.taker_buy_volume,"
		    " taker_buy_quote_volume = excluded.taker_buy_quote_volume,"
		    " closed = excluded.closed, as_of = excluded.as_of"
		    " WHERE excluded.closed >= candles.closed") < 0 ||
	    prepare(s, &s->get_cover,
		    "SELECT first_time, last_time FROM coverage WHERE exchange = ?"
		    " AND market = ? AND symbol = ? AND interval = ?") < 0 ||
	    prepare(s, &s->put_cover, "INSERT OR REPLACE INTO coverage VALUES (?,?,?,?,?,?)") < 0 ||
	    prepare(s, &s->put_oi, "INSERT OR REPLACE INTO oi VALUES (?,?,?,?,?,?)") < 0 ||
	    prepare(s, &s->put_symbol,
		    "INSERT OR REPLACE INTO symbols VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)") < 0)
		return -1;
	return 0;
}

void store_close(struct store *s)
{
	sqlite3_finalize(s->put_candle);
	sqlite3_finalize(s->get_cover);
	sqlite3_finalize(s->put_cover);
	sqlite3_finalize(s->put_oi);
	sqlite3_finalize(s->put_symbol);
	if (s->db && sqlite3_close(s->db) != SQLITE_OK)
		error("%s: cannot close the store: %s", s->path, sqlite3_errmsg(s->db));
	s->db = NULL;
}

int store_begin(struct store *s)
{
	return exec(s, "BEGIN IMMEDIATE");
}

int store_commit(struct store *s)
{
	return exec(s, "COMMIT");
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void bind_opt(sqlite3_stmt *st, int i, int has, double v)
{
	if (has)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : fail(s, what);
}

int store_put_candle(struct store *s, const struct candle *c)
{
	sqlite3_stmt *st = s->put_candle;

	bind_text(st, 1, c->exchange);
	bind_text(st, 2, c->market);
	bind_text(st, 3, c->symbol);
	bind_text(st, 4, c->interval->name);
	sqlite3_bind_int64(st, 5, c->open_time);
	sqlite3_bind_int64(st, 6, c->close_time);
	sqlite3_bind_double(st, 7, c->open);
	sqlite3_bind_double(st, 8, c->high);
	sqlite3_bind_double(st, 9, c->low);
	sqlite3_bind_double(st, 10, c->close);
	sqlite3_bind_double(st, 11, c->volume);
	bind_opt(st, 12, c->has & CANDLE_QUOTE_VOLUME, c->quote_volume);
	if (c->has & CANDLE_TRADES)
		sqlite3_bind_int64(st, 13, c->trades);
	bind_opt(st, 14, c->has & CANDLE_TAKER_BUY_VOLUME, c->taker_buy_volume);
	bind_opt(st, 15, c->has & CANDLE_TAKER_BUY_QUOTE_VOLUME, c->taker_buy_quote_volume);
	sqlite3_bind_int(st, 16, c->closed);
	if ((c->has & CANDLE_AS_OF) && !c->closed)
		sqlite3_bind_int64(st, 17, c->as_of);
	return step_done(s, st, "cannot store a candle");
}

static void bind_series(sqlite3_stmt *st, const char *exchange, const char *market,
			const char *symbol, const char *interval)
{
	bind_text(st, 1, exchange);
	bind_text(st, 2, market);
	bind_text(st, 3, symbol);
	bind_text(st, 4, interval);
}

int store_get_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t *from, int64_t *to)
{
	sqlite3_stmt *st = s->get_cover;
	int rc;

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
	return rc == SQLITE_DONE ? 0 : fail(s, "cannot read coverage");
}

int store_set_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t from, int64_t to)
{
	sqlite3_stmt *st = s->put_cover;

	bind_series(st, exchange, market, symbol, interval);
	sqlite3_bind_int64(st, 5, from);
	sqlite3_bind_int64(st, 6, to);
	return step_done(s, st, "cannot record coverage");
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
		return fail(s, "cannot read candles");
	symbols_json(&sql, symbols, n);
	bind_text(st, 1, exchange);
	bind_text(st, 2, market);
	bind_text(st, 3, interval);
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
	return rc == SQLITE_DONE ? 0 : fail(s, "cannot read candles");
}

int store_put_oi(struct store *s, const struct oi *o)
{
	sqlite3_stmt *st = s->put_oi;

	bind_text(st, 1, o->exchange);
	bind_text(st, 2, o->symbol);
	bind_text(st, 3, o->period);
	sqlite3_bind_int64(st, 4, o->time);
	sqlite3_bind_double(st, 5, o->open_interest);
	sqlite3_bind_double(st, 6, o->open_interest_value);
	return step_done(s, st, "cannot store open interest");
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (*v)
		bind_text(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int store_put_symbol(struct store *s, const struct symbol_info *si, int64_t updated_at)
{
	sqlite3_stmt *st = s->put_symbol;

	bind_text(st, 1, si->exchange);
	bind_text(st, 2, si->market);
	bind_text(st, 3, si->symbol);
	bind_text(st, 4, si->status);
	bind_text(st, 5, si->base_asset);
	bind_text(st, 6, si->quote_asset);
	bind_text_or_null(st, 7, si->contract_type);
	bind_opt(st, 8, !isnan(si->tick_size), si->tick_size);
	bind_opt(st, 9, !isnan(si->step_size), si->step_size);
	bind_opt(st, 10, !isnan(si->min_qty), si->min_qty);
	bind_opt(st, 11, !isnan(si->min_notional), si->min_notional);
	if (si->onboard_date)
		sqlite3_bind_int64(st, 12, si->onboard_date);
	sqlite3_bind_int64(st, 13, updated_at);
	return step_done(s, st, "cannot store a symbol");
}

int store_oi_range(struct store *s, const char *exchange, const char *symbol,
		   const char *period, int64_t *from, int64_t *to)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT min(time), max(time) FROM oi WHERE exchange = ?"
				      " AND symbol = ? AND period = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(s, "cannot read open interest");
	bind_text(st, 1, exchange);
	bind_text(st, 2, symbol);
	bind_text(st, 3, period);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*from = sqlite3_column_int64(st, 0);
		*to = sqlite3_column_int64(st, 1);
		found = 1;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? found : fail(s, "cannot read open interest");
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
		return fail(s, "cannot read open interest");
	symbols_json(&list, symbols, n);
	bind_text(st, 1, exchange);
	bind_text(st, 2, period);
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
	return rc == SQLITE_DONE ? 0 : fail(s, "cannot read open interest");
}
