/* cb-order's own parts: what main.c (the command line, paper trading and
 * the queries) and live.c (live trading) share. */
#ifndef CB_TRADE_ORDER_H
#define CB_TRADE_ORDER_H

#include <stdint.h>

#include "buf.h"
#include "replay.h"
#include "replayin.h"
#include "store/store.h"

/* What the command line chose. */
struct order_opts {
	struct bt_config cfg;
	const char *db;
	const char *mode;          /* "paper" or "live" */
	const char *reason;        /* halt --reason */
	const char *key_file;      /* --key-file, or NULL: the environment */
	const char *symbol;        /* flatten --symbol, or NULL: all */
	int margin_isolated;       /* --margin isolated (else crossed) */
	double max_deviation_pct;  /* 0: no check */
	long max_orders_per_min;
	int has_delay;             /* --max-entry-delay was given */
};
extern struct order_opts o;

/* The input read (order_read), and the last record of each signal in it
 * or in the store (NULL if none). */
extern struct bt_input input;
const char *order_signal_line(const char *id);

/* Read files (NULL-terminated list of nfiles; none: standard input) into
 * input, keeping each signal's last record. */
void order_read(char **files, int nfiles);

/* Start an empty input, as order_read does, without reading anything. */
void order_read_init(void);

/* A record of a signal from the store: read unless the input holds a
 * newer one. Dies if it cannot be read. */
void order_read_stored(const char *id, const char *record);

/* store_order_signal_each's callback that reads each stored record as
 * order_read_stored does (ctx unused). */
void order_on_stored(void *ctx, const char *id, const char *record, const char *reason,
		     int64_t time);

/* Signal ids, collected (order_ids_add, or order_on_id as a callback of
 * store_order_signal_each with the list as ctx), then sorted once for
 * lookups. The list owns copies of the ids. */
struct order_ids {
	char **v;
	size_t n;
};
void order_ids_add(struct order_ids *l, const char *id);
void order_on_id(void *ctx, const char *id, const char *record, const char *reason,
		 int64_t time);
void order_ids_sort(struct order_ids *l);
/* 1 if id is in l (sorted), else 0. */
int order_ids_has(const struct order_ids *l, const char *id);
void order_ids_free(struct order_ids *l);

/* Free what order_read kept. */
void order_read_free(void);

/* Open the store (writes: create or migrate it; else read only, and it
 * must exist). Exits 1 after a message on failure. */
struct store *order_open_store(int writes, struct buf *path);

/* Live trading (live.c). Each returns the exit status. */
int live_run(char **files, int nfiles);
int live_reconcile(void);
int live_flatten(void);
int live_place(void);
int live_cancel(const char *client_id);

#endif
