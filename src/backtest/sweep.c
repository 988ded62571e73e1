/* sweep: the --sweep grid (sweep.h). */
#include "sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const struct opt *find_opt(const struct opt *tab, const char *name)
{
	for (; tab->name; tab++)
		if (tab->has_arg && !strcmp(tab->name, name))
			return tab;
	return NULL;
}

static int fail(struct sweep *sw, char *err, size_t errlen, const char *what, const char *s)
{
	snprintf(err, errlen, "%s '%s'", what, s);
	sweep_free(sw);
	return -1;
}

int sweep_parse(struct sweep *sw, const char *spec, const struct opt *tab, char *err,
		size_t errlen)
{
	size_t ndim = 1;
	char *p;

	memset(sw, 0, sizeof *sw);
	sw->copy = xstrdup(spec);
	for (const char *q = spec; *q; q++)
		ndim += *q == ';';
	sw->dim = xcalloc(ndim + 1, sizeof *sw->dim);
	sw->total = 1;
	p = sw->copy;
	for (size_t d = 0; d < ndim; d++) {
		struct sweep_dim *dm = &sw->dim[d];
		char *end = p + strcspn(p, ";"), *eq, *v;
		size_t nval = 1;

		*end = '\0';
		eq = strchr(p, '=');
		if (!eq || eq == p)
			return fail(sw, err, errlen, "not NAME=VALUE,...:", p);
		*eq = '\0';
		dm->opt = find_opt(tab, p);
		if (!dm->opt)
			return fail(sw, err, errlen, "no option of that name takes a value:", p);
		for (size_t e = 0; e < d; e++)
			if (sw->dim[e].opt == dm->opt)
				return fail(sw, err, errlen, "given twice:", p);
		for (v = eq + 1; *v; v++)
			nval += *v == ',';
		dm->val = xcalloc(nval, sizeof *dm->val);
		v = eq + 1;
		for (size_t i = 0; i < nval; i++) {
			size_t n = strcspn(v, ",");

			v[n] = '\0';
			if (!n)
				return fail(sw, err, errlen, "an empty value of", dm->opt->name);
			dm->val[dm->nval++] = v;
			v += n + 1;
		}
		if (sw->total > SWEEP_MAX / dm->nval)
			return fail(sw, err, errlen, "more than 100000 configurations at", dm->opt->name);
		sw->total *= dm->nval;
		sw->ndim++;
		p = end + 1;
	}
	return 0;
}

void sweep_values(const struct sweep *sw, size_t k, const char **val)
{
	for (size_t d = sw->ndim; d-- > 0;) {
		val[d] = sw->dim[d].val[k % sw->dim[d].nval];
		k /= sw->dim[d].nval;
	}
}

void sweep_label(const struct sweep *sw, size_t k, struct buf *b)
{
	const char **val = xcalloc(sw->ndim + 1, sizeof *val);

	sweep_values(sw, k, val);
	for (size_t d = 0; d < sw->ndim; d++) {
		if (d)
			buf_addc(b, ';');
		buf_adds(b, sw->dim[d].opt->name);
		buf_addc(b, '=');
		buf_adds(b, val[d]);
	}
	free(val);
}

void sweep_free(struct sweep *sw)
{
	for (size_t d = 0; d < sw->ndim; d++)
		free(sw->dim[d].val);
	/* A dimension that failed mid-way may hold values too. */
	if (sw->dim && sw->dim[sw->ndim].opt)
		free(sw->dim[sw->ndim].val);
	free(sw->dim);
	free(sw->copy);
	memset(sw, 0, sizeof *sw);
}
