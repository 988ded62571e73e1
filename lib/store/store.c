/* The store's connection, transactions and migrations (store/store.h), and
 * the SQLite helpers of lib/store/ (internal.h). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cbtime.h"
#include "msg.h"
#include "xalloc.h"

/* Migrations of every group of tables, in one list: migrations[i] takes the
 * schema from version i to i + 1. A new group appends its CREATE statements
 * here. Append only; never edit a migration that has shipped. */
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
	/* cb-order (store/orders.h). */
	"CREATE TABLE order_book ("
	"  mode TEXT PRIMARY KEY, done INTEGER, balance REAL NOT NULL, cash REAL NOT NULL,"
	"  realized REAL NOT NULL, fees REAL NOT NULL, slippage REAL NOT NULL,"
	"  funding REAL NOT NULL, day INTEGER NOT NULL, day_start_equity REAL NOT NULL,"
	"  day_started INTEGER NOT NULL, day_halted INTEGER NOT NULL, halt_reason TEXT,"
	"  halt_time INTEGER, updated INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE order_positions ("
	"  mode TEXT NOT NULL, seq INTEGER NOT NULL, series TEXT NOT NULL,"
	"  signal_id TEXT NOT NULL, side INTEGER NOT NULL, entry REAL NOT NULL,"
	"  quantity REAL NOT NULL, entry_time INTEGER NOT NULL,"
	"  entry_at_open INTEGER NOT NULL, hi REAL NOT NULL, lo REAL NOT NULL,"
	"  last_close REAL NOT NULL, mark REAL NOT NULL, notional REAL NOT NULL,"
	"  fees REAL NOT NULL, slippage REAL NOT NULL, funding REAL NOT NULL,"
	"  exiting INTEGER NOT NULL, flatten INTEGER NOT NULL, has_mark INTEGER NOT NULL,"
	"  exit_reason TEXT, exit_at_open INTEGER NOT NULL, exit_price REAL,"
	"  exit_time INTEGER NOT NULL, mark_time INTEGER NOT NULL, mark_close REAL,"
	"  PRIMARY KEY (mode, signal_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE order_cooldowns ("
	"  mode TEXT NOT NULL, symbol TEXT NOT NULL, last_exit INTEGER NOT NULL,"
	"  PRIMARY KEY (mode, symbol)"
	") WITHOUT ROWID;"
	"CREATE TABLE order_signals ("
	"  mode TEXT NOT NULL, signal_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,"
	"  time INTEGER NOT NULL, record TEXT NOT NULL,"
	"  PRIMARY KEY (mode, signal_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE order_trades ("
	"  mode TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
	"  signal_id TEXT NOT NULL, symbol TEXT NOT NULL, side INTEGER NOT NULL,"
	"  entry_time INTEGER NOT NULL, entry_price REAL, exit_time INTEGER NOT NULL,"
	"  exit_price REAL, quantity REAL, notional REAL, fees REAL, slippage REAL,"
	"  funding REAL, pnl REAL, pnl_pct REAL, exit_reason TEXT NOT NULL,"
	"  mfe_pct REAL, mae_pct REAL,"
	"  PRIMARY KEY (mode, id)"
	") WITHOUT ROWID;"
	"CREATE TABLE order_audit ("
	"  seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, mode TEXT NOT NULL,"
	"  kind TEXT NOT NULL, method TEXT, path TEXT, params TEXT, status INTEGER,"
	"  body TEXT"
	");"
	"CREATE TRIGGER order_audit_no_update BEFORE UPDATE ON order_audit"
	"  BEGIN SELECT RAISE(ABORT, 'order_audit is append-only'); END;"
	"CREATE TRIGGER order_audit_no_delete BEFORE DELETE ON order_audit"
	"  BEGIN SELECT RAISE(ABORT, 'order_audit is append-only'); END;"
	"CREATE TABLE live_orders ("
	"  client_id TEXT PRIMARY KEY, signal_id TEXT NOT NULL, kind TEXT NOT NULL,"
	"  symbol TEXT NOT NULL, side TEXT NOT NULL, quantity TEXT, trigger_price TEXT,"
	"  state TEXT NOT NULL, exchange_id INTEGER, filled_qty REAL, avg_price REAL,"
	"  error TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX live_orders_signal ON live_orders (signal_id);"
	"CREATE TABLE live_positions ("
	"  signal_id TEXT PRIMARY KEY, symbol TEXT NOT NULL, side INTEGER NOT NULL,"
	"  quantity TEXT NOT NULL, entry_price REAL NOT NULL, entry_time INTEGER NOT NULL,"
	"  opened INTEGER NOT NULL, stop_price TEXT, take_profit_price TEXT,"
	"  protect_seq INTEGER NOT NULL, fees REAL NOT NULL, closed_qty REAL NOT NULL,"
	"  closed_quote REAL NOT NULL, exit_fees REAL NOT NULL"
	") WITHOUT ROWID;",
	/* 4: the events cb-notify sent, each once per target */
	"CREATE TABLE notify_events ("
	"  target TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL,"
	"  claimed_at INTEGER NOT NULL, sent_at INTEGER, error TEXT,"
	"  PRIMARY KEY (target, key)"
	") WITHOUT ROWID;",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* A writer that held the lock this long lets waiting writers in before it
 * takes it again (see store_begin). */
#define HOG_MS 100
#define YIELD_MS 10

int store_schema_version(void)
{
	return NMIGRATIONS;
}

int db_fail(struct store *s, const char *what)
{
	error("%s: %s: %s", s->path, what, s->db ? sqlite3_errmsg(s->db) : "out of memory");
	return -1;
}

int db_exec(struct store *s, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		error("%s: %s", s->path, err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

sqlite3_stmt *db_stmt(struct store *s, const char *sql)
{
	struct cached_stmt *c;

	for (size_t i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql)
			return s->cache[i].st;
	if (s->ncache == s->capcache) {
		s->capcache = s->capcache ? 2 * s->capcache : 16;
		s->cache = xreallocarray(s->cache, s->capcache, sizeof *s->cache);
	}
	c = &s->cache[s->ncache];
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) !=
	    SQLITE_OK) {
		db_fail(s, "cannot prepare a statement");
		return NULL;
	}
	c->sql = sql;
	s->ncache++;
	return c->st;
}

sqlite3_stmt *db_prepare(struct store *s, const char *sql, const char *what)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(s, what);
		return NULL;
	}
	return st;
}

int db_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, what);
}

int db_finish(struct store *s, sqlite3_stmt *st, int rc, const char *what)
{
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, what);
}

int db_scalar(struct store *s, const char *sql, int64_t *v)
{
	sqlite3_stmt *st = db_prepare(s, sql, "cannot read the store");
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(s, "cannot read the store");
}

void db_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

void db_bind_opt(sqlite3_stmt *st, int i, int has, double v)
{
	if (has)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_text_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		db_bind_text(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	db_bind_text_opt(st, i, *v ? v : NULL);
}

void db_column_str(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

int db_column_opt(sqlite3_stmt *st, int i, double *v)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return 0;
	*v = sqlite3_column_double(st, i);
	return 1;
}

static int user_version(struct store *s, int *v)
{
	int64_t n;

	if (db_scalar(s, "PRAGMA user_version", &n) < 0) {
		error("%s: cannot read the schema version", s->path);
		return -1;
	}
	*v = (int)n;
	return 0;
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
	if (v == NMIGRATIONS)
		return store_commit(s);  /* wrote nothing: other writers see no change */
	for (; v < NMIGRATIONS; v++)
		if (db_exec(s, migrations[v]) < 0)
			goto fail;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	if (db_exec(s, sql) < 0)
		goto fail;
	return store_commit(s);
fail:
	store_rollback(s);
	return -1;
}

/* Switch to WAL. Two processes opening a new store at once can get
 * SQLITE_BUSY here without the busy handler being called, so retry for as
 * long as the busy handler would wait. */
static int set_wal(struct store *s)
{
	for (int tries = 0;; tries++) {
		int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries == STORE_BUSY_MS / 20)
			return db_fail(s, "cannot switch to WAL mode");
		sqlite3_sleep(20);
	}
}

/* SQLite's busy handler: another connection holds the lock wanted. Wait
 * (polling every few milliseconds, so that a waiter gets its turn between
 * two transactions of a busy writer) for up to STORE_BUSY_MS; on a
 * terminal, say so after a second. Returns 0 to give up. */
static int busy_wait(void *ctx, int count)
{
	static const int ramp[] = { 1, 2, 5 };
	struct store *s = ctx;
	int64_t waited;

	if (count == 0) {
		s->busy_since = time_mono_ms();
		s->busy_told = 0;
	}
	waited = time_mono_ms() - s->busy_since;
	if (waited >= STORE_BUSY_MS)
		return 0;
	if (waited >= 1000 && !s->busy_told) {
		s->busy_told = 1;
		if (isatty(STDERR_FILENO))
			note("waiting for %s, locked by another writer", s->path);
	}
	sqlite3_sleep(count < 3 ? ramp[count] : 5);
	return 1;
}

struct store *store_open(const char *path)
{
	struct store *s = xcalloc(1, sizeof *s);

	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		db_fail(s, "cannot open the store");
		goto fail;
	}
	sqlite3_busy_handler(s->db, busy_wait, s);
	if (set_wal(s) < 0 ||
	    db_exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
		       "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;") < 0 ||
	    migrate(s) < 0)
		goto fail;
	return s;
fail:
	store_close(s);
	return NULL;
}

/* The URI of the file at path opened immutable: it is not locked nor its
 * WAL read, which is right only where no one can write it (see
 * store_open_ro). */
static void immutable_uri(struct buf *b, const char *path)
{
	buf_adds(b, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#') {
			char hex[4];

			snprintf(hex, sizeof hex, "%%%02X", (unsigned char)*p);
			buf_adds(b, hex);
		} else {
			buf_add(b, p, 1);
		}
	}
	buf_adds(b, "?immutable=1");
}

/* The schema version of a store opened for reading: the current one, or
 * -1 after an error that names the fix. */
static int check_version_ro(struct store *s)
{
	int v;

	if (user_version(s, &v) < 0)
		return -1;
	if (v > NMIGRATIONS) {
		error("%s: schema version %d is newer than this cb (%d); upgrade cb", s->path, v,
		      NMIGRATIONS);
		return -1;
	}
	if (v == 0) {
		error("%s: not a cb store (no schema version)", s->path);
		return -1;
	}
	if (v < NMIGRATIONS) {
		error("%s: schema version %d is older than this cb (%d) and cannot be upgraded "
		      "by a command that only reads; upgrade it with write access: "
		      "cb-validate --db '%s' /dev/null", s->path, v, NMIGRATIONS, s->path);
		return -1;
	}
	return v;
}

/* Open path read-only with flags (and as uri); 0, or the SQLite result. */
static int open_ro(struct store *s, const char *name, int flags)
{
	int rc;

	if (s->db) {
		sqlite3_close(s->db);
		s->db = NULL;
	}
	rc = sqlite3_open_v2(name, &s->db, SQLITE_OPEN_READONLY | flags, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_busy_handler(s->db, busy_wait, s);
	sqlite3_extended_result_codes(s->db, 1);
	/* Reading the schema reads the WAL index (-shm) of a WAL store. */
	return sqlite3_exec(s->db, "PRAGMA query_only = 1; SELECT count(*) FROM sqlite_schema",
			    NULL, NULL, NULL);
}

struct store *store_open_ro(const char *path)
{
	struct store *s = xcalloc(1, sizeof *s);
	struct buf uri = BUF_INIT;
	int rc;

	s->path = xstrdup(path);
	if (access(path, R_OK) < 0) {
		error("cannot open the store '%s':", path);
		goto fail;
	}
	/* A file this process may not write, with no WAL beside it: no writer
	 * has it open (a writer keeps its WAL while it runs), so it is read
	 * as it is on disk, without the -wal and -shm files that reading it
	 * through the WAL would leave behind, unwritable for its owner. */
	buf_adds(&uri, path);
	buf_adds(&uri, "-wal");
	if (access(path, W_OK) < 0 && access(buf_cstr(&uri), F_OK) < 0)
		rc = SQLITE_CANTOPEN;
	else
		rc = open_ro(s, path, 0);
	buf_reset(&uri);
	/* Or a WAL store whose WAL index (-shm) is missing and cannot be
	 * created (a read-only directory): no process is writing it either,
	 * since a writer would have created the index. */
	if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY) {
		immutable_uri(&uri, path);
		rc = open_ro(s, buf_cstr(&uri), SQLITE_OPEN_URI);
	}
	if (rc != SQLITE_OK) {
		db_fail(s, "cannot open the store for reading");
		goto fail;
	}
	if (db_exec(s, "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;") < 0 ||
	    check_version_ro(s) < 0)
		goto fail;
	buf_release(&uri);
	return s;
fail:
	buf_release(&uri);
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	free(s->cache);
	if (s->db && sqlite3_close(s->db) != SQLITE_OK)
		error("%s: cannot close the store: %s", s->path, sqlite3_errmsg(s->db));
	free(s->path);
	free(s);
}

int store_begin(struct store *s)
{
	int64_t v, now = time_mono_ms();

	/* After a long transaction, leave the lock free for a moment: a
	 * writer waiting in busy_wait polls every 5 ms and would otherwise
	 * never see it free. */
	if (s->tx_ended - s->tx_began >= HOG_MS && now - s->tx_ended < YIELD_MS)
		sqlite3_sleep((int)(YIELD_MS - (now - s->tx_ended)));
	if (db_exec(s, "BEGIN IMMEDIATE") < 0)
		return -1;
	s->tx_began = time_mono_ms();
	if (db_scalar(s, "PRAGMA data_version", &v) < 0) {
		store_rollback(s);
		return -1;
	}
	s->others_wrote = v != s->data_version;
	s->data_version = v;
	return 0;
}

int store_commit(struct store *s)
{
	int rc = db_exec(s, "COMMIT");

	s->tx_ended = time_mono_ms();
	return rc;
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->tx_ended = time_mono_ms();
}

int store_others_wrote(const struct store *s)
{
	return s->others_wrote;
}

int store_size(struct store *s, int64_t *bytes)
{
	int64_t pages, page_size, free_pages;

	if (db_scalar(s, "PRAGMA page_count", &pages) < 0 ||
	    db_scalar(s, "PRAGMA page_size", &page_size) < 0 ||
	    db_scalar(s, "PRAGMA freelist_count", &free_pages) < 0)
		return -1;
	*bytes = (pages - free_pages) * page_size;
	return 0;
}

const char *store_file(const struct store *s)
{
	return s->path;
}
