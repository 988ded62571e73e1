/* json-baseline: the reference point of the cb-detect throughput goal.
 *
 * Reads NDJSON on standard input and parses every non-empty line with
 * jansson's json_loadb (then frees it with json_decref), and nothing else:
 * no field access, no output. Prints the number of lines parsed; exits 1 if
 * any line is not valid JSON. Lines are read with getline, so the cost is
 * essentially jansson's parse and allocation. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long long count = 0, bad = 0;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		json_error_t err;
		json_t *j;

		if (line[n - 1] == '\n')
			n--;
		if (n == 0)
			continue;
		j = json_loadb(line, (size_t)n, 0, &err);
		if (!j) {
			if (!bad++)
				fprintf(stderr, "json-baseline: line %lld: %s\n", count + bad, err.text);
			continue;
		}
		json_decref(j);
		count++;
	}
	free(line);
	if (ferror(stdin)) {
		perror("json-baseline: read error");
		return 1;
	}
	printf("%lld\n", count);
	return bad ? 1 : 0;
}
