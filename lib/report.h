/* report: records for a person or a program, written the same way: as
 * NDJSON records on standard output (through out.h), or as columns, one
 * table per record type with a header line of the member names: aligned
 * for a person (--format table), CSV as RFC 4180 has it (--format csv) or
 * tab-separated (--format tsv).
 *
 *	report_begin(r, "status");
 *	report_str(r, "id", id);
 *	report_num(r, "max_gain_pct", 1, 12.5, 2);
 *	report_end(r);
 *	...
 *	report_release(r);   (prints the tables)
 *
 * Every record of one type must have the same members in the same order
 * (as cb-formats(5) requires anyway). In an aligned table, null is "-" and
 * times are "2025-05-01 04:00" (UTC); in CSV and TSV null is an empty
 * field and times are "2025-05-01T04:00:00Z". Numbers have the decimals
 * asked for, and the member "type" is left out: it names the table.
 * CSV quotes a field holding a comma, a double quote, CR or LF (doubling
 * its quotes); TSV writes a tab, LF, CR and backslash in a field as \t,
 * \n, \r and \\. Lines end with LF. */
#ifndef CB_REPORT_H
#define CB_REPORT_H

#include <stdint.h>

#include "buf.h"

struct report_table;

enum report_format { REPORT_JSON, REPORT_TABLE, REPORT_CSV, REPORT_TSV };

struct report_count;

struct report {
	enum report_format format;
	int table;                  /* 1: columns (table, csv, tsv), else NDJSON */
	long limit;                 /* at most this many records of a type; 0: all */
	int skip;                   /* the current record is past the limit */
	struct report_count *counts;
	int ncounts;
	struct buf rec;             /* NDJSON: the record being written */
	struct report_table *cur;   /* table: the table of the current type */
	struct report_table *tables;
	int ntables;
};

/* Start a report in the given format. The report owns its memory. */
void report_init(struct report *r, enum report_format format);

/* The format named name ("json", "table", "csv", "tsv", any case), or -1. */
int report_format_find(const char *name);

/* Write at most limit records of each type (0: no limit); later records
 * of a type are dropped, member calls and all. */
void report_set_limit(struct report *r, long limit);

/* Start a record of the given type (its "type" member). */
void report_begin(struct report *r, const char *type);

/* Members. A string NULL, or has 0, is null. decimals: places in a table
 * (JSON always has the shortest exact text). */
void report_str(struct report *r, const char *key, const char *s);
void report_int(struct report *r, const char *key, int has, int64_t v);
void report_time(struct report *r, const char *key, int has, int64_t ms);
void report_num(struct report *r, const char *key, int has, double v, int decimals);
void report_bool(struct report *r, const char *key, int v);
/* A member whose JSON text is json[0..n) (valid JSON, e.g. an array), shown
 * in a table as text. */
void report_raw(struct report *r, const char *key, const char *json, size_t n,
		const char *text);

/* End the record: NDJSON writes it out; a table keeps it. */
void report_end(struct report *r);

/* Write the tables kept so far (each with its header, separated by a blank
 * line, in order of first use) and forget them. Nothing in NDJSON mode. */
void report_flush(struct report *r);

/* report_flush, then free everything. */
void report_release(struct report *r);

#endif
