/* choice: a word among a fixed list of names, as people type it: the
 * enumerated values of options (--status confirmed, --level high) match
 * whatever their case, and a word that matches nothing can be answered
 * with the nearest name ("did you mean 'stats'?"). Pure: no I/O. */
#ifndef CB_CHOICE_H
#define CB_CHOICE_H

#include <stddef.h>

/* Whether a and b are equal ignoring ASCII case. */
int choice_same(const char *a, const char *b);

/* The index in names (NULL-terminated) of the name equal to s ignoring
 * ASCII case, or -1 when none is. */
int choice_find(const char *s, const char *const names[]);

/* The Levenshtein distance between a and b, ignoring ASCII case. */
size_t choice_distance(const char *a, const char *b);

/* The name of names (NULL-terminated) nearest to s: at the smallest edit
 * distance (the first of equals), when that distance is at most 2 and
 * smaller than the length of s, or the only name s is a prefix of.
 * NULL when no name is near. The result points into names. */
const char *choice_nearest(const char *s, const char *const names[]);

/* Write "A, B, C or D" for names into dst of size n (truncated to fit,
 * always terminated). */
void choice_list(char *dst, size_t n, const char *const names[]);

#endif
