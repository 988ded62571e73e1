/* fuzz_profile: the profile text of cb-detect --profile FILE (profile.h)
 * and the conditions in it (condition.h), on any bytes. profile_parse must
 * accept or reject with a message, never read or write out of bounds; an
 * accepted profile written out must read back to a profile that is
 * written out the same, so --print-profile always reproduces a run. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "condition.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct profile p, q;
	struct condition k;
	struct buf a = { 0 }, b = { 0 };
	char err[320], ctext[CONDITION_TEXT_MAX];

	err[0] = '\0';
	if (condition_parse(&k, text, size, err, sizeof err) == 0) {
		struct condition k2;

		condition_format(&k, ctext);
		if (condition_parse(&k2, ctext, strlen(ctext), err, sizeof err) < 0 ||
		    k2.what != k.what || k2.op != k.op ||
		    memcmp(&k2.threshold, &k.threshold, sizeof k.threshold))
			abort();
	} else if (!err[0]) {
		abort();  /* a rejection always says why */
	}
	err[0] = '\0';
	if (profile_parse(&p, text, size, "fuzz", err, sizeof err) < 0) {
		if (!err[0])
			abort();
		return 0;
	}
	profile_write(&p, &a);
	if (profile_parse(&q, a.p, a.len, "other", err, sizeof err) < 0)
		abort();
	profile_write(&q, &b);
	if (a.len != b.len || memcmp(a.p, b.p, a.len))
		abort();
	buf_release(&a);
	buf_release(&b);
	return 0;
}
