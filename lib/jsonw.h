/* jsonw: write one NDJSON record into a buf.
 *
 * Members appear in the order of the calls, so output is deterministic.
 * Numbers use the shortest text that reads back to the same double
 * (fmt_double); a NaN or infinite number is written as null. */
#ifndef CB_JSONW_H
#define CB_JSONW_H

#include <stdint.h>

#include "buf.h"

/* Start a record: appends '{'. */
static inline void jw_begin(struct buf *b) { buf_addc(b, '{'); }
/* End a record: appends "}\n". */
static inline void jw_end(struct buf *b) { buf_add(b, "}\n", 2); }

/* Append a member "key": with a separating comma when needed. Keys are
 * written as given (cb's keys need no escaping). */
void jw_key(struct buf *b, const char *key);
/* Append the string s[0..n), quoted and escaped, as a value. */
void jw_strval(struct buf *b, const char *s, size_t n);

/* Members of each kind. */
void jw_str(struct buf *b, const char *key, const char *s);
void jw_num(struct buf *b, const char *key, double v);
void jw_int(struct buf *b, const char *key, int64_t v);
void jw_bool(struct buf *b, const char *key, int v);
void jw_null(struct buf *b, const char *key);
/* A number member, or null when has is 0. */
void jw_num_or_null(struct buf *b, const char *key, int has, double v);
/* Append raw JSON text as a member's value (caller guarantees it is valid). */
void jw_raw(struct buf *b, const char *key, const char *json, size_t n);

#endif
