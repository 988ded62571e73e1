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
 * -2 if it does not fit (cap - 1 bytes at most). */
long jfield_string(const struct jfield *f, char *dst, size_t cap);

/* 1 if the string value equals s (escapes resolved); 0 otherwise or if not a string. */
int jfield_str_is(const struct jfield *f, const char *s);

/* Find the top-level "type" member of the object text[0..len) and copy its
 * string value into dst (cap bytes). Returns the length, 0 if there is no
 * "type" member, -1 on a syntax error or a non-string or too long type (with
 * *err set to a static message). */
long json_record_type(const char *text, size_t len, char *dst, size_t cap,
		      const char **err);

#endif
