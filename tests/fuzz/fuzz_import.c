/* fuzz_import: cb-fetch import on any file, as a bare CSV and as a zip
 * archive (the first byte chooses), without a store: every row is read,
 * rejected with a message or written; nothing may crash, leak or overflow.
 * The command's own file, src/fetch/import.c, is compiled in. */
#include "../../src/fetch/import.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/cb-fuzz-import.XXXXXX";
	static int ready;
	char path[sizeof dir + 40];
	char *files[1] = { path };
	struct fetch f = { .exchange = "binance", .ex = &exchange_binance, .market = "futures",
			   .files = files, .nfiles = 1 };
	int fd, zip;

	if (!ready) {
		if (!mkdtemp(dir) || !freopen("/dev/null", "w", stdout))
			abort();
		msg_init("cb-fetch");
		msg_set_quiet(1);
		ready = 1;
	}
	if (!size)
		return 0;
	zip = data[0] & 1;
	snprintf(path, sizeof path, "%s/ABCUSDT-1h-2025-01.%s", dir, zip ? "zip" : "csv");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1) || close(fd) < 0)
		abort();
	(void)cmd_import(&f);
	unlink(path);
	return 0;
}
