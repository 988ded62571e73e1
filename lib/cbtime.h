/* cbtime: times and durations as cb tools read and write them.
 *
 * All times are milliseconds since the Unix epoch, UTC, as int64_t. */
#ifndef CB_CBTIME_H
#define CB_CBTIME_H

#include <stddef.h>
#include <stdint.h>

#define MS_PER_SEC  1000LL
#define MS_PER_MIN  (60 * MS_PER_SEC)
#define MS_PER_HOUR (60 * MS_PER_MIN)
#define MS_PER_DAY  (24 * MS_PER_HOUR)

/* Fix "now" for every later time_now() and relative time (the --now option). */
void time_set_now(int64_t ms);
/* The current time: the value given to time_set_now, else the system clock. */
int64_t time_now(void);

/* A monotonic clock in milliseconds, for measuring durations. */
int64_t time_mono_ms(void);

/* Parse a time given on the command line (TIMES in cb-formats(5)):
 *   ISO 8601 date or date-time in UTC or with an offset, in the extended
 *     form: 2025-05-01, 2025-05-01T04:00:00Z, 2025-05-01T04:00Z,
 *     2025-05-01 04:00:00, 2025-05-01T06:00:00.250+02:00 (a date-time
 *     without zone is UTC); or in the basic form: 20250501,
 *     20250501T0400Z, 20250501T040000Z, 20250501T060000.250+0200;
 *   epoch milliseconds of 13 digits (1746057600000) or epoch seconds of
 *     10 digits (1746057600); a bare number of any other length but 8 (a
 *     basic date) is refused as ambiguous;
 *   relative to time_now(): -8h, -30d, +1d, "now".
 * Returns 0 and stores the time, or -1 if s is none of these or the time
 * does not fit in an int64_t. */
int time_parse(const char *s, int64_t *ms);

/* Parse a duration: a positive whole number and a unit, s m h d w
 * (seconds, minutes, hours, days, weeks), e.g. 7d, 90m; several may be
 * joined, 1h30m. Returns 0 and stores milliseconds, or -1 (also when the
 * total does not fit in an int64_t). */
int duration_parse(const char *s, int64_t *ms);

/* a / b rounded towards minus infinity (b > 0): the day of a time before
 * 1970 is still floor(ms / MS_PER_DAY). */
int64_t floor_div(int64_t a, int64_t b);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* The date of a day count from days_from_civil. */
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Write ms as 2025-05-01T04:00:00Z (with .mmm when not a whole second),
 * NUL-terminated, into dst (at least 32 bytes). Returns the length. */
size_t time_format(char *dst, int64_t ms);

#endif
