#include "buf.h"

#include "msg.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void buf_grow(struct buf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 256;

	if (b->len + n < b->len)
		die("out of memory");
	while (cap - b->len < n) {
		if (cap > (size_t)-1 / 2)
			die("out of memory");
		cap *= 2;
	}
	if (cap != b->cap) {
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *buf_cstr(struct buf *b)
{
	buf_addc(b, '\0');
	b->len--;
	return b->p;
}

void buf_release(struct buf *b)
{
	if (!b)
		return;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
