/* sweep: cb-backtest's --sweep grid, 'take-profit=5,10,20;stop-loss=5,10':
 * options of the tool's table, each with a list of values; every
 * combination is one configuration. */
#ifndef CB_BACKTEST_SWEEP_H
#define CB_BACKTEST_SWEEP_H

#include <stddef.h>

#include "buf.h"
#include "opts.h"

#define SWEEP_MAX 100000   /* configurations at most */

struct sweep_dim {
	const struct opt *opt;   /* the option, in the caller's table */
	const char **val;        /* its values, pointing into sweep.copy */
	size_t nval;
};

struct sweep {
	struct sweep_dim *dim;
	size_t ndim;
	size_t total;            /* the number of configurations */
	char *copy;              /* the spec, cut into names and values */
};

/* Parse spec into sw: dimensions separated by ';', each NAME=V1,V2,...
 * where NAME is the long name of an option of tab that takes an argument,
 * given once. Returns 0, or -1 with a message in err (errlen bytes):
 * an empty or malformed dimension, an unknown name, a name given twice, an
 * empty value, more than SWEEP_MAX configurations. */
int sweep_parse(struct sweep *sw, const char *spec, const struct opt *tab, char *err,
		size_t errlen);

/* The values of configuration k (0 <= k < total) into val[0..ndim): the
 * first dimension varies slowest, as nested loops in the order given. */
void sweep_values(const struct sweep *sw, size_t k, const char **val);

/* Append "NAME=V;NAME=V" of configuration k to b. */
void sweep_label(const struct sweep *sw, size_t k, struct buf *b);

/* Free what sw holds. */
void sweep_free(struct sweep *sw);

#endif
