/* record: the one reader of NDJSON records (cb-formats(5)), driven by a table.
 *
 * A record type is a table of members: name, kind, required or optional,
 * bounds, where in the caller's struct the value goes and which bit says it
 * is there. rec_parse reads one line into such a struct in a single pass:
 * any member order, any JSON whitespace, unknown members ignored, escapes
 * resolved. A new record type is a table and, at most, a finish function
 * for rules between members.
 *
 * The rules every type shares:
 *  - "type" names the record type; a line whose type is another one is
 *    REC_OTHER whatever else it holds; a line without "type" is read as the
 *    table's type.
 *  - null is absent, for every optional member of every type: the default
 *    applies (and the has-bit is clear). For a required member null is a
 *    wrong value ("candle: 'open' is not a number").
 *  - A member given twice: the last one counts.
 *  - The first problem found is reported; reading goes on to the end of the
 *    line, since a later "type" may show the record is of another type, and
 *    invalid JSON anywhere wins over everything ("invalid JSON at column N:
 *    ..."). Then a missing required member, in table order
 *    ("signal: 'price' is missing"), then the finish function's rules. */
#ifndef CB_RECORD_H
#define CB_RECORD_H

#include <stddef.h>
#include <stdint.h>

struct jfield;

/* Result of every record parser. */
enum { REC_OK = 0, REC_OTHER = 1, REC_BAD = -1 };

enum rec_kind {
	RK_NAME,      /* char[cap]: string of [a-z0-9_-], 1 to cap-1 bytes */
	RK_SYMBOL,    /* char[cap]: string of [A-Za-z0-9._/-], 1 to cap-1 bytes */
	RK_STRING,    /* char[cap]: any string of at most cap-1 bytes */
	RK_INTERVAL,  /* const struct interval *: one of interval_names() */
	RK_NUMBER,    /* double */
	RK_INT,       /* int64_t: a number with an integral value, |v| <= 2^53 */
	RK_BOOL,      /* int: true 1, false 0 */
	RK_CUSTOM,    /* parse(): anything else (objects, arrays, enums) */
	RK_ANY        /* any value, not stored: only its presence counts */
};

/* rec_member.flags */
enum {
	REC_REQUIRED = 1 << 0,  /* missing: "T: 'name' is missing" */
	REC_NONNEG = 1 << 1     /* a negative number is rejected */
};

struct rec_member {
	const char *name;
	enum rec_kind kind;
	unsigned flags;         /* REC_* */
	size_t off;             /* offsetof the value in the record struct */
	size_t cap;             /* RK_NAME, RK_SYMBOL, RK_STRING: bytes at off */
	/* If has_bit is not 0: the unsigned (or int) word at has_off gets
	 * has_bit when the member is present and not null. */
	size_t has_off;
	unsigned has_bit;
	/* Optional members: the value when absent or null (def_str for
	 * strings, def_num for numbers, integers and booleans; neither: zero,
	 * as the struct is cleared first). */
	const char *def_str;
	double def_num;
	int has_def;            /* 1: def_num applies (def_str applies when set) */
	/* If set, the message for any wrong value: "T: 'name' <msg>", and for
	 * RK_INTERVAL "T: 'name' <msg> <interval names>". */
	const char *msg;
	/* RK_CUSTOM: store f (never null) into rec; on a wrong value call
	 * rec_bad and return. */
	void (*parse)(void *rec, const struct jfield *f, char *err, size_t errlen);
};

/* The members present in one line, as bits (1 << index in the table). */
#define REC_BIT(i) (UINT64_C(1) << (i))

struct rec_type {
	const char *name;       /* the "type" value, and the prefix of messages */
	size_t size;            /* sizeof the record struct */
	const struct rec_member *m;
	int n;                  /* members in m, at most 63 */
	/* Called after a line was read without problems: rules between members
	 * and computed defaults. seen: members present and not null; present:
	 * members present, null or not. Returns 0, or -1 after rec_bad. */
	int (*finish)(void *rec, uint64_t seen, uint64_t present, char *err, size_t errlen);
	/* Filled on first use: the member lookup table. */
	struct {
		int ready;
		unsigned a, b;
		signed char slot[128];
		unsigned char len[64];
		char name[64][32];  /* names zero-padded, for word compares */
		signed char next[66];  /* the member after member i (n: "type",
					* n + 1: unknown, n + 2: the start) in the
					* last line read: tried first */
		size_t tlen;
		char tlit[8];       /* "name" with its quotes, if it fits */
		uint64_t required, defaults;  /* members by flag, as REC_BIT */
	} idx;
};

/* Read line[0..len) as a record of type t into rec (t->size bytes; cleared
 * first, then defaults). Returns REC_OK; REC_OTHER if the line is a valid
 * record of another type (rec is unspecified); REC_BAD if it is not valid
 * JSON or not a valid record of type t, with a message in err (errlen bytes,
 * truncated if need be). Allocates nothing. Not thread-safe: t->idx is
 * built on the first call and remembers the member order of the last line. */
int rec_parse(struct rec_type *t, void *rec, const char *line, size_t len, char *err,
	      size_t errlen);

/* The index in t->m of the member whose key (escapes unresolved) is
 * key[0..klen), kesc telling whether it has escapes; t->n for "type"; -1
 * if none is. */
int rec_member_of(struct rec_type *t, const char *key, size_t klen, int kesc);

/* Keep a message for the first problem of a record: write the printf-style
 * message into err unless err already holds one. */
void rec_bad(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* 1 if the NUL-terminated s is a valid value of kind (RK_NAME or RK_SYMBOL)
 * of at most max bytes. */
int rec_name_ok(const char *s, enum rec_kind kind, size_t max);

#endif
