#include "choice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int choice_same(const char *a, const char *b)
{
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b))
		a++, b++;
	return !*a && !*b;
}

int choice_find(const char *s, const char *const names[])
{
	for (int i = 0; names[i]; i++)
		if (choice_same(s, names[i]))
			return i;
	return -1;
}

size_t choice_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), *row = xcalloc(nb + 1, sizeof *row), d;

	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j], best = diag +
				(lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]));

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[nb];
	free(row);
	return d;
}

static int is_prefix(const char *p, const char *s)
{
	while (*p && lower((unsigned char)*p) == lower((unsigned char)*s))
		p++, s++;
	return !*p;
}

const char *choice_nearest(const char *s, const char *const names[])
{
	const char *best = NULL, *prefixed = NULL;
	size_t bestd = (size_t)-1, len = strlen(s);
	int nprefixed = 0;

	for (int i = 0; names[i]; i++) {
		size_t d = choice_distance(s, names[i]);

		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
		if (len && is_prefix(s, names[i])) {
			prefixed = names[i];
			nprefixed++;
		}
	}
	if (best && bestd <= 2 && bestd < len)
		return best;
	return nprefixed == 1 ? prefixed : NULL;
}

void choice_list(char *dst, size_t n, const char *const names[])
{
	size_t used = 0;
	int count = 0;

	while (names[count])
		count++;
	if (n)
		dst[0] = '\0';
	for (int i = 0; i < count && used < n; i++) {
		const char *sep = i == 0 ? "" : i == count - 1 ? " or " : ", ";
		int w = snprintf(dst + used, n - used, "%s%s", sep, names[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}
