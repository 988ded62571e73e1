/* fifo: a first-in first-out queue of pointers (cb-score's held signals).
 * The queue owns its array, not what the pointers point to. A zeroed
 * struct fifo is an empty queue. */
#ifndef CB_FIFO_H
#define CB_FIFO_H

#include <stddef.h>

/* Items p[start .. start + len), oldest first. */
struct fifo {
	void **p;
	size_t start, len, cap;
};

/* Append item at the back. Dies on allocation failure. */
void fifo_push(struct fifo *q, void *item);

/* The oldest item; the queue must not be empty. */
static inline void *fifo_front(const struct fifo *q) { return q->p[q->start]; }

/* Remove the oldest item; the queue must not be empty. */
void fifo_pop(struct fifo *q);

/* Free the array; q is then empty and may be used again. */
void fifo_release(struct fifo *q);

#endif
