# Shared setup for the bats tests: load with `load test_helper`.
# Each test runs in its own temporary directory with an isolated HOME and
# the freshly built tools first on PATH.
bats_require_minimum_version 1.5.0

CB_ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
export PATH="$CB_ROOT/bin:$PATH"
# Real market data (see ../shared/data/README.md); CB_SHARED overrides.
CB_SHARED="${CB_SHARED:-$CB_ROOT/../shared}"
CB_DATA="$CB_SHARED/data/binance-futures-4h"

cb_setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export HOME="$BATS_TEST_TMPDIR"
	unset CB_DB CB_NOW XDG_DATA_HOME
	export LC_ALL=C TZ=UTC
}

# A test file that needs more per-test setup defines setup() and calls cb_setup.
setup() {
	cb_setup
}

# iso MS: the time MS (epoch milliseconds, not negative) in ISO 8601, for
# the time options: a bare number is refused unless it has 13 digits
# (milliseconds) or 10 (seconds), and test times near 1970 have fewer.
iso() {
	printf '%s.%03dZ\n' "$(date -u -d "@$(($1 / 1000))" +%Y-%m-%dT%H:%M:%S)" $(($1 % 1000))
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

# The fake exchange of the current build flavour (build/opt, or build/san
# after make SANITIZE=...); FAKE_EXCHANGE in the environment overrides.
if [ -z "${FAKE_EXCHANGE:-}" ]; then
	case "$(cat "$CB_ROOT/build/flavour" 2>/dev/null)" in
	san-*) FAKE_EXCHANGE="$CB_ROOT/build/san/tests/fake-exchange" ;;
	*) FAKE_EXCHANGE="$CB_ROOT/build/opt/tests/fake-exchange" ;;
	esac
fi
export FAKE_EXCHANGE

# fx_start DIR [ARGS...]: start a fake exchange with its files in DIR (port,
# pid, out) and set fx_url to its base URL. Waits at most 10 s for the port
# file. The server is a child of the calling shell: no $(...) around this.
fx_start() {
	local dir=$1 i
	shift
	mkdir -p "$dir"
	rm -f "$dir/port"
	"$FAKE_EXCHANGE" --port-file "$dir/port" "$@" > "$dir/out" 2>&1 3>&- &
	echo $! > "$dir/pid"
	for ((i = 0; i < 200; i++)); do
		[ -s "$dir/port" ] && break
		sleep 0.05
	done
	[ -s "$dir/port" ] || { cat "$dir/out" >&2; return 1; }
	fx_url="http://127.0.0.1:$(cat "$dir/port")"
}

# fx_stop DIR: SIGTERM the server of DIR, wait at most 5 s for it to end
# (SIGKILL after that) and reap it.
fx_stop() {
	local pid i
	[ -s "$1/pid" ] || return 0
	pid=$(cat "$1/pid")
	rm -f "$1/pid"
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		case "$(ps -o stat= -p "$pid" 2>/dev/null)" in
		'' | Z*) break ;;
		esac
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# fake_start DIR [ARGS...]: start the fake exchange for a test file, its
# files in DIR, logging requests to DIR/requests; export FAKE_URL, FAKE_LOG
# and point cb-fetch at it. Stop it with fake_stop.
fake_start() {
	fx_start "$1" --log "$1/requests" "${@:2}" || return 1
	export FAKE_DIR="$1" FAKE_URL="$fx_url" FAKE_LOG="$1/requests"
	export CB_BINANCE_FUTURES_URL="$FAKE_URL" CB_BINANCE_SPOT_URL="$FAKE_URL"
}

fake_stop() {
	fx_stop "$FAKE_DIR"
}

# fake POST|GET PATH?QUERY: talk to the fake exchange's control endpoints.
fake() {
	curl -sS -X "$1" "$FAKE_URL$2"
}

# csv_rows SYMBOL FROM TO: the CSV rows with open_time in [FROM, TO].
csv_rows() {
	awk -F, -v a="$2" -v b="$3" 'NR > 1 && $1 >= a && $1 <= b' "$CB_DATA/$1-4h.csv"
}

# Compare candle records (stdin) with CSV rows (file $1) numerically:
# open_time, open, high, low, close, volume. The exchange prints decimals with
# a fixed number of places, so the CSV's float-sum artefacts
# (13107.449999999999) come back rounded (13107.45): equal to 1e-12 relative.
same_as_csv() {
	jq -r '[.open_time, .open, .high, .low, .close, .volume] | @csv' > got.csv
	awk -F, 'function off(a, b) { d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a; return d > 1e-12 * m }
		NR == FNR { want[FNR] = $0; n = FNR; next }
		{ split(want[FNR], w, ","); for (i = 1; i <= 6; i++) if (off($i + 0, w[i] + 0)) {
			printf "row %d field %d: got %s want %s\n", FNR, i, $i, w[i]; bad = 1 } }
		END { if (FNR != n) { printf "rows: got %d want %d\n", FNR, n; bad = 1 }; exit bad }' "$1" got.csv
}

# flat_btc DIR T0: BTCUSDT-4h.csv in DIR for the fake exchange's --data:
# six flat 4h candles from T0 (open = high = low = close, so that the mark
# is the candle's price all through it): 9400.5 9450.25 9500 9000 9000
# 9600; ticks 0.01 (2 decimals), steps 0.001 (3 decimals).
flat_btc() {
	mkdir -p "$1"
	awk -v t0="$2" -v h4=14400000 'BEGIN {
		print "open_time,open,high,low,close,volume"
		n = split("9400.5 9450.25 9500 9000 9000 9600", p, " ")
		for (i = 0; i < n; i++)
			printf "%.0f,%s,%s,%s,%s,100.125\n", t0 + i * h4, p[i + 1], p[i + 1], p[i + 1], p[i + 1]
	}' > "$1/BTCUSDT-4h.csv"
}
