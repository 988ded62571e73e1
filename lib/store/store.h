/* store: the local SQLite store shared by every cb tool (--db FILE or CB_DB).
 *
 * The schema has a version (PRAGMA user_version) and migrations owned here;
 * later tools append theirs to the list in store.c. The database runs in
 * WAL mode with a busy timeout, and writers keep transactions short, so two
 * cron jobs can write one store at once. */
#ifndef CB_STORE_H
#define CB_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "buf.h"
#include "candle.h"
#include "lifecycle.h"
#include "oi.h"
#include "score.h"
#include "signalrec.h"
#include "symbolinfo.h"

struct store {
	sqlite3 *db;
	const char *path;
	sqlite3_stmt *put_candle;
	sqlite3_stmt *get_cover, *put_cover;
	sqlite3_stmt *put_oi, *put_symbol;
	/* cb-validate's statements, prepared on first use (store_signal_*). */
	sqlite3_stmt *sig_get, *sig_put, *sig_track, *sig_confirm, *sig_score;
};

/* Open or create the store at path and migrate it to the current schema.
 * Returns 0, or -1 after printing an error that names the file. */
int store_open(struct store *s, const char *path);

/* The store a tool uses: opt (its --db argument) if not NULL, else $CB_DB
 * if set and not empty, else NULL (static or caller's storage). */
const char *store_path(const char *opt);

/* The default store, $XDG_DATA_HOME/cb/cb.db, or $HOME/.local/share/cb/cb.db
 * when XDG_DATA_HOME is unset, empty or not an absolute path, written into
 * b (NUL-terminated) and returned. With create_dir, the directories are
 * created (mode 0700) if missing. Returns NULL after printing an error if
 * neither variable gives a path or a directory cannot be created. */
const char *store_default_path(struct buf *b, int create_dir);

/* Close the store. A store that failed to open may be closed. */
void store_close(struct store *s);

/* The schema version this build writes. */
int store_schema_version(void);

/* Begin / commit / roll back a write transaction (BEGIN IMMEDIATE, so a
 * second writer waits for the busy timeout instead of failing later).
 * Return 0, or -1 after printing an error. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* Insert or replace a candle by its key (exchange, market, symbol, interval,
 * open_time). A closed candle is never replaced by a forming one. Returns 0
 * or -1 after printing an error. */
int store_put_candle(struct store *s, const struct candle *c);

/* The range of open times [*from, *to] known to be complete (every closed
 * candle the exchange had in it is stored) for a series. Returns 1 and
 * fills them, 0 if nothing is recorded, -1 on error. */
int store_get_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t *from, int64_t *to);

/* Record [from, to] as the complete range of a series (replacing what was
 * there). Call inside the transaction that stored its candles. */
int store_set_coverage(struct store *s, const char *exchange, const char *market,
		       const char *symbol, const char *interval, int64_t from, int64_t to);

/* Call fn for each stored candle of the series of exchange, market and
 * interval whose symbol is one of symbols[0..n) and whose open_time is in
 * [from, to], ordered by open_time then symbol. Returns 0 or -1. */
int store_each_candle(struct store *s, const char *exchange, const char *market,
		      const char *interval, char *const *symbols, int n, int64_t from,
		      int64_t to, void (*fn)(void *ctx, const struct candle *c), void *ctx);

/* Insert or replace an open-interest row; a symbol's trading rules. 0 or -1. */
int store_put_oi(struct store *s, const struct oi *o);
int store_put_symbol(struct store *s, const struct symbol_info *si, int64_t updated_at);

/* The oldest and newest stored open-interest times of a symbol and period:
 * 1 and *from, *to; 0 if none; -1 on error. */
int store_oi_range(struct store *s, const char *exchange, const char *symbol,
		   const char *period, int64_t *from, int64_t *to);

/* Call fn for each stored oi row of period whose symbol is one of
 * symbols[0..n) and time is in [from, to], by time then symbol. 0 or -1. */
int store_each_oi(struct store *s, const char *exchange, const char *period,
		  char *const *symbols, int n, int64_t from, int64_t to,
		  void (*fn)(void *ctx, const struct oi *o), void *ctx);

/* cb-validate: signals followed after their detection (cb-validate(1)).
 * Tables signals, signal_tracking, signal_confirmations, signal_scores. */

/* A signal as cb-validate keeps it: one row of the table signals. */
struct signal_row {
	struct signal_in sig;     /* the signal record last registered under its id,
				     with the score members it carried */
	struct lc_state lc;       /* lifecycle and tracking */
	double part[NFACTORS];    /* the current score */
	double total;
	char level[16];
	int64_t score_time;       /* event time of the current score */
	double initial_total;     /* the score at registration */
	char initial_level[16];
	unsigned confirmations;   /* every confirmation (bits of enum confirmation) */
};

/* Read the signal id into *row. Returns 1, 0 if there is none, -1 after
 * printing an error. */
int store_signal_get(struct store *s, const char *id, struct signal_row *row);

/* 1 if the store has any signal, 0 if none, -1 after printing an error. */
int store_has_signals(struct store *s);

/* Insert or replace the row of row->sig.id. 0 or -1. */
int store_signal_put(struct store *s, const struct signal_row *row);

/* Add the tracking row of signal id for candle b, with the gains of lc
 * after it (replacing one of the same time). 0 or -1. */
int store_tracking_put(struct store *s, const char *id, const struct lc_bar *b,
		       const struct lc_state *lc);

/* Record confirmation c of signal id, at time t, with a value unless
 * has_value is 0. A confirmation already recorded is kept as it is.
 * Returns 1 if it was new, 0 if it was there, -1 on error. */
int store_confirmation_put(struct store *s, const char *id, enum confirmation c, int64_t t,
			   int has_value, double value);

/* Record the score of signal id at time t (replacing one of the same time).
 * 0 or -1. */
int store_score_put(struct store *s, const char *id, int64_t t, const double part[NFACTORS],
		    double total, const char *level);

/* Which signals store_signal_each visits; a zeroed filter is all of them. */
struct signal_filter {
	int active;               /* only DETECTED and MONITORING */
	int final;                /* only CONFIRMED and FAILED */
	int has_status;           /* only this status */
	enum lc_status status;
	int has_since;            /* only detected_at >= since */
	int64_t since;
	int has_before;           /* only detected_at < before */
	int64_t before;
	const char *symbol;       /* only this symbol, or NULL */
};

/* Call fn for each signal that f lets through, ordered by detected_at then
 * id. The row is valid during the call. Returns 0 or -1. */
int store_signal_each(struct store *s, const struct signal_filter *f,
		      void (*fn)(void *ctx, const struct signal_row *row), void *ctx);

struct tracking_row {
	int64_t time, open_time;  /* event time (close_time + 1); the candle's open */
	double high, low, close;
	double max_gain_pct, drawdown_pct, current_gain_pct;
	char status[16];          /* the signal's status after the candle */
};

struct confirmation_row {
	enum confirmation type;
	int64_t time;
	int has_value;
	double value;
};

struct score_row {
	int64_t time;
	double part[NFACTORS];
	double total;
	char level[16];
};

/* Call fn for each tracking row, confirmation or score of signal id, in
 * time order (confirmations: then by type). 0 or -1. */
int store_tracking_each(struct store *s, const char *id,
			void (*fn)(void *ctx, const struct tracking_row *r), void *ctx);
int store_confirmation_each(struct store *s, const char *id,
			    void (*fn)(void *ctx, const struct confirmation_row *r), void *ctx);
int store_score_each(struct store *s, const char *id,
		     void (*fn)(void *ctx, const struct score_row *r), void *ctx);

/* Delete the tracking rows of signal id. 0 or -1. */
int store_tracking_delete(struct store *s, const char *id);

/* The size and row counts of a store (cb-validate status). */
struct store_counts {
	int64_t size_bytes;       /* pages in use times the page size */
	int64_t candles, signals, tracking, confirmations, scores;
	int64_t by_status[LC_NSTATUS];
	int64_t newest_update;    /* the latest last_time of any signal, or -1 */
};

/* Fill *c. 0 or -1. */
int store_counts(struct store *s, struct store_counts *c);

/* Call fn for each series of the candles table with its number of candles
 * and newest candle (open and close time), by exchange, market, symbol,
 * interval. 0 or -1. */
int store_series_each(struct store *s,
		      void (*fn)(void *ctx, const char *exchange, const char *market,
				 const char *symbol, const char *interval, int64_t candles,
				 int64_t newest_open, int64_t newest_close),
		      void *ctx);

#endif
