#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "choice.h"
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

struct report_count {
	char type[32];
	long n;
};

void report_init(struct report *r, enum report_format format)
{
	memset(r, 0, sizeof *r);
	r->format = format;
	r->table = format != REPORT_JSON;
}

int report_format_find(const char *name)
{
	static const char *const names[] = { "json", "table", "csv", "tsv", NULL };

	return choice_find(name, names);
}

void report_set_limit(struct report *r, long limit)
{
	r->limit = limit;
}

/* Count a record of type; 1 when it is past the limit. */
static int past_limit(struct report *r, const char *type)
{
	struct report_count *c = NULL;

	if (r->limit <= 0)
		return 0;
	for (int i = 0; i < r->ncounts; i++)
		if (!strcmp(r->counts[i].type, type))
			c = &r->counts[i];
	if (!c) {
		r->counts = xreallocarray(r->counts, (size_t)r->ncounts + 1, sizeof *r->counts);
		c = &r->counts[r->ncounts++];
		snprintf(c->type, sizeof c->type, "%s", type);
		c->n = 0;
	}
	return ++c->n > r->limit;
}

void report_begin(struct report *r, const char *type)
{
	struct report_table *t = NULL;

	r->skip = past_limit(r, type);
	if (r->skip)
		return;
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

	if (r->skip)
		return;
	if (!text)
		text = r->format == REPORT_TABLE ? "-" : "";

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
	if (r->skip)
		return;
	if (!r->table) {
		if (s)
			jw_str(&r->rec, key, s);
		else
			jw_null(&r->rec, key);
		return;
	}
	cell(r, key, s, 0);
}

void report_int(struct report *r, const char *key, int has, int64_t v)
{
	char t[32];

	if (r->skip)
		return;
	if (!r->table) {
		if (has)
			jw_int(&r->rec, key, v);
		else
			jw_null(&r->rec, key);
		return;
	}
	snprintf(t, sizeof t, "%lld", (long long)v);
	cell(r, key, has ? t : NULL, 1);
}

void report_time(struct report *r, const char *key, int has, int64_t ms)
{
	char t[40];

	if (!r->table) {
		report_int(r, key, has, ms);
		return;
	}
	if (!has) {
		cell(r, key, NULL, 0);
		return;
	}
	time_format(t, ms);
	/* 2025-05-01T04:00:00Z, in an aligned table with a space for the T
	 * and no seconds when 0. */
	if (r->format == REPORT_TABLE) {
		t[10] = ' ';
		if (!strcmp(t + 16, ":00Z"))
			t[16] = '\0';
	}
	cell(r, key, t, 0);
}

void report_num(struct report *r, const char *key, int has, double v, int decimals)
{
	char t[64];

	if (r->skip)
		return;
	if (!r->table) {
		jw_num_or_null(&r->rec, key, has, v);
		return;
	}
	snprintf(t, sizeof t, "%.*f", decimals, v);
	cell(r, key, has ? t : NULL, 1);
}

void report_bool(struct report *r, const char *key, int v)
{
	if (r->skip)
		return;
	if (!r->table)
		jw_bool(&r->rec, key, v);
	else
		cell(r, key, v ? "yes" : "no", 0);
}

void report_raw(struct report *r, const char *key, const char *json, size_t n,
		const char *text)
{
	if (r->skip)
		return;
	if (!r->table)
		jw_raw(&r->rec, key, json, n);
	else
		cell(r, key, text && *text ? text : NULL, 0);
}

void report_end(struct report *r)
{
	struct report_table *t = r->cur;

	if (r->skip)
		return;
	if (!r->table) {
		jw_end(&r->rec);
		out_write(r->rec.p, r->rec.len);
		return;
	}
	if (t->ncols < 0)
		t->ncols = t->col;
	while (t->col < t->ncols)
		cell(r, "", NULL, 0);
}

/* Add field s to b as CSV (RFC 4180) or TSV have it. */
static void add_field(struct buf *b, const char *s, enum report_format f)
{
	if (f == REPORT_CSV) {
		if (!s[strcspn(s, ",\"\r\n")]) {
			buf_adds(b, s);
			return;
		}
		buf_addc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_addc(b, '"');
			buf_addc(b, *s);
		}
		buf_addc(b, '"');
		return;
	}
	for (; *s; s++) {
		const char *esc = *s == '\t' ? "\\t" : *s == '\n' ? "\\n" :
				  *s == '\r' ? "\\r" : *s == '\\' ? "\\\\" : NULL;

		if (esc)
			buf_adds(b, esc);
		else
			buf_addc(b, *s);
	}
}

/* A table as CSV or TSV: a header line, then a line per record. */
static void print_separated(const struct report_table *t, enum report_format f,
			    int blank_before)
{
	size_t nrows = t->ncols > 0 ? t->ncells / (size_t)t->ncols : 0;
	struct buf b = BUF_INIT;

	if (t->ncols <= 0)
		return;
	if (blank_before)
		buf_addc(&b, '\n');
	for (size_t i = 0; i <= nrows; i++) {
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				buf_addc(&b, f == REPORT_CSV ? ',' : '\t');
			add_field(&b, i ? t->cells[(i - 1) * (size_t)t->ncols + (size_t)c]
				       : t->keys[c], f);
		}
		buf_addc(&b, '\n');
		out_write(b.p, b.len);
		buf_reset(&b);
	}
	buf_release(&b);
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
		if (r->format == REPORT_TABLE)
			print_table(&r->tables[i], i > 0);
		else
			print_separated(&r->tables[i], r->format, i > 0);
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
	free(r->counts);
	r->counts = NULL;
	r->ncounts = 0;
}
