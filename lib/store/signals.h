/* store/signals: cb-validate's tables of the store: signals followed after
 * their detection (cb-validate(1)), with their tracking, confirmations and
 * score history (tables signals, signal_tracking, signal_confirmations,
 * signal_scores). Every function returns -1 after printing an error that
 * names the store. */
#ifndef CB_STORE_SIGNALS_H
#define CB_STORE_SIGNALS_H

#include <stdint.h>

#include "lifecycle.h"
#include "score.h"
#include "signalrec.h"
#include "store/store.h"

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
/* Call fn for each final signal (outcome CONFIRMED or FAILED, archived or
 * not) with the points of its first score (the parts it had when first
 * seen: volume, oi, spot_sync, confirmation, timing), whether it was
 * CONFIRMED, and its detected_at; for cb-validate calibrate. 0 or -1. */
int store_calibration_each(struct store *s,
			   void (*fn)(void *ctx, const double part[5], int confirmed,
				      int64_t detected_at),
			   void *ctx);

int store_score_each(struct store *s, const char *id,
		     void (*fn)(void *ctx, const struct score_row *r), void *ctx);

/* Delete the tracking rows of signal id. 0 or -1. */
int store_tracking_delete(struct store *s, const char *id);

/* The row counts of cb-validate's tables (cb-validate status). */
struct signal_counts {
	int64_t signals, tracking, confirmations, scores;
	int64_t by_status[LC_NSTATUS];
	int64_t newest_update;    /* the latest last_time of any signal, or -1 */
};

/* Fill *c. 0 or -1. */
int store_signal_counts(struct store *s, struct signal_counts *c);

#endif
