/* Unit tests for lib/seriessel.h: which series --market and --interval
 * choose. */
#include <string.h>

#include "seriessel.h"
#include "unit.h"

static void test_all_by_default(void)
{
	struct seriessel sel = { 0 };
	char text[64];

	CHECK_INT(seriessel_match(&sel, "futures", interval_find("4h")), 1);
	CHECK_INT(seriessel_match(&sel, "spot", interval_find("1m")), 1);
	CHECK_STR(seriessel_text(&sel, text, sizeof text), "");
}

static void test_lists(void)
{
	struct seriessel sel = { 0 };
	char text[64];

	seriessel_markets(&sel, "--market", "Futures");
	CHECK_INT(sel.nmarket, 1);
	CHECK_STR(sel.market[0], "futures");
	CHECK_INT(seriessel_match(&sel, "futures", interval_find("1h")), 1);
	CHECK_INT(seriessel_match(&sel, "spot", interval_find("1h")), 0);
	CHECK_STR(seriessel_text(&sel, text, sizeof text), "--market Futures");

	seriessel_intervals(&sel, "--interval", "4h,1M");
	CHECK_INT(sel.ninterval, 2);
	CHECK_INT(seriessel_match(&sel, "futures", interval_find("4h")), 1);
	CHECK_INT(seriessel_match(&sel, "futures", interval_find("1M")), 1);
	CHECK_INT(seriessel_match(&sel, "futures", interval_find("1m")), 0);
	CHECK_INT(seriessel_match(&sel, "spot", interval_find("4h")), 0);
	CHECK_STR(seriessel_text(&sel, text, sizeof text), "--market Futures --interval 4h,1M");

	/* A later list replaces the earlier one. */
	seriessel_markets(&sel, "--market", "spot,futures");
	CHECK_INT(sel.nmarket, 2);
	CHECK_INT(seriessel_match(&sel, "spot", interval_find("4h")), 1);
	CHECK_INT(seriessel_match(&sel, "bybit", interval_find("4h")), 0);

	/* Truncated to fit, NUL-terminated. */
	CHECK_STR(seriessel_text(&sel, text, 9), "--market");
}

static void test_interval_only(void)
{
	struct seriessel sel = { 0 };
	char text[64];

	seriessel_intervals(&sel, "--interval", "1h");
	CHECK_INT(seriessel_match(&sel, "spot", interval_find("1h")), 1);
	CHECK_INT(seriessel_match(&sel, "futures", interval_find("4h")), 0);
	CHECK_STR(seriessel_text(&sel, text, sizeof text), "--interval 1h");
}

int main(void)
{
	test_all_by_default();
	test_lists();
	test_interval_only();
	UNIT_END();
}
