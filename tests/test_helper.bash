# Shared setup for the bats tests: load with `load test_helper`.
# Each test runs in its own temporary directory with an isolated HOME and
# the freshly built tools first on PATH.
bats_require_minimum_version 1.5.0

CB_ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
export PATH="$CB_ROOT/bin:$PATH"
# Real market data (see ../shared/data/README.md); CB_SHARED overrides.
CB_SHARED="${CB_SHARED:-$CB_ROOT/../shared}"
CB_DATA="$CB_SHARED/data/binance-futures-4h"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export HOME="$BATS_TEST_TMPDIR"
	unset CB_DB CB_NOW XDG_DATA_HOME
	export LC_ALL=C TZ=UTC
}

# mkc SYMBOL INDEX VOLUME [CLOSE [OPEN [EXTRA_JSON]]]
# Print one closed 4h candle record opening at INDEX * 4h (epoch ms), with
# high/low spanning open and close. EXTRA_JSON (e.g. ',"closed":false') is
# appended inside the object.
mkc() {
	awk -v s="$1" -v i="$2" -v v="$3" -v c="${4:-100}" -v o="${5:-100}" -v x="${6:-}" 'BEGIN {
		hi = (c + 0 > o + 0) ? c : o; lo = (c + 0 < o + 0) ? c : o
		printf "{\"symbol\":\"%s\",\"interval\":\"4h\",\"open_time\":%.0f,\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":%s%s}\n", s, i * 14400000, o, hi, lo, c, v, x
	}'
}

# mkseries SYMBOL N VOLUME [FIRST_INDEX]: N candles of constant VOLUME, close 100.
mkseries() {
	awk -v s="$1" -v n="$2" -v v="$3" -v f="${4:-0}" 'BEGIN {
		for (i = f; i < f + n; i++)
			printf "{\"symbol\":\"%s\",\"interval\":\"4h\",\"open_time\":%.0f,\"open\":100,\"high\":100,\"low\":100,\"close\":100,\"volume\":%s}\n", s, i * 14400000, v
	}'
}
