/* cb-validate: what its commands share. */
#ifndef CB_VALIDATE_H
#define CB_VALIDATE_H

#include <stdint.h>

#include "lifecycle.h"
#include "report.h"
#include "score.h"
#include "store/candles.h"
#include "store/signals.h"

/* list --sort: the order of the signals. */
enum list_sort { SORT_DETECTED, SORT_NEWEST, SORT_SYMBOL, SORT_GAIN, SORT_SCORE };

/* stats --by: the groups after "all" (BY_DEFAULT: strengths and levels). */
enum stats_by { BY_DEFAULT, BY_SYMBOL, BY_STRENGTH, BY_LEVEL, BY_INTERVAL, BY_MONTH };

struct validate {
	struct store *store;
	const char *db_path;
	struct lc_rules lc;
	struct score_rules score;
	int pass, track;               /* -p, --track */
	struct report rep;             /* the output (JSON or table) */
	/* Queries */
	int active, history;
	int has_since;
	int64_t since;
	int has_status;
	enum lc_status status;
	const char *symbol;
	int has_strength;
	enum strength strength;
	enum list_sort sort;
	enum stats_by by;
	int64_t older_than_ms;
	const char *weights_file;      /* calibrate: --weights-file */
	double holdout_pct;            /* calibrate: --holdout (30) */
	char **args;                   /* operands after the command */
	int nargs;
};

/* The filter: register signals and follow them with candles (track.c).
 * Returns the exit status. */
int cmd_track(struct validate *v);

/* The queries and the prune job (query.c). Each returns the exit status. */
int cmd_list(struct validate *v);
int cmd_show(struct validate *v);
int cmd_stats(struct validate *v);
int cmd_status(struct validate *v);
int cmd_prune(struct validate *v);
int cmd_calibrate(struct validate *v);

/* The output records of cb-validate, in cb-formats(5), written by both
 * the filter and the queries (output.c). */
void rec_status(struct report *r, const struct signal_row *row, const struct lc_transition *t);
void rec_score(struct report *r, const char *id, const char *symbol, int64_t time,
	       const double part[NFACTORS], double total, const char *level,
	       unsigned confirmations);
void rec_tracking(struct report *r, const char *id, const char *symbol,
		  const struct tracking_row *t);
void rec_validation(struct report *r, const struct signal_row *row);
void rec_confirmation(struct report *r, const char *id, const char *symbol,
		      const struct confirmation_row *c);

#endif
