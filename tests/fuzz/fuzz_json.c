/* fuzz_json: the JSON scanner (json.h) on any bytes: every member of the
 * top-level object, each string value copied out with its escapes resolved,
 * each number read back; json_record_type on the same text. */
#include <stddef.h>
#include <stdint.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct jscan s;
	struct jfield f;
	char buf[64], type[32];
	const char *err;
	int r;

	jscan_init(&s, text, size);
	while ((r = jscan_next(&s, &f)) > 0) {
		double v;
		int64_t i;

		(void)jfield_key_is(&f, "type");
		(void)jfield_string(&f, buf, sizeof buf);
		(void)jfield_str_is(&f, "candle");
		(void)jfield_number(&f, &v);
		(void)jfield_int(&f, &i);
	}
	(void)json_record_type(text, size, type, sizeof type, &err);
	return 0;
}
