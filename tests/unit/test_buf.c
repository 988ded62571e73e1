/* test_buf: the growable buffer (lib/buf.c), buf_printf in particular. */
#include <string.h>

#include "buf.h"
#include "unit.h"

int main(void)
{
	struct buf b = BUF_INIT;
	char want[1001];

	buf_printf(&b, "%s=%d;", "a", 42);
	buf_printf(&b, "%.2f", 1.005 + 1);
	CHECK_MEM(b.p, b.len, "a=42;2.00", 9);
	/* Past the first allocation (256 bytes): 1000 x's after the text. */
	memset(want, 'x', 1000);
	want[1000] = '\0';
	buf_reset(&b);
	buf_printf(&b, "%s", want);
	CHECK_INT(b.len, 1000);
	CHECK_STR(buf_cstr(&b), want);
	/* Nothing written for an empty format. */
	buf_printf(&b, "%s", "");
	CHECK_INT(b.len, 1000);
	buf_release(&b);
	UNIT_END();
}
