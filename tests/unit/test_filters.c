/* Unit tests of lib/filters.c: rounding to ticks and steps in whole
 * numbers of steps, exact for decimal steps. Expected values by hand. */
#include "filters.h"
#include "unit.h"

int main(void)
{
	char s[FILTER_FMT_MAX];
	int64_t m;
	int d;

	/* A step as m / 10^d. */
	CHECK_INT(filter_step(0.001, &m, &d), 0);
	CHECK_INT(m, 1);
	CHECK_INT(d, 3);
	CHECK_INT(filter_step(0.5, &m, &d), 0);
	CHECK_INT(m, 5);
	CHECK_INT(d, 1);
	CHECK_INT(filter_step(10, &m, &d), 0);
	CHECK_INT(m, 10);
	CHECK_INT(d, 0);
	CHECK_INT(filter_step(1e-8, &m, &d), 0);
	CHECK_INT(m, 1);
	CHECK_INT(d, 8);
	CHECK_INT(filter_step(0, &m, &d), -1);
	CHECK_INT(filter_step(-0.1, &m, &d), -1);
	CHECK_INT(filter_step(NAN, &m, &d), -1);
	CHECK_INT(filter_step(1.0 / 3, &m, &d), -1);

	/* Whole steps: 0.3 is 3 tenths, so is 0.1 + 0.2 (a hair above). */
	CHECK_INT(filter_steps_down(0.3, 0.1), 3);
	CHECK_INT(filter_steps_down(0.1 + 0.2, 0.1), 3);
	CHECK_INT(filter_steps_down(0.29999999999999993, 0.1), 2);
	CHECK_INT(filter_steps_up(0.3, 0.1), 3);
	CHECK_INT(filter_steps_up(0.1 + 0.2, 0.1), 4);
	CHECK_INT(filter_steps_up(0.29999999999999993, 0.1), 3);
	CHECK_INT(filter_steps_down(1.23456, 0.001), 1234);
	CHECK_INT(filter_steps_up(1.23456, 0.001), 1235);
	CHECK_INT(filter_steps_down(1.74, 0.5), 3);
	CHECK_INT(filter_steps_up(1.74, 0.5), 4);
	CHECK_INT(filter_steps_down(0, 0.01), 0);
	CHECK_INT(filter_steps_down(-1, 0.01), -1);
	CHECK_INT(filter_steps_down(1e12, 1e-8), -1);  /* 10^20 steps */

	/* Rounded values: the double nearest the multiple. */
	CHECK_NUM(filter_round_down(1.23456, 0.001), 1.234);
	CHECK_NUM(filter_round_up(1.23456, 0.001), 1.235);
	CHECK_NUM(filter_round_down(0.1 + 0.2, 0.1), 0.3);
	CHECK_NUM(filter_round_down(0.7, 0.1), 0.7);   /* 0.7 / 0.1 is 6.999... by fmod */
	CHECK_NUM(filter_round_down(1.74, 0.5), 1.5);
	CHECK_NUM(filter_round_down(1234, 10), 1230);
	CHECK_NUM(filter_round_up(1231, 10), 1240);
	CHECK_NUM(filter_round_down(0.123456789, 1e-8), 0.12345678);
	CHECK_NUM(filter_round_down(64123.456, 0.1), 64123.4);
	CHECK_NUM(filter_round_down(2.5, 0), 2.5);     /* no rule */
	CHECK_NUM(filter_round_down(2.5, NAN), 2.5);
	CHECK(isnan(filter_round_down(-2.5, 0.1)));
	CHECK(isnan(filter_round_down(2.5, 1.0 / 3)));

	/* Minimum notional and quantity. */
	CHECK_INT(filter_notional_ok(0.5, 10, 5), 1);
	CHECK_INT(filter_notional_ok(0.5, 9.99, 5), 0);
	CHECK_INT(filter_notional_ok(0.1, 50, 5), 1);  /* 5.000000000000001 or 4.99..: 5 */
	CHECK_INT(filter_notional_ok(0.1, 1, 0), 1);
	CHECK_INT(filter_notional_ok(0.1, 1, NAN), 1);
	CHECK_INT(filter_min_qty_ok(0.001, 0.001), 1);
	CHECK_INT(filter_min_qty_ok(0.0009, 0.001), 0);
	CHECK_INT(filter_min_qty_ok(0.0009, NAN), 1);

	/* The text with the step's decimals. */
	CHECK_INT(filter_format(s, 1.5, 0.01), 4);
	CHECK_STR(s, "1.50");
	filter_format(s, 0.34999999999999, 0.001);
	CHECK_STR(s, "0.350");
	filter_format(s, 1230, 10);
	CHECK_STR(s, "1230");
	filter_format(s, 0.00012345, 1e-8);
	CHECK_STR(s, "0.00012345");
	filter_format(s, 7, 0.5);
	CHECK_STR(s, "7.0");
	CHECK_INT(filter_format(s, -1, 0.01), 0);
	CHECK_STR(s, "");
	UNIT_END();
}
