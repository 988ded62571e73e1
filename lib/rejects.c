#include "rejects.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"

#define KIND_MAX 160
#define WHERE_MAX 96

struct kind {
	char text[KIND_MAX];
	long count;
	char where[WHERE_MAX];     /* FILE:LINE of the last message printed */
};

static int summarise;
static long records;
static struct kind kinds[REJECTS_KINDS + 1];   /* the last: other kinds */
static int nkinds;
static const char *pending;    /* the hint of the newest record, if first */
static long pending_line;
static int hinted;

/* Append c to dst (cap bytes) at *n, keeping room for the NUL. */
static void put(char *dst, size_t cap, size_t *n, char c)
{
	if (*n + 1 < cap)
		dst[(*n)++] = c;
}

/* 1 if the word starting at s has a ':' with something after it. */
static int series_word(const char *s)
{
	for (; *s && *s != ' ' && *s != '(' && *s != ')' && *s != ','; s++)
		if (*s == ':' && s[1] && s[1] != ' ')
			return 1;
	return 0;
}

size_t reject_kind(const char *msg, char *dst, size_t cap)
{
	size_t n = 0;
	const char *s = msg;

	if (!cap)
		return 0;
	while (*s) {
		int start = s == msg || s[-1] == ' ' || s[-1] == '(';

		if (*s == '"') {
			for (s++; *s && *s != '"'; s++)
				if (*s == '\\' && s[1])
					s++;
			if (*s)
				s++;
			put(dst, cap, &n, '"');
			put(dst, cap, &n, '"');
		} else if (isdigit((unsigned char)*s)) {
			while (isdigit((unsigned char)*s) ||
			       (*s == '.' && isdigit((unsigned char)s[1])))
				s++;
			put(dst, cap, &n, '#');
		} else if (start && series_word(s)) {
			while (*s && *s != ' ' && *s != '(' && *s != ')' && *s != ',')
				s++;
			put(dst, cap, &n, '*');
		} else {
			put(dst, cap, &n, *s++);
		}
	}
	dst[n] = '\0';
	return n;
}

/* 1 if every byte of p[0..len) may be in a line of plain CSV: letters,
 * digits, separators and the punctuation of numbers, dates and names. */
static int csv_chars(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)p[i]) && !strchr(",._-+: /\"\t", p[i]))
			return 0;
	return 1;
}

const char *input_guess(const char *p, size_t len)
{
	size_t i = 0;

	if (len >= 16 && !memcmp(p, "SQLite format 3", 16))
		return "this is an SQLite database, the store: its candles come out of "
		       "cb-fetch klines --offline --db FILE";
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3;   /* a byte order mark, as spreadsheets write */
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == len || p[i] == '{')
		return NULL;
	if (p[i] == '[') {
		for (i++; i < len && (p[i] == ' ' || p[i] == '\t'); i++)
			;
		if (i < len && p[i] == '[')
			return "this looks like an exchange's klines answer (arrays, not "
			       "records): use cb-fetch klines";
		return "this looks like a JSON array: cb reads one record per line; "
		       "use jq -c '.[]'";
	}
	if (memchr(p + i, ',', len - i) && csv_chars(p + i, len - i))
		return "this looks like CSV: read it with cb-fetch import --no-db FILE";
	return NULL;
}

void rejects_summarise(void) { summarise = 1; }
long rejects_records(void) { return records; }

void rejects_record(const char *name, const char *p, size_t len, long no, int first)
{
	(void)name;
	records++;
	pending = first ? input_guess(p, len) : NULL;
	pending_line = no;
}

static struct kind *kind_of(const char *msg)
{
	char text[KIND_MAX];
	int i;

	reject_kind(msg, text, sizeof text);
	for (i = 0; i < nkinds; i++)
		if (!strcmp(kinds[i].text, text))
			return &kinds[i];
	if (nkinds == REJECTS_KINDS)
		return &kinds[REJECTS_KINDS];
	memcpy(kinds[nkinds].text, text, sizeof text);
	return &kinds[nkinds++];
}

int rejects_show(const char *file, long line, const char *msg)
{
	struct kind *k;

	if (!summarise)
		return 1;
	k = kind_of(msg);
	if (++k->count > REJECTS_PER_KIND)
		return 0;
	snprintf(k->where, sizeof k->where, "%s:%ld", file, line);
	return 1;
}

void rejects_hint(const char *file, long line)
{
	if (!summarise || hinted || !pending || line != pending_line)
		return;
	hinted = 1;
	error("%s: %s", file, pending);
}

int rejects_end(void)
{
	long rejected = reject_count();

	for (int i = 0; i <= REJECTS_KINDS; i++) {
		long more = kinds[i].count - REJECTS_PER_KIND;

		if (more <= 0)
			continue;
		if (i < REJECTS_KINDS)
			error("... and %ld more like %s", more, kinds[i].where);
		else
			error("... and %ld more of other kinds", more);
	}
	if (!rejected)
		return CB_EXIT_OK;
	error("%ld record%s rejected, %ld accepted", rejected, rejected == 1 ? "" : "s",
	      records > rejected ? records - rejected : 0);
	return records > rejected ? CB_EXIT_REJECTED : CB_EXIT_FATAL;
}
