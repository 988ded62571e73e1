/* json: a fast reader for one JSON object per line (NDJSON records).
 *
 * The scanner walks the top-level members of an object in place, without
 * allocating: each member is a key span and a value span into the caller's
 * text, which must outlive the fields. Nested objects and arrays are checked
 * for syntax (to a depth of 64) and returned whole as spans. Strings are
 * checked for valid escapes and the absence of raw control characters; their
 * bytes are not checked as UTF-8. */
#ifndef CB_JSON_H
#define CB_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum jtype { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	     JSON_OBJECT, JSON_ARRAY };

struct jfield {
	const char *key;   /* key bytes between the quotes, escapes unresolved */
	size_t klen;
	enum jtype type;
	const char *val;   /* strings: bytes between the quotes; else the value text */
	size_t vlen;
	double num;        /* numbers: the value, converted while scanning */
	unsigned char kesc, vesc;  /* the key / string value contains a backslash */
};

struct jscan {
	const char *p, *end;
	int state;         /* 0 before '{', 1 in members, 2 done */
	const char *err;   /* after -1: what is wrong (a static string) */
};

/* The first byte at or after p that is not JSON whitespace (end if none). */
static inline const char *json_ws(const char *p, const char *end)
{
	if (p < end && (unsigned char)*p > ' ')
		return p;  /* the common case in NDJSON: no whitespace */
	if (end - p >= 2 && *p == ' ' && (unsigned char)p[1] > ' ')
		return p + 1;  /* the next: one space, as after ", " and ": " */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Scanning eight bytes at a time: */
#define JSON_ONES 0x0101010101010101ULL
#define JSON_HIGHS 0x8080808080808080ULL

/* Nonzero if some byte of v is below n (n <= 128); the lowest flagged byte
 * is always a true one (a borrow only flags bytes above it). */
static inline uint64_t json_bytes_below(uint64_t v, unsigned n)
{
	return (v - JSON_ONES * n) & ~v & JSON_HIGHS;
}

/* The first byte at or after q that ends a plain run of string bytes: '"',
 * '\\' or a control character; end if there is none. Eight bytes at a time. */
static inline const char *json_string_run(const char *q, const char *end)
{
	while (end - q >= 8) {
		uint64_t v, hit;

		memcpy(&v, q, 8);
		hit = json_bytes_below(v ^ (JSON_ONES * '"'), 1) |
		      json_bytes_below(v ^ (JSON_ONES * '\\'), 1) | json_bytes_below(v, 0x20);
		if (hit)
			return q + (__builtin_ctzll(hit) >> 3);
		q += 8;
	}
	while (q < end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
		q++;
	return q;
}

/* 1 if c may continue a JSON number (a digit, sign, point or exponent). */
static inline int json_num_char(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
	       c == 'e' || c == 'E';
}

/* Start scanning the object text[0..len). */
void jscan_init(struct jscan *s, const char *text, size_t len);

/* Store the next member in *f and return 1; return 0 after the closing '}'
 * (only whitespace may follow); return -1 on a syntax error, with s->err set
 * and s->p at the offending byte. */
int jscan_next(struct jscan *s, struct jfield *f);

/* 1 if the member's key, which has escapes, equals name[0..n) once they are
 * resolved. */
int jfield_key_is_escaped(const struct jfield *f, const char *name, size_t n);

/* 1 if the member's key equals name (escapes in the key are resolved).
 * Inline, so that a constant name's length is known when compiling. */
static inline int jfield_key_is(const struct jfield *f, const char *name)
{
	size_t n = strlen(name);

	if (!f->kesc)
		return f->klen == n && !memcmp(f->key, name, n);
	return jfield_key_is_escaped(f, name, n);
}

/* Store a JSON number value in *v and return 0; -1 if the value is not a number. */
int jfield_number(const struct jfield *f, double *v);

/* Store an integral number value (|v| <= 2^53) in *v and return 0; -1 if the
 * value is not such a number. */
int jfield_int(const struct jfield *f, int64_t *v);

/* Copy a string value, escapes resolved (\uXXXX as UTF-8), NUL-terminated,
 * into dst of cap bytes. Returns its length, -1 if the value is not a string,
 * -2 if it does not fit (cap - 1 bytes at most), -3 if it holds \u0000,
 * which a NUL-terminated copy would silently cut ("BTC\u0000USDT" is not
 * "BTC"). */
long jfield_string(const struct jfield *f, char *dst, size_t cap);

/* 1 if s[0..n) is valid UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF), else 0. JSON text is UTF-8 (RFC 8259); the scanner
 * leaves the bytes of strings unchecked, and readers that keep a string
 * check it with this. */
int json_utf8_ok(const char *s, size_t n);

/* 1 if the string value equals s (escapes resolved); 0 otherwise or if not a string. */
int jfield_str_is(const struct jfield *f, const char *s);

/* The pieces of the scanner, for readers that walk a record themselves
 * (lib/record.c). Each accepts exactly what jscan_next accepts.
 *
 * json_value: scan one value at p (no leading whitespace) at depth 1 into
 * *f. Returns the byte after it, or NULL with *err (a static message) and
 * *at (the offending byte) set.
 *
 * json_string_end: p is just after an opening quote. Returns the closing
 * quote, with *esc set if the string has a backslash, or NULL with *err set.
 *
 * json_unescape: resolve the escapes of the scanned string src[0..n) into
 * dst (cap bytes, NUL-terminated). Returns the length, -2 if it does not
 * fit, or -3 if it holds \u0000. */
const char *json_value(const char *p, const char *end, struct jfield *f, const char **err,
		       const char **at);
const char *json_string_end(const char *p, const char *end, unsigned char *esc,
			    const char **err);
long json_unescape(const char *src, size_t n, char *dst, size_t cap);

/* Find the top-level "type" member of the object text[0..len) and copy its
 * string value into dst (cap bytes). Returns the length, 0 if there is no
 * "type" member, -1 on a syntax error or a non-string or too long type (with
 * *err set to a static message). */
long json_record_type(const char *text, size_t len, char *dst, size_t cap,
		      const char **err);

#endif
