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

#include "candle.h"
#include "market.h"

struct store {
	sqlite3 *db;
	const char *path;
	sqlite3_stmt *put_candle;
	sqlite3_stmt *get_cover, *put_cover;
	sqlite3_stmt *put_oi, *put_symbol;
};

/* Open or create the store at path and migrate it to the current schema.
 * Returns 0, or -1 after printing an error that names the file. */
int store_open(struct store *s, const char *path);

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

#endif
