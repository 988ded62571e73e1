/* join: cb-score's stream join that holds each signal until the
 * context it is scored with has come, and what main.c shares with it. */
#ifndef CB_SCORE_JOIN_H
#define CB_SCORE_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "candle.h"
#include "fifo.h"
#include "history.h"
#include "volseries.h"

struct inst;

/* A candle series (exchange, market, symbol, interval), which is also the
 * series of its signals; or (iv NULL) the open interest of a symbol. */
struct src {
	char exchange[CANDLE_NAME_MAX], market[CANDLE_NAME_MAX], symbol[CANDLE_NAME_MAX];
	const struct interval *iv;       /* NULL for open interest */
	int seen;                        /* a record of it has been read */
	struct volseries v;
	struct history h;
	size_t trim_at;                  /* trim h when it reaches this length */
	struct src **cons;               /* the series whose signals use this one */
	int ncons;
	int futures;
	/* As the series of signals: */
	int have_sig;
	int64_t sig_t;                   /* open_time of the newest signal */
	struct fifo q;                   /* its held signals (struct pending *) */
	struct src *spot, *oi;           /* futures: the sources paired with it */
	char spot_symbol[CANDLE_NAME_MAX];
	double mult;                     /* futures price / spot price: 1000 for 1000PEPEUSDT */
	struct inst *inst;
};

/* A held signal: its line and what scoring needs of it. */
struct pending {
	char *line;
	size_t len;
	struct src *s;
	int64_t open_time, detected_at;
	double price, ratio;
	int has_ratio;
	int rescan;                      /* the line has members cb-score replaces */
	int64_t end;                     /* the signal candle's end: close_time + 1 */
	unsigned long long seq;          /* input order */
	int done;
};

/* How the join holds and trims. */
struct join_opts {
	int basis_candles;               /* candles of basis history each signal needs */
	int have_lateness;
	int64_t lateness;                /* with have_lateness: --lateness */
	/* Score and write p; called once per held signal, in release order. */
	void (*score)(struct pending *p);
};

/* Set up the join. */
void join_init(const struct join_opts *o);

/* The source of a candle series or of a symbol's open interest, created
 * (with its links to spot, open interest and other intervals) if new. */
struct src *join_series(const char *exchange, const char *market, const char *symbol,
			const struct interval *iv);
struct src *join_oi(const char *exchange, const char *symbol);

/* The source of the series of candle c, or NULL if it is not known yet. */
struct src *join_find(const struct candle *c);

/* Before appending a point to s's history: trim it when it is due. */
void join_before_push(struct src *s);

/* The stream has reached event time t. */
void join_event(int64_t t);

/* The newest event time of the stream, or INT64_MIN before any. */
int64_t join_watermark(void);

/* s has a new point: release the held signals that it completes. */
void join_notify(struct src *s);

/* Hold the signal p (of series p->s, the newest of it) until it is complete;
 * the join owns p and its line from now on. */
void join_hold(struct pending *p);

/* The histories of the lower intervals of s's instrument that have been
 * seen into out (at most cap); returns how many. */
int join_lower(const struct src *s, const struct history **out, int cap);

/* After each record with --lateness: release what is late enough. */
void join_late(void);

/* At the end of input: score everything still held, in input order. */
void join_end(void);

/* Free every source and what is held. */
void join_free(void);

#endif
