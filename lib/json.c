#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "xalloc.h"

#define JSON_DEPTH_MAX 64

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* p is just after the opening quote. On success return the closing quote and
 * set *esc; on error return NULL with *err set. */
static const char *scan_string(const char *p, const char *end, unsigned char *esc,
			       const char **err)
{
	*esc = 0;
	for (;;) {
		const char *q = json_string_run(p, end);

		if (q == end) {
			*err = "unterminated string";
			return NULL;
		}
		if (*q == '"')
			return q;
		if (*q != '\\') {
			*err = "control character in string";
			return NULL;
		}
		*esc = 1;
		q++;
		if (q == end) {
			*err = "unterminated string";
			return NULL;
		}
		switch (*q) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			p = q + 1;
			break;
		case 'u':
			if (end - q < 5 || hexval(q[1]) < 0 || hexval(q[2]) < 0 ||
			    hexval(q[3]) < 0 || hexval(q[4]) < 0) {
				*err = "bad \\u escape in string";
				return NULL;
			}
			p = q + 5;
			break;
		default:
			*err = "bad escape in string";
			return NULL;
		}
	}
}

const char *json_string_end(const char *p, const char *end, unsigned char *esc,
			    const char **err)
{
	return scan_string(p, end, esc, err);
}

/* Scan one value at p (no leading whitespace). On success return the byte
 * after it and fill type/val/vlen/vesc; on error return NULL with *err set
 * and *at at the offending byte. */
static const char *scan_value(const char *p, const char *end, int depth,
			      struct jfield *f, const char **err, const char **at)
{
	const char *q;
	unsigned char esc;

	*at = p;
	if (p == end) {
		*err = "value expected";
		return NULL;
	}
	switch (*p) {
	case '"':
		q = scan_string(p + 1, end, &esc, err);
		if (!q) {
			*at = p;
			return NULL;
		}
		f->type = JSON_STRING;
		f->val = p + 1;
		f->vlen = (size_t)(q - p - 1);
		f->vesc = esc;
		return q + 1;
	case '{':
	case '[': {
		char close = *p == '{' ? '}' : ']';
		struct jfield sub;
		int first = 1;

		if (depth >= JSON_DEPTH_MAX) {
			*err = "nested too deeply";
			return NULL;
		}
		f->type = *p == '{' ? JSON_OBJECT : JSON_ARRAY;
		f->val = p;
		q = json_ws(p + 1, end);
		for (;;) {
			*at = q;
			if (q < end && *q == close && first) {
				q++;
				break;
			}
			if (!first) {
				if (q < end && *q == close) {
					q++;
					break;
				}
				if (q == end || *q != ',') {
					*err = close == '}' ? "',' or '}' expected" : "',' or ']' expected";
					return NULL;
				}
				q = json_ws(q + 1, end);
				*at = q;
			}
			first = 0;
			if (close == '}') {
				if (q == end || *q != '"') {
					*err = "member name expected";
					return NULL;
				}
				q = scan_string(q + 1, end, &esc, err);
				if (!q)
					return NULL;
				q = json_ws(q + 1, end);
				*at = q;
				if (q == end || *q != ':') {
					*err = "':' expected";
					return NULL;
				}
				q = json_ws(q + 1, end);
			}
			q = scan_value(q, end, depth + 1, &sub, err, at);
			if (!q)
				return NULL;
			q = json_ws(q, end);
		}
		f->vlen = (size_t)(q - p);
		f->vesc = 0;
		return q;
	}
	case 't':
		if (end - p >= 4 && !memcmp(p, "true", 4)) {
			f->type = JSON_TRUE;
			goto literal;
		}
		break;
	case 'f':
		if (end - p >= 5 && !memcmp(p, "false", 5)) {
			f->type = JSON_FALSE;
			goto literal;
		}
		break;
	case 'n':
		if (end - p >= 4 && !memcmp(p, "null", 4)) {
			f->type = JSON_NULL;
			goto literal;
		}
		break;
	default:
		if (*p == '-' || (*p >= '0' && *p <= '9')) {
			q = num_scan(p, end, &f->num);
			if (!q || (q < end && json_num_char(*q))) {
				*err = "bad number";
				return NULL;
			}
			f->type = JSON_NUMBER;
			f->val = p;
			f->vlen = (size_t)(q - p);
			f->vesc = 0;
			return q;
		}
		break;
	}
	*err = "value expected";
	return NULL;
literal:
	f->val = p;
	f->vlen = f->type == JSON_FALSE ? 5 : 4;
	f->vesc = 0;
	q = p + f->vlen;
	if (q < end && ((*q >= 'a' && *q <= 'z') || json_num_char(*q))) {
		*err = "value expected";
		return NULL;
	}
	return q;
}

const char *json_value(const char *p, const char *end, struct jfield *f, const char **err,
		       const char **at)
{
	return scan_value(p, end, 1, f, err, at);
}

void jscan_init(struct jscan *s, const char *text, size_t len)
{
	s->p = text;
	s->end = text + len;
	s->state = 0;
	s->err = NULL;
}

int jscan_next(struct jscan *s, struct jfield *f)
{
	const char *p = json_ws(s->p, s->end), *at;
	unsigned char esc;

	if (s->state == 2)
		return 0;
	if (s->state == 0) {
		if (p == s->end || *p != '{') {
			s->p = p;
			s->err = "a record must be a JSON object";
			return -1;
		}
		p = json_ws(p + 1, s->end);
		if (p < s->end && *p == '}')
			goto done;
	} else {
		if (p < s->end && *p == '}')
			goto done;
		if (p == s->end || *p != ',') {
			s->p = p;
			s->err = "',' or '}' expected";
			return -1;
		}
		p = json_ws(p + 1, s->end);
	}
	if (p == s->end || *p != '"') {
		s->p = p;
		s->err = "member name expected";
		return -1;
	}
	f->key = p + 1;
	p = scan_string(p + 1, s->end, &esc, &s->err);
	if (!p) {
		s->p = f->key - 1;
		return -1;
	}
	f->klen = (size_t)(p - f->key);
	f->kesc = esc;
	p = json_ws(p + 1, s->end);
	if (p == s->end || *p != ':') {
		s->p = p;
		s->err = "':' expected";
		return -1;
	}
	p = json_ws(p + 1, s->end);
	p = scan_value(p, s->end, 1, f, &s->err, &at);
	if (!p) {
		s->p = at;
		return -1;
	}
	s->p = p;
	s->state = 1;
	return 1;
done:
	p = json_ws(p + 1, s->end);
	s->p = p;
	if (p != s->end) {
		s->err = "text after the end of the object";
		return -1;
	}
	s->state = 2;
	return 0;
}

long json_unescape(const char *src, size_t n, char *dst, size_t cap)
{
	const char *p = src, *end = src + n;
	size_t len = 0;

	while (p < end) {
		char tmp[4];
		size_t tn = 1;

		if (*p != '\\') {
			tmp[0] = *p++;
		} else {
			p++;
			switch (*p++) {
			case 'b': tmp[0] = '\b'; break;
			case 'f': tmp[0] = '\f'; break;
			case 'n': tmp[0] = '\n'; break;
			case 'r': tmp[0] = '\r'; break;
			case 't': tmp[0] = '\t'; break;
			case 'u': {
				unsigned long cp = 0;

				for (int i = 0; i < 4; i++)
					cp = cp << 4 | (unsigned long)hexval(*p++);
				if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 6 &&
				    p[0] == '\\' && p[1] == 'u') {
					unsigned long lo = 0;

					for (int i = 2; i < 6; i++)
						lo = lo << 4 | (unsigned long)hexval(p[i]);
					if (lo >= 0xdc00 && lo < 0xe000) {
						cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
						p += 6;
					}
				}
				if (cp == 0)
					return -3;  /* a C string cannot hold it */
				if (cp >= 0xd800 && cp < 0xe000)
					cp = 0xfffd;  /* lone surrogate */
				if (cp < 0x80) {
					tmp[0] = (char)cp;
				} else if (cp < 0x800) {
					tmp[0] = (char)(0xc0 | cp >> 6);
					tmp[1] = (char)(0x80 | (cp & 0x3f));
					tn = 2;
				} else if (cp < 0x10000) {
					tmp[0] = (char)(0xe0 | cp >> 12);
					tmp[1] = (char)(0x80 | (cp >> 6 & 0x3f));
					tmp[2] = (char)(0x80 | (cp & 0x3f));
					tn = 3;
				} else {
					tmp[0] = (char)(0xf0 | cp >> 18);
					tmp[1] = (char)(0x80 | (cp >> 12 & 0x3f));
					tmp[2] = (char)(0x80 | (cp >> 6 & 0x3f));
					tmp[3] = (char)(0x80 | (cp & 0x3f));
					tn = 4;
				}
				break;
			}
			default: tmp[0] = p[-1]; break;  /* " \ / */
			}
		}
		if (len + tn >= cap)
			return -2;
		memcpy(dst + len, tmp, tn);
		len += tn;
	}
	if (len >= cap)
		return -2;
	dst[len] = '\0';
	return (long)len;
}

/* 1 if the escaped text src[0..n) resolves to exactly s[0..sn). */
static int unescaped_is(const char *src, size_t n, const char *s, size_t sn)
{
	char tmp[256], *t = sn < sizeof tmp ? tmp : xmalloc(sn + 1);
	int eq = json_unescape(src, n, t, sn + 1) == (long)sn && !memcmp(t, s, sn);

	if (t != tmp)
		free(t);
	return eq;
}

int jfield_key_is_escaped(const struct jfield *f, const char *name, size_t n)
{
	return unescaped_is(f->key, f->klen, name, n);
}

int jfield_number(const struct jfield *f, double *v)
{
	if (f->type != JSON_NUMBER)
		return -1;
	*v = f->num;
	return 0;
}

int jfield_int(const struct jfield *f, int64_t *v)
{
	if (f->type != JSON_NUMBER || f->num != floor(f->num) ||
	    fabs(f->num) > 9007199254740992.0)
		return -1;
	/* The double may have rounded 9007199254740993 or 0.99999999999999999999
	 * to an integer: the text decides. */
	return num_parse_int(f->val, f->vlen, v);
}

long jfield_string(const struct jfield *f, char *dst, size_t cap)
{
	if (f->type != JSON_STRING)
		return -1;
	if (!f->vesc) {
		if (f->vlen >= cap)
			return -2;
		memcpy(dst, f->val, f->vlen);
		dst[f->vlen] = '\0';
		return (long)f->vlen;
	}
	return json_unescape(f->val, f->vlen, dst, cap);
}

int jfield_str_is(const struct jfield *f, const char *s)
{
	size_t n = strlen(s);

	if (f->type != JSON_STRING)
		return 0;
	if (!f->vesc)
		return f->vlen == n && !memcmp(f->val, s, n);
	return unescaped_is(f->val, f->vlen, s, n);
}

long json_record_type(const char *text, size_t len, char *dst, size_t cap,
		      const char **err)
{
	struct jscan s;
	struct jfield f;
	long found = 0;
	int r;

	jscan_init(&s, text, len);
	while ((r = jscan_next(&s, &f)) > 0) {
		if (!jfield_key_is(&f, "type"))
			continue;
		found = jfield_string(&f, dst, cap);
		if (found < 0) {
			*err = found == -1 ? "'type' is not a string" :
			       found == -3 ? "'type' has a \\u0000 (NUL) character" :
					     "'type' is too long";
			return -1;
		}
	}
	if (r < 0) {
		*err = s.err;
		return -1;
	}
	return found;
}

int json_utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		size_t k;
		unsigned cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if ((size_t)(end - p) <= k)
			return 0;
		for (size_t i = 1; i <= k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		p += k + 1;
	}
	return 1;
}
