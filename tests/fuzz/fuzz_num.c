/* fuzz_num: numbers and times on any text. A number that parses is written
 * with fmt_double and must read back to the same double; times and
 * durations must not crash or overflow. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cbtime.h"
#include "num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char s[128], out[NUM_FMT_MAX];
	double v, back;
	int64_t i, ms;
	size_t n;

	if (num_parse(text, size, &v) == 0 && isfinite(v)) {
		n = fmt_double(out, v);
		if (num_parse(out, n, &back) != 0 || back != v)
			abort();
	}
	(void)num_parse_int(text, size, &i);
	(void)num_scan(text, text + size, &v);
	if (size < sizeof s) {
		memcpy(s, text, size);
		s[size] = '\0';
		(void)time_parse(s, &ms);
		(void)duration_parse(s, &ms);
	}
	return 0;
}
