/* filters: an exchange's symbol filters as pure rounding rules, for orders
 * that the exchange accepts: a price down (or up) to a whole number of
 * ticks, a quantity down to a whole number of steps, the minimum notional,
 * and the text of a value with the step's decimals (Binance rejects
 * "0.34999999999999" with -1111).
 *
 * Ticks and steps are decimals such as 0.001 or 0.5 (symbol_info's
 * tick_size and step_size). The rules count whole steps as integers, from
 * the step as m / 10^d, never with fmod: 0.3 with a step of 0.1 is 3 steps
 * (0.3 is the double nearest 3 / 10), and 0.1 + 0.2 (just above 0.3) is 3
 * too, while 0.29999999999999993 is 2. A value that is the double nearest
 * a decimal is taken as that decimal. Pure: values in, values out. */
#ifndef CB_FILTERS_H
#define CB_FILTERS_H

#include <stddef.h>
#include <stdint.h>

/* Room filter_format needs, with the terminating NUL. */
#define FILTER_FMT_MAX 48

/* The step as a decimal: the smallest d (0 to 18) and whole m from 1 to
 * 10^15 - 1 (at most 15 significant digits) such
 * that step is the double nearest m / 10^d. Returns 0, or -1 if step is not
 * positive and finite or not such a decimal. */
int filter_step(double step, int64_t *m, int *d);

/* The largest whole number of steps not above v (v >= 0), or the smallest
 * not below it. Returns it, or -1 if v is negative or not finite, step is
 * not a decimal (filter_step) or v / step exceeds 2^53. */
int64_t filter_steps_down(double v, double step);
int64_t filter_steps_up(double v, double step);

/* v rounded down (up) to a whole number of steps: the double nearest that
 * multiple. A step that is 0 or NaN means no rule: v itself. NaN when v is
 * negative, the step not a decimal, or v / step beyond 2^53. */
double filter_round_down(double v, double step);
double filter_round_up(double v, double step);

/* 1 if price * qty is at least min_notional (0 or NaN: no rule), allowing
 * for the binary error of the product (a relative 1e-12), else 0. */
int filter_notional_ok(double price, double qty, double min_notional);

/* 1 if qty is at least min_qty (0 or NaN: no rule), else 0. */
int filter_min_qty_ok(double qty, double min_qty);

/* Write v, rounded to the nearest whole number of steps, with exactly the
 * step's decimals ("1.50" for 1.5 with a step of 0.01, "1230" for a step
 * of 10) into dst (FILTER_FMT_MAX bytes), NUL-terminated. Returns the
 * length, or 0 (dst "") if v or the step is not usable (as
 * filter_steps_down). */
size_t filter_format(char *dst, double v, double step);

#endif
