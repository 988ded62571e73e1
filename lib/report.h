/* report: records for a person or a program, written the same way: as
 * NDJSON records on standard output (through out.h), or as aligned columns
 * (--format table), one table per record type with a header line of the
 * member names.
 *
 *	report_begin(r, "status");
 *	report_str(r, "id", id);
 *	report_num(r, "max_gain_pct", 1, 12.5, 2);
 *	report_end(r);
 *	...
 *	report_release(r);   (prints the tables)
 *
 * Every record of one type must have the same members in the same order
 * (as cb-formats(5) requires anyway). In a table, null is "-", times are
 * "2025-05-01 04:00" (UTC), numbers have the decimals asked for, and the
 * member "type" is left out: it names the table. */
#ifndef CB_REPORT_H
#define CB_REPORT_H

#include <stdint.h>

#include "buf.h"

struct report_table;

struct report {
	int table;                  /* 1: aligned columns, else NDJSON */
	struct buf rec;             /* NDJSON: the record being written */
	struct report_table *cur;   /* table: the table of the current type */
	struct report_table *tables;
	int ntables;
};

/* Start a report; table selects the format. The report owns its memory. */
void report_init(struct report *r, int table);

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
