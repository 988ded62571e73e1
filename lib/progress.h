/* progress: a one-line status of a long run on standard error ("120/500
 * symbols, 21720 candles, 3400 candles/s"), redrawn at most five times a
 * second. Shown only when standard error is a terminal and messages are not
 * quiet (-q); messages printed meanwhile clear it first. */
#ifndef CB_PROGRESS_H
#define CB_PROGRESS_H

#include "msg.h"

/* Decide whether to show progress; call after options are parsed. */
void progress_start(void);
/* Redraw the line with the formatted text, unless drawn less than 200 ms
 * ago (force: draw anyway). */
void progress_show(int force, const char *fmt, ...) CB_PRINTF(2, 3);
/* Erase the line and stop showing progress. */
void progress_end(void);

#endif
