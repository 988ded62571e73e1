/* Unit tests of src/backtest/sweep.c: the --sweep grid parsed, its
 * configurations enumerated with the first dimension slowest, and bad
 * grids refused with a reason. */
#include <string.h>

#include "sweep.h"
#include "unit.h"

static const struct opt tab[] = {
	{ "take-profit", 300, 1, "PCT", "" },
	{ "stop-loss", 301, 1, "PCT", "" },
	{ "side", 302, 1, "SIDE", "" },
	{ "flatten-on-halt", 303, 0, NULL, "" },
	{ 0 }
};

static int bad(const char *spec, const char *want)
{
	struct sweep sw;
	char err[128];
	int r = sweep_parse(&sw, spec, tab, err, sizeof err);

	CHECKF(r == -1 && strstr(err, want), "%s: %s", spec, r ? err : "accepted");
	return r;
}

int main(void)
{
	struct sweep sw;
	char err[128];
	const char *val[3];
	struct buf b = { 0 };

	CHECK_INT(sweep_parse(&sw, "take-profit=5,10,20;side=long,short", tab, err, sizeof err), 0);
	CHECK_INT(sw.ndim, 2);
	CHECK_INT(sw.total, 6);
	CHECK_STR(sw.dim[0].opt->name, "take-profit");
	CHECK_INT(sw.dim[0].nval, 3);
	CHECK_INT(sw.dim[1].opt->id, 302);
	/* Configuration 3: take-profit 10 (3 / 2 = 1), side short (3 % 2). */
	sweep_values(&sw, 3, val);
	CHECK_STR(val[0], "10");
	CHECK_STR(val[1], "short");
	sweep_values(&sw, 0, val);
	CHECK_STR(val[0], "5");
	CHECK_STR(val[1], "long");
	sweep_values(&sw, 5, val);
	CHECK_STR(val[0], "20");
	CHECK_STR(val[1], "short");
	sweep_label(&sw, 4, &b);
	CHECK_STR(buf_cstr(&b), "take-profit=20;side=long");
	sweep_free(&sw);
	buf_release(&b);

	/* One dimension of one value is one configuration. */
	CHECK_INT(sweep_parse(&sw, "stop-loss=7", tab, err, sizeof err), 0);
	CHECK_INT(sw.total, 1);
	sweep_free(&sw);

	bad("", "not NAME=VALUE");
	bad("take-profit", "not NAME=VALUE");
	bad("=5", "not NAME=VALUE");
	bad("take-profit=5;", "not NAME=VALUE");
	bad("nope=1", "no option of that name takes a value: 'nope'");
	bad("flatten-on-halt=1", "no option");
	bad("side=long;side=short", "given twice: 'side'");
	bad("take-profit=5,,10", "an empty value of 'take-profit'");
	bad("take-profit=", "an empty value");
	bad("take-profit=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,"
	    "25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50;"
	    "stop-loss=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,"
	    "26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50;"
	    "side=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,aa,ab,ac,ad,ae,af,ag,ah,ai,aj,ak,al,am,an,ao",
	    "more than 100000 configurations");
	UNIT_END();
}
