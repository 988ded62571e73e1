#include "store.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	/* 2: signals followed by cb-validate. The scored_* columns are the
	 * score members of the signal record as registered; score_* the
	 * current score. Tables keyed so that a dump is in key order. */
	"CREATE TABLE signals ("
	"  id TEXT PRIMARY KEY, exchange TEXT NOT NULL, market TEXT NOT NULL,"
	"  symbol TEXT NOT NULL, interval TEXT NOT NULL, open_time INTEGER NOT NULL,"
	"  detected_at INTEGER NOT NULL, start_time INTEGER NOT NULL, price REAL NOT NULL,"
	"  spike_ratio_7d REAL, strength TEXT, closed INTEGER NOT NULL,"
	"  scored INTEGER NOT NULL, scored_volume REAL, scored_oi REAL,"
	"  scored_spot_sync REAL, scored_confirmation REAL, scored_timing REAL,"
	"  scored_total REAL, scored_level TEXT, scored_confirmations INTEGER NOT NULL,"
	"  oi_change_pct REAL, spot_spike_ratio_7d REAL,"
	"  status TEXT NOT NULL, outcome TEXT, reason TEXT, status_time INTEGER NOT NULL,"
	"  final_time INTEGER, tracked INTEGER NOT NULL, max_high REAL, min_low REAL,"
	"  last_close REAL, last_time INTEGER, follow INTEGER NOT NULL,"
	"  max_gain_pct REAL, drawdown_pct REAL, current_gain_pct REAL,"
	"  score_volume REAL NOT NULL, score_oi REAL NOT NULL, score_spot_sync REAL NOT NULL,"
	"  score_confirmation REAL NOT NULL, score_timing REAL NOT NULL,"
	"  score_total REAL NOT NULL, confidence_level TEXT NOT NULL,"
	"  score_time INTEGER NOT NULL, initial_total REAL NOT NULL,"
	"  initial_level TEXT NOT NULL, confirmations INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX signals_status ON signals (status, detected_at);"
	"CREATE INDEX signals_detected ON signals (detected_at);"
	"CREATE INDEX signals_symbol ON signals (symbol, detected_at);"
	"CREATE TABLE signal_tracking ("
	"  signal_id TEXT NOT NULL, time INTEGER NOT NULL, open_time INTEGER NOT NULL,"
	"  high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL,"
	"  max_gain_pct REAL NOT NULL, drawdown_pct REAL NOT NULL,"
	"  current_gain_pct REAL NOT NULL, status TEXT NOT NULL,"
	"  PRIMARY KEY (signal_id, time)"
	") WITHOUT ROWID;"
	"CREATE TABLE signal_confirmations ("
	"  signal_id TEXT NOT NULL, type TEXT NOT NULL, time INTEGER NOT NULL, value REAL,"
	"  PRIMARY KEY (signal_id, type)"
	") WITHOUT ROWID;"
	"CREATE TABLE signal_scores ("
	"  signal_id TEXT NOT NULL, time INTEGER NOT NULL, volume REAL NOT NULL,"
	"  oi REAL NOT NULL, spot_sync REAL NOT NULL, confirmation REAL NOT NULL,"
	"  timing REAL NOT NULL, total REAL NOT NULL, confidence_level TEXT NOT NULL,"
	"  PRIMARY KEY (signal_id, time)"
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
	sqlite3_finalize(s->sig_get);
	sqlite3_finalize(s->sig_put);
	sqlite3_finalize(s->sig_track);
	sqlite3_finalize(s->sig_confirm);
	sqlite3_finalize(s->sig_score);
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

const char *store_path(const char *opt)
{
	const char *env = getenv("CB_DB");

	if (opt)
		return opt;
	return env && *env ? env : NULL;
}

/* mkdir -p for the directories of path up to its last slash. */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			error("cannot create the directory '%s':", path);
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

const char *store_default_path(struct buf *b, int create_dir)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	buf_reset(b);
	if (xdg && xdg[0] == '/') {
		buf_adds(b, xdg);
	} else if (home && *home) {
		buf_adds(b, home);
		buf_adds(b, "/.local/share");
	} else {
		error("no store: give --db FILE, or set CB_DB, XDG_DATA_HOME or HOME");
		return NULL;
	}
	buf_adds(b, "/cb/cb.db");
	if (create_dir && make_dirs(buf_cstr(b)) < 0)
		return NULL;
	return buf_cstr(b);
}

static int scalar(struct store *s, const char *sql, int64_t *v);

/* cb-validate. The columns of signals, in the order of the binds below. */
#define SIGNAL_COLS \
	"id, exchange, market, symbol, interval, open_time, detected_at, start_time, price," \
	" spike_ratio_7d, strength, closed, scored, scored_volume, scored_oi," \
	" scored_spot_sync, scored_confirmation, scored_timing, scored_total, scored_level," \
	" scored_confirmations, oi_change_pct, spot_spike_ratio_7d, status, outcome, reason," \
	" status_time, final_time, tracked, max_high, min_low, last_close, last_time, follow," \
	" max_gain_pct, drawdown_pct, current_gain_pct, score_volume, score_oi," \
	" score_spot_sync, score_confirmation, score_timing, score_total, confidence_level," \
	" score_time, initial_total, initial_level, confirmations"
#define SIGNAL_NCOLS 48

/* Prepare *st from sql unless done already. */
static int prepare_once(struct store *s, sqlite3_stmt **st, const char *sql)
{
	return *st ? 0 : prepare(s, st, sql);
}

static void bind_text_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		bind_text(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int store_signal_put(struct store *s, const struct signal_row *r)
{
	const struct signal_in *g = &r->sig;
	const struct lc_state *lc = &r->lc;
	sqlite3_stmt *st;
	int i = 1;

	if (prepare_once(s, &s->sig_put, "INSERT OR REPLACE INTO signals (" SIGNAL_COLS ")"
			 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
			 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)") < 0)
		return -1;
	st = s->sig_put;
	bind_text(st, i++, g->id);
	bind_text(st, i++, g->exchange);
	bind_text(st, i++, g->market);
	bind_text(st, i++, g->symbol);
	bind_text(st, i++, g->interval->name);
	sqlite3_bind_int64(st, i++, g->open_time);
	sqlite3_bind_int64(st, i++, g->detected_at);
	sqlite3_bind_int64(st, i++, lc->start);
	sqlite3_bind_double(st, i++, g->price);
	bind_opt(st, i++, g->has_ratio, g->ratio);
	bind_text_opt(st, i++, strength_name(g->strength));
	sqlite3_bind_int(st, i++, g->closed);
	sqlite3_bind_int(st, i++, g->scored);
	for (int f = 0; f < NFACTORS; f++)
		bind_opt(st, i++, g->scored, g->score[f]);
	bind_opt(st, i++, g->scored, g->total);
	bind_text_opt(st, i++, g->level[0] ? g->level : NULL);
	sqlite3_bind_int(st, i++, (int)g->confirmations);
	bind_opt(st, i++, g->has_oi, g->oi_change_pct);
	bind_opt(st, i++, g->has_spot, g->spot_ratio);
	bind_text(st, i++, lc_status_name(lc->status));
	bind_text_opt(st, i++, lc_status_name(lc->outcome));
	bind_text_opt(st, i++, lc_reason_name(lc->reason));
	sqlite3_bind_int64(st, i++, lc->status_time);
	if (lc->outcome != LC_NONE)
		sqlite3_bind_int64(st, i, lc->final_time);
	i++;
	sqlite3_bind_int64(st, i++, lc->tracked);
	bind_opt(st, i++, lc->tracked > 0, lc->max_high);
	bind_opt(st, i++, lc->tracked > 0, lc->min_low);
	bind_opt(st, i++, lc->tracked > 0, lc->last_close);
	if (lc->tracked)
		sqlite3_bind_int64(st, i, lc->last_time);
	i++;
	sqlite3_bind_int(st, i++, lc->follow);
	bind_opt(st, i++, lc->tracked > 0, lc->tracked ? lc_max_gain_pct(lc) : 0);
	bind_opt(st, i++, lc->tracked > 0, lc->tracked ? lc_drawdown_pct(lc) : 0);
	bind_opt(st, i++, lc->tracked > 0, lc->tracked ? lc_current_gain_pct(lc) : 0);
	for (int f = 0; f < NFACTORS; f++)
		sqlite3_bind_double(st, i++, r->part[f]);
	sqlite3_bind_double(st, i++, r->total);
	bind_text(st, i++, r->level);
	sqlite3_bind_int64(st, i++, r->score_time);
	sqlite3_bind_double(st, i++, r->initial_total);
	bind_text(st, i++, r->initial_level);
	sqlite3_bind_int(st, i++, (int)r->confirmations);
	return step_done(s, st, "cannot store a signal");
}

static void column_str(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

static int column_opt(sqlite3_stmt *st, int i, double *v)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return 0;
	*v = sqlite3_column_double(st, i);
	return 1;
}

/* Fill *r from a row of SIGNAL_COLS. */
static void read_signal(sqlite3_stmt *st, struct signal_row *r)
{
	struct signal_in *g = &r->sig;
	struct lc_state *lc = &r->lc;
	char tmp[32];
	int i = 0;

	memset(r, 0, sizeof *r);
	column_str(st, i++, g->id, sizeof g->id);
	column_str(st, i++, g->exchange, sizeof g->exchange);
	column_str(st, i++, g->market, sizeof g->market);
	column_str(st, i++, g->symbol, sizeof g->symbol);
	column_str(st, i++, tmp, sizeof tmp);
	g->interval = interval_find(tmp);
	g->open_time = sqlite3_column_int64(st, i++);
	g->detected_at = sqlite3_column_int64(st, i++);
	lc->start = sqlite3_column_int64(st, i++);
	g->price = sqlite3_column_double(st, i++);
	g->has_ratio = column_opt(st, i++, &g->ratio);
	column_str(st, i++, tmp, sizeof tmp);
	g->strength = STRENGTH_NONE;
	for (int k = STRENGTH_WEAK; k <= STRENGTH_EXTREME; k++)
		if (!strcmp(tmp, strength_name((enum strength)k)))
			g->strength = (enum strength)k;
	g->closed = sqlite3_column_int(st, i++);
	g->scored = sqlite3_column_int(st, i++);
	for (int f = 0; f < NFACTORS; f++)
		column_opt(st, i++, &g->score[f]);
	column_opt(st, i++, &g->total);
	column_str(st, i++, g->level, sizeof g->level);
	g->confirmations = (unsigned)sqlite3_column_int(st, i++);
	g->has_oi = column_opt(st, i++, &g->oi_change_pct);
	g->has_spot = column_opt(st, i++, &g->spot_ratio);
	column_str(st, i++, tmp, sizeof tmp);
	lc->status = lc_status_find(tmp);
	column_str(st, i++, tmp, sizeof tmp);
	lc->outcome = lc_status_find(tmp);
	column_str(st, i++, tmp, sizeof tmp);
	lc->reason = lc_reason_find(tmp);
	lc->status_time = sqlite3_column_int64(st, i++);
	lc->final_time = sqlite3_column_int64(st, i++);
	lc->tracked = (long)sqlite3_column_int64(st, i++);
	column_opt(st, i++, &lc->max_high);
	column_opt(st, i++, &lc->min_low);
	column_opt(st, i++, &lc->last_close);
	lc->last_time = sqlite3_column_int64(st, i++);
	lc->follow = sqlite3_column_int(st, i++);
	i += 3;  /* the gains: computed from the above */
	lc->price = g->price;
	lc->detected_at = g->detected_at;
	for (int f = 0; f < NFACTORS; f++)
		r->part[f] = sqlite3_column_double(st, i++);
	r->total = sqlite3_column_double(st, i++);
	column_str(st, i++, r->level, sizeof r->level);
	r->score_time = sqlite3_column_int64(st, i++);
	r->initial_total = sqlite3_column_double(st, i++);
	column_str(st, i++, r->initial_level, sizeof r->initial_level);
	r->confirmations = (unsigned)sqlite3_column_int(st, i++);
}

int store_signal_get(struct store *s, const char *id, struct signal_row *row)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare_once(s, &s->sig_get, "SELECT " SIGNAL_COLS " FROM signals WHERE id = ?") < 0)
		return -1;
	st = s->sig_get;
	bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_signal(st, row);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(s, "cannot read a signal");
}

int store_has_signals(struct store *s)
{
	int64_t n;

	if (scalar(s, "SELECT count(*) FROM (SELECT 1 FROM signals LIMIT 1)", &n) < 0)
		return -1;
	return n > 0;
}

int store_tracking_put(struct store *s, const char *id, const struct lc_bar *b,
		       const struct lc_state *lc)
{
	sqlite3_stmt *st;

	if (prepare_once(s, &s->sig_track,
			 "INSERT OR REPLACE INTO signal_tracking VALUES (?,?,?,?,?,?,?,?,?,?)") < 0)
		return -1;
	st = s->sig_track;
	bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, b->end);
	sqlite3_bind_int64(st, 3, b->open_time);
	sqlite3_bind_double(st, 4, b->high);
	sqlite3_bind_double(st, 5, b->low);
	sqlite3_bind_double(st, 6, b->close);
	sqlite3_bind_double(st, 7, lc_max_gain_pct(lc));
	sqlite3_bind_double(st, 8, lc_drawdown_pct(lc));
	sqlite3_bind_double(st, 9, lc_current_gain_pct(lc));
	bind_text(st, 10, lc_status_name(lc->status));
	return step_done(s, st, "cannot store tracking");
}

int store_confirmation_put(struct store *s, const char *id, enum confirmation c, int64_t t,
			   int has_value, double value)
{
	sqlite3_stmt *st;

	if (prepare_once(s, &s->sig_confirm,
			 "INSERT OR IGNORE INTO signal_confirmations VALUES (?,?,?,?)") < 0)
		return -1;
	st = s->sig_confirm;
	bind_text(st, 1, id);
	bind_text(st, 2, confirmation_name(c));
	sqlite3_bind_int64(st, 3, t);
	bind_opt(st, 4, has_value, value);
	if (step_done(s, st, "cannot store a confirmation") < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_score_put(struct store *s, const char *id, int64_t t, const double part[NFACTORS],
		    double total, const char *level)
{
	sqlite3_stmt *st;

	if (prepare_once(s, &s->sig_score,
			 "INSERT OR REPLACE INTO signal_scores VALUES (?,?,?,?,?,?,?,?,?)") < 0)
		return -1;
	st = s->sig_score;
	bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, t);
	for (int f = 0; f < NFACTORS; f++)
		sqlite3_bind_double(st, 3 + f, part[f]);
	sqlite3_bind_double(st, 8, total);
	bind_text(st, 9, level);
	return step_done(s, st, "cannot store a score");
}

int store_signal_each(struct store *s, const struct signal_filter *f,
		      void (*fn)(void *ctx, const struct signal_row *row), void *ctx)
{
	struct signal_row row;
	sqlite3_stmt *st;
	int rc;

	/* NULL parameters disable their condition. */
	if (sqlite3_prepare_v2(s->db, "SELECT " SIGNAL_COLS " FROM signals WHERE"
				      " (?1 = 0 OR status IN ('DETECTED', 'MONITORING'))"
				      " AND (?2 = 0 OR status IN ('CONFIRMED', 'FAILED'))"
				      " AND (?3 IS NULL OR status = ?3)"
				      " AND (?4 IS NULL OR detected_at >= ?4)"
				      " AND (?5 IS NULL OR detected_at < ?5)"
				      " AND (?6 IS NULL OR symbol = ?6)"
				      " ORDER BY detected_at, id", -1, &st, NULL) != SQLITE_OK)
		return fail(s, "cannot read signals");
	sqlite3_bind_int(st, 1, f->active);
	sqlite3_bind_int(st, 2, f->final);
	if (f->has_status)
		bind_text(st, 3, lc_status_name(f->status));
	if (f->has_since)
		sqlite3_bind_int64(st, 4, f->since);
	if (f->has_before)
		sqlite3_bind_int64(st, 5, f->before);
	bind_text_opt(st, 6, f->symbol);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_signal(st, &row);
		fn(ctx, &row);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail(s, "cannot read signals");
}

/* Prepare sql with the signal id bound as ?1. NULL after an error. */
static sqlite3_stmt *by_id(struct store *s, const char *sql, const char *id)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		fail(s, "cannot read the store");
		return NULL;
	}
	bind_text(st, 1, id);
	return st;
}

static int finish(struct store *s, sqlite3_stmt *st, int rc)
{
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail(s, "cannot read the store");
}

int store_tracking_each(struct store *s, const char *id,
			void (*fn)(void *ctx, const struct tracking_row *r), void *ctx)
{
	sqlite3_stmt *st = by_id(s, "SELECT time, open_time, high, low, close, max_gain_pct,"
				    " drawdown_pct, current_gain_pct, status FROM signal_tracking"
				    " WHERE signal_id = ?1 ORDER BY time", id);
	struct tracking_row r;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.time = sqlite3_column_int64(st, 0);
		r.open_time = sqlite3_column_int64(st, 1);
		r.high = sqlite3_column_double(st, 2);
		r.low = sqlite3_column_double(st, 3);
		r.close = sqlite3_column_double(st, 4);
		r.max_gain_pct = sqlite3_column_double(st, 5);
		r.drawdown_pct = sqlite3_column_double(st, 6);
		r.current_gain_pct = sqlite3_column_double(st, 7);
		column_str(st, 8, r.status, sizeof r.status);
		fn(ctx, &r);
	}
	return finish(s, st, rc);
}

int store_confirmation_each(struct store *s, const char *id,
			    void (*fn)(void *ctx, const struct confirmation_row *r), void *ctx)
{
	sqlite3_stmt *st = by_id(s, "SELECT type, time, value FROM signal_confirmations"
				    " WHERE signal_id = ?1 ORDER BY time, type", id);
	struct confirmation_row r;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		int c = t ? confirmation_find(t, strlen(t)) : -1;

		if (c < 0)
			continue;  /* a type this build does not know */
		r.type = (enum confirmation)c;
		r.time = sqlite3_column_int64(st, 1);
		r.has_value = column_opt(st, 2, &r.value);
		fn(ctx, &r);
	}
	return finish(s, st, rc);
}

int store_score_each(struct store *s, const char *id,
		     void (*fn)(void *ctx, const struct score_row *r), void *ctx)
{
	sqlite3_stmt *st = by_id(s, "SELECT time, volume, oi, spot_sync, confirmation, timing,"
				    " total, confidence_level FROM signal_scores WHERE signal_id = ?1"
				    " ORDER BY time", id);
	struct score_row r;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.time = sqlite3_column_int64(st, 0);
		for (int f = 0; f < NFACTORS; f++)
			r.part[f] = sqlite3_column_double(st, 1 + f);
		r.total = sqlite3_column_double(st, 6);
		column_str(st, 7, r.level, sizeof r.level);
		fn(ctx, &r);
	}
	return finish(s, st, rc);
}

int store_tracking_delete(struct store *s, const char *id)
{
	sqlite3_stmt *st = by_id(s, "DELETE FROM signal_tracking WHERE signal_id = ?1", id);

	if (!st)
		return -1;
	return finish(s, st, sqlite3_step(st));
}

/* The integer result of sql (one row, one column). 0 or -1. */
static int scalar(struct store *s, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(s, "cannot read the store");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : fail(s, "cannot read the store");
}

int store_counts(struct store *s, struct store_counts *c)
{
	int64_t pages, page_size, free_pages;
	sqlite3_stmt *st;
	int rc;

	memset(c, 0, sizeof *c);
	if (scalar(s, "PRAGMA page_count", &pages) < 0 ||
	    scalar(s, "PRAGMA page_size", &page_size) < 0 ||
	    scalar(s, "PRAGMA freelist_count", &free_pages) < 0 ||
	    scalar(s, "SELECT count(*) FROM candles", &c->candles) < 0 ||
	    scalar(s, "SELECT count(*) FROM signals", &c->signals) < 0 ||
	    scalar(s, "SELECT count(*) FROM signal_tracking", &c->tracking) < 0 ||
	    scalar(s, "SELECT count(*) FROM signal_confirmations", &c->confirmations) < 0 ||
	    scalar(s, "SELECT count(*) FROM signal_scores", &c->scores) < 0 ||
	    scalar(s, "SELECT max(last_time) FROM signals", &c->newest_update) < 0)
		return -1;
	c->size_bytes = (pages - free_pages) * page_size;
	if (sqlite3_prepare_v2(s->db, "SELECT status, count(*) FROM signals GROUP BY status",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(s, "cannot read the store");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		enum lc_status k = t ? lc_status_find(t) : LC_NONE;

		if (k != LC_NONE)
			c->by_status[k] = sqlite3_column_int64(st, 1);
	}
	return finish(s, st, rc);
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
		return fail(s, "cannot read candles");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(st, 0),
		   (const char *)sqlite3_column_text(st, 1),
		   (const char *)sqlite3_column_text(st, 2),
		   (const char *)sqlite3_column_text(st, 3), sqlite3_column_int64(st, 4),
		   sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6));
	return finish(s, st, rc);
}
