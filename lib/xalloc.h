/* xalloc: allocation that dies on failure, so callers never see NULL. */
#ifndef CB_XALLOC_H
#define CB_XALLOC_H

#include <stddef.h>

/* malloc(n); on failure die("out of memory"). Never returns NULL. */
void *xmalloc(size_t n);
/* calloc(n, size) with overflow check; dies on failure. */
void *xcalloc(size_t n, size_t size);
/* realloc(p, n); dies on failure (p is then not freed: the process exits). */
void *xrealloc(void *p, size_t n);
/* realloc for an array of n elements of size bytes, with overflow check. */
void *xreallocarray(void *p, size_t n, size_t size);
/* strdup(s); dies on failure. */
char *xstrdup(const char *s);

#endif
