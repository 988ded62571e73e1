#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "jsonw.h"
#include "out.h"
#include "xalloc.h"

struct report_table {
	char type[32];
	int ncols;            /* fixed by the first record */
	char **keys;
	int *right;           /* numbers are aligned right */
	char **cells;         /* row-major, nrows * ncols (xstrdup'd) */
	size_t ncells, cap;
	int col;              /* in the record being written */
};

void report_init(struct report *r, int table)
{
	memset(r, 0, sizeof *r);
	r->table = table;
}

void report_begin(struct report *r, const char *type)
{
	struct report_table *t = NULL;

	if (!r->table) {
		buf_reset(&r->rec);
		jw_begin(&r->rec);
		jw_str(&r->rec, "type", type);
		return;
	}
	for (int i = 0; i < r->ntables; i++)
		if (!strcmp(r->tables[i].type, type))
			t = &r->tables[i];
	if (!t) {
		r->tables = xreallocarray(r->tables, (size_t)r->ntables + 1, sizeof *r->tables);
		t = &r->tables[r->ntables++];
		memset(t, 0, sizeof *t);
		snprintf(t->type, sizeof t->type, "%s", type);
		t->ncols = -1;
	}
	t->col = 0;
	r->cur = t;
}

/* Add one cell to the current table row. */
static void cell(struct report *r, const char *key, const char *text, int right)
{
	struct report_table *t = r->cur;
	int first = t->ncols < 0;

	if (first) {
		t->keys = xreallocarray(t->keys, (size_t)t->col + 1, sizeof *t->keys);
		t->right = xreallocarray(t->right, (size_t)t->col + 1, sizeof *t->right);
		t->keys[t->col] = xstrdup(key);
		t->right[t->col] = right;
	} else if (t->col >= t->ncols) {
		return;  /* cannot happen when records of a type agree */
	}
	if (t->ncells == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = xreallocarray(t->cells, t->cap, sizeof *t->cells);
	}
	t->cells[t->ncells++] = xstrdup(text);
	t->col++;
}

void report_str(struct report *r, const char *key, const char *s)
{
	if (!r->table) {
		if (s)
			jw_str(&r->rec, key, s);
		else
			jw_null(&r->rec, key);
		return;
	}
	cell(r, key, s ? s : "-", 0);
}

void report_int(struct report *r, const char *key, int has, int64_t v)
{
	char t[32];

	if (!r->table) {
		if (has)
			jw_int(&r->rec, key, v);
		else
			jw_null(&r->rec, key);
		return;
	}
	snprintf(t, sizeof t, "%lld", (long long)v);
	cell(r, key, has ? t : "-", 1);
}

void report_time(struct report *r, const char *key, int has, int64_t ms)
{
	char t[40];

	if (!r->table) {
		report_int(r, key, has, ms);
		return;
	}
	if (!has) {
		cell(r, key, "-", 0);
		return;
	}
	time_format(t, ms);
	/* 2025-05-01T04:00:00Z: a space for the T; no seconds when 0. */
	t[10] = ' ';
	if (!strcmp(t + 16, ":00Z"))
		t[16] = '\0';
	cell(r, key, t, 0);
}

void report_num(struct report *r, const char *key, int has, double v, int decimals)
{
	char t[64];

	if (!r->table) {
		jw_num_or_null(&r->rec, key, has, v);
		return;
	}
	snprintf(t, sizeof t, "%.*f", decimals, v);
	cell(r, key, has ? t : "-", 1);
}

void report_bool(struct report *r, const char *key, int v)
{
	if (!r->table)
		jw_bool(&r->rec, key, v);
	else
		cell(r, key, v ? "yes" : "no", 0);
}

void report_raw(struct report *r, const char *key, const char *json, size_t n,
		const char *text)
{
	if (!r->table)
		jw_raw(&r->rec, key, json, n);
	else
		cell(r, key, text && *text ? text : "-", 0);
}

void report_end(struct report *r)
{
	struct report_table *t = r->cur;

	if (!r->table) {
		jw_end(&r->rec);
		out_write(r->rec.p, r->rec.len);
		return;
	}
	if (t->ncols < 0)
		t->ncols = t->col;
	while (t->col < t->ncols)
		cell(r, "", "-", 0);
}

static void print_table(const struct report_table *t, int blank_before)
{
	size_t nrows = t->ncols > 0 ? t->ncells / (size_t)t->ncols : 0;
	size_t *w = xcalloc((size_t)t->ncols + 1, sizeof *w);
	struct buf b = BUF_INIT;

	if (t->ncols <= 0)
		goto out;
	for (int c = 0; c < t->ncols; c++) {
		w[c] = strlen(t->keys[c]);
		for (size_t i = 0; i < nrows; i++) {
			size_t n = strlen(t->cells[i * (size_t)t->ncols + (size_t)c]);

			if (n > w[c])
				w[c] = n;
		}
	}
	if (blank_before)
		buf_addc(&b, '\n');
	for (size_t i = 0; i <= nrows; i++) {
		for (int c = 0; c < t->ncols; c++) {
			const char *s = i ? t->cells[(i - 1) * (size_t)t->ncols + (size_t)c] : t->keys[c];
			size_t n = strlen(s), pad = w[c] - n;
			int last = c == t->ncols - 1;

			if (c)
				buf_add(&b, "  ", 2);
			if (t->right[c])
				for (size_t k = 0; k < pad; k++)
					buf_addc(&b, ' ');
			buf_add(&b, s, n);
			if (!t->right[c] && !last)
				for (size_t k = 0; k < pad; k++)
					buf_addc(&b, ' ');
		}
		buf_addc(&b, '\n');
		out_write(b.p, b.len);
		buf_reset(&b);
	}
out:
	buf_release(&b);
	free(w);
}

static void free_table(struct report_table *t)
{
	for (int c = 0; c < t->ncols || (t->ncols < 0 && c < t->col); c++)
		free(t->keys[c]);
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->keys);
	free(t->right);
	free(t->cells);
}

void report_flush(struct report *r)
{
	for (int i = 0; i < r->ntables; i++) {
		print_table(&r->tables[i], i > 0);
		free_table(&r->tables[i]);
	}
	free(r->tables);
	r->tables = NULL;
	r->ntables = 0;
	r->cur = NULL;
}

void report_release(struct report *r)
{
	report_flush(r);
	buf_release(&r->rec);
}
