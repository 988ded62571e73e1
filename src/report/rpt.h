/* cb-report: what its files share. collect.c reads the store and the jobs
 * log into a struct rpt; html.c writes it as a page, prom.c as Prometheus
 * metrics. */
#ifndef CB_REPORT_RPT_H
#define CB_REPORT_RPT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "candle.h"
#include "lcbase.h"
#include "lifecycle.h"
#include "signalrec.h"
#include "strength.h"

/* The most recent final signals shown in the history. */
#define RPT_HISTORY 100

/* One series of the candles table. */
struct rpt_series {
	char exchange[CANDLE_NAME_MAX], market[CANDLE_NAME_MAX];
	char symbol[CANDLE_NAME_MAX], interval[CANDLE_NAME_MAX];
	int64_t candles, newest_open, newest_close;
	int64_t lag_ms;               /* now - (newest_close + 1), at least 0 */
};

/* The last run of one job, from the jobs log. */
struct rpt_job {
	char name[64];
	int64_t start, end;
	int64_t status;
	char summary[512];
};

/* A signal as the page shows it. */
struct rpt_signal {
	char id[SIGNAL_ID_MAX];
	char symbol[CANDLE_NAME_MAX];
	const char *interval;
	int64_t detected_at, status_time;
	enum strength strength;
	double total;
	char level[16];
	enum lc_status status;
	long tracked;
	double max_gain_pct, drawdown_pct;
};

/* Counts of one group of the statistics. */
struct rpt_group {
	const char *value;            /* "WEAK", ... ; "all" */
	long signals, active, decided, confirmed;
};

/* An open position. Live positions have no mark in the store. */
struct rpt_position {
	const char *mode;             /* "paper" or "live" */
	char signal_id[SIGNAL_ID_MAX];
	char symbol[CANDLE_NAME_MAX];
	int side;
	int64_t entry_time;
	double entry_price, quantity, notional;
	int has_mark;
	double mark, unrealized;
};

/* The equity curve of one mode: cumulative realized pnl after each trade,
 * by exit time. */
struct rpt_curve {
	const char *mode;
	int64_t *t;
	double *pnl;                  /* cumulative */
	size_t n, cap;
};

struct rpt {
	const char *db_path;          /* the store named (may not exist) */
	int has_store;                /* it exists and was read */
	const char *jobs_path;
	int has_jobs;                 /* the jobs log exists */
	int64_t now;

	struct rpt_series *series;
	size_t nseries, series_cap;
	struct rpt_job *jobs;         /* sorted by name */
	size_t njobs;

	long by_status[LC_NSTATUS];
	long nsignals;
	struct rpt_signal *active;    /* DETECTED and MONITORING, oldest first */
	size_t nactive, active_cap;
	struct rpt_signal *history;   /* CONFIRMED and FAILED, newest first, at most
					 RPT_HISTORY */
	size_t nhistory;
	long nfinal;                  /* every CONFIRMED and FAILED signal */
	struct rpt_group all, strength[4], level[4];
	struct lc_base_count base;    /* the base rate (lcbase.h) */
	size_t base_series;           /* over this many series */

	struct rpt_position *pos;
	size_t npos, pos_cap;
	long open_paper, open_live;
	struct rpt_curve curve[2];    /* paper, live */
};

/* Fill r from the store at r->db_path (when it exists: r->has_store) and
 * the jobs log at r->jobs_path (when it exists). Rejected job lines are
 * reported (msg.h reject). Returns 0, or -1 after printing an error. */
int rpt_collect(struct rpt *r);

/* Read the jobs log into r->jobs (collect.c uses it). 0 or -1. */
int rpt_read_jobs(struct rpt *r);

/* Free what r holds. */
void rpt_release(struct rpt *r);

/* The confirmation rate of g in percent; has is 0 when nothing was
 * decided. And the base rate of r. */
double rpt_rate(const struct rpt_group *g, int *has);
double rpt_base_rate(const struct rpt *r, int *has);

/* Append the page (html.c) or the metrics (prom.c) for r to b. */
void rpt_html(struct buf *b, const struct rpt *r);
void rpt_prom(struct buf *b, const struct rpt *r);

#endif
