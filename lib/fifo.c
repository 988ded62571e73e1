#include "fifo.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void fifo_push(struct fifo *q, void *item)
{
	if (q->start + q->len == q->cap) {
		if (q->start) {
			memmove(q->p, q->p + q->start, q->len * sizeof *q->p);
			q->start = 0;
		} else {
			q->cap = q->cap ? 2 * q->cap : 8;
			q->p = xreallocarray(q->p, q->cap, sizeof *q->p);
		}
	}
	q->p[q->start + q->len++] = item;
}

void fifo_pop(struct fifo *q)
{
	q->start++;
	if (!--q->len)
		q->start = 0;
}

void fifo_release(struct fifo *q)
{
	free(q->p);
	memset(q, 0, sizeof *q);
}
