#!/usr/bin/env bats
# cb-validate on real data: the 30 Binance USD-M futures 4h series of the
# shared data set, their signals from cb-detect -p, followed by cb-validate;
# every signal's status, reason, hours to the outcome, max gain, drawdown
# and number of candles checked against an awk computation of the rules of
# cb-validate(1) straight from the CSV files.
load test_helper

HELPERS="$BATS_TEST_DIRNAME/helpers"
NSERIES=30

# The stream: for each series, its candles with its signals (cb-detect -p),
# one series after the other; then cb-validate into a fresh store. Each
# step writes a file, so that every exit status is checked.
setup_file() {
	export LC_ALL=C TZ=UTC
	local d="$BATS_FILE_TMPDIR" f sym n=0
	for f in "$CB_DATA"/*-4h.csv; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		sym=${f##*/}
		sym=${sym%-4h.csv}
		"$HELPERS/csv2candles" "$f" > "$d/$sym.candles" || return 1
		cb-detect -p "$d/$sym.candles" > "$d/$sym.stream" || return 1
	done
	if [ "$n" -ne "$NSERIES" ]; then
		echo "expected $NSERIES *-4h.csv files in $CB_DATA, found $n" >&2
		return 1
	fi
	cat "$d"/*.stream > "$d/stream.ndjson"
	cb-validate --db "$d/v.db" "$d/stream.ndjson" > "$d/status.ndjson" || return 1
}

# The rules of cb-validate(1), from the CSV files and the signals (TSV:
# id, symbol, open_time, detected_at, price). Prints per signal: id,
# status, reason, hours to the outcome, max gain, drawdown, candles.
expected() {
	awk -F, -v H=14400000 '
	FNR == 1 && FILENAME ~ /\.csv$/ {
		sym = FILENAME; sub(/.*\//, "", sym); sub(/-4h\.csv$/, "", sym); next
	}
	FILENAME ~ /\.csv$/ {
		k = ++n[sym]; o[sym, k] = $1 + 0; hi[sym, k] = $3 + 0; lo[sym, k] = $4 + 0
		at[sym, $1] = k; next
	}
	{
		split($0, f, "\t"); id = f[1]; s = f[2]; t = f[3] + 0; det = f[4] + 0; p = f[5] + 0
		start = t + H; mon = det + 4 * 3600000; xp = det + 168 * 3600000
		st = "DETECTED"; why = ""; fin = ""; cnt = 0; mh = 0; ml = 0
		for (k = at[s, f[3]] + 1; k <= n[s]; k++) {
			op = o[s, k]; end = op + H
			if (op < start) continue
			if (st == "DETECTED" && mon <= op) { st = "MONITORING"; why = "age" }
			if (xp <= op) { st = "FAILED"; why = "expired"; fin = xp; break }
			if (cnt == 0 || hi[s, k] > mh) mh = hi[s, k]
			if (cnt == 0 || lo[s, k] < ml) ml = lo[s, k]
			cnt++
			if ((p - ml) * 100 / p >= 15) { st = "FAILED"; why = "drawdown"; fin = end; break }
			if ((mh - p) * 100 / p >= 10) { st = "CONFIRMED"; why = "pump"; fin = end; break }
			if (st == "DETECTED" && mon <= end) { st = "MONITORING"; why = "age" }
			if (xp <= end) { st = "FAILED"; why = "expired"; fin = xp; break }
		}
		printf "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", id, st, why,
			fin == "" ? "" : sprintf("%.17g", (fin - det) / 3600000),
			cnt ? sprintf("%.17g", (mh - p) * 100 / p) : "",
			cnt ? sprintf("%.17g", (p - ml) * 100 / p) : "", cnt
	}' "$CB_DATA"/*-4h.csv "$1"
}

@test "real data: every signal's outcome matches the independent computation" {
	local d="$BATS_FILE_TMPDIR" n
	run -0 jq -r 'select(.type == "signal") | [.id, .symbol, .open_time, .detected_at, .price] | @tsv' "$d/stream.ndjson"
	printf '%s\n' "$output" > signals.tsv
	n=$(wc -l < signals.tsv)
	[ "$n" -gt 1000 ]
	expected signals.tsv > want.tsv
	[ "$(wc -l < want.tsv)" -eq "$n" ]
	run -0 cb-validate --db "$d/v.db" list
	printf '%s\n' "$output" > list.ndjson
	run -0 jq -r '[.id, .status, .reason, .hours_to_outcome, .max_gain_pct, .drawdown_pct, .candles] | @tsv' list.ndjson
	printf '%s\n' "$output" > got.tsv
	[ "$(wc -l < got.tsv)" -eq "$n" ]
	# Compare by id; numbers as numbers (the same doubles on both sides).
	sort want.tsv > want.sorted
	sort got.tsv > got.sorted
	run awk -F '\t' 'NR == FNR { w[$1] = $0; next }
		{
			if (!($1 in w)) { print "unexpected " $1; bad++; next }
			split(w[$1], e, "\t")
			for (i = 2; i <= 7; i++)
				if (i <= 3 ? $i != e[i] : ($i == "" ? e[i] != "" : $i + 0 != e[i] + 0)) {
					if (bad++ < 10) print $1 ": field " i " got " $i " want " e[i]
				}
			seen++
		}
		END { print seen " signals compared, " bad + 0 " differences"; exit bad > 0 }' want.sorted got.sorted
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	run -0 cut -f2 got.tsv
	printf '%s\n' "$output" | sort | uniq -c | sed 's/^/# /' >&3
}

@test "real data: one status record per transition, and a replay adds nothing" {
	local d="$BATS_FILE_TMPDIR"
	# Transitions: MONITORING for each signal that reached it, plus one
	# final transition for each final signal; DETECTED -> final directly
	# when the first candle decides.
	run -0 sqlite3 "$d/v.db" "SELECT count(*) FROM signals WHERE status != 'DETECTED' AND NOT (reason IN ('pump', 'drawdown') AND final_time - detected_at <= 14400000)"
	local monitoring=$output
	run -0 sqlite3 "$d/v.db" "SELECT count(*) FROM signals WHERE outcome IS NOT NULL"
	local final=$output
	run -0 jq -c 'select(.type == "status")' "$d/status.ndjson"
	[ "${#lines[@]}" -eq $((monitoring + final)) ]
	sqlite3 "$d/v.db" .dump > before
	run -0 cb-validate --db "$d/v.db" "$d/stream.ndjson"
	[ -z "$output" ]
	sqlite3 "$d/v.db" .dump > after
	cmp before after
}
