/* buf: a growable byte buffer. The buffer owns its memory; a zeroed struct
 * (BUF_INIT) is an empty buffer ready for use. Allocation failure dies. */
#ifndef CB_BUF_H
#define CB_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;       /* contents; not NUL-terminated unless buf_cstr is called */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for at least n more bytes. */
void buf_grow(struct buf *b, size_t n);
/* Append n bytes (none: nothing, not even on an empty buf whose p is
 * NULL, which memcpy may not be given). */
static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	if (b->cap - b->len < n)
		buf_grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}
/* Append one byte. */
static inline void buf_addc(struct buf *b, char c)
{
	if (b->cap == b->len)
		buf_grow(b, 1);
	b->p[b->len++] = c;
}
/* Append a NUL-terminated string (without the NUL). */
static inline void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}
/* Append the printf-style formatted text (without a NUL). */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Terminate the contents with NUL (not counted in len) and return them. */
char *buf_cstr(struct buf *b);
/* Empty the buffer, keeping its memory. */
static inline void buf_reset(struct buf *b) { b->len = 0; }
/* Free the memory; the buffer is empty and usable again. NULL is allowed. */
void buf_release(struct buf *b);

#endif
