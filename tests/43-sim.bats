#!/usr/bin/env bats
# cb-fetch --exchange sim: the simulated market (lib/sim.h). Expected values
# come from the definitions (ranges, invariants, ratios computed here with
# jq and awk), never from pasted output.
load test_helper

NOW=1777615200000      # 2026-05-01T06:00:00Z
FORMING=1777608000000  # 2026-05-01T04:00:00Z
Y0=1735689600000       # 2025-01-01T00:00:00Z
Y1=1767211200000       # 2025-12-31T20:00:00Z: the last 4h candle of 2025
H4=14400000

sim() {
	cb-fetch --exchange sim --now "$NOW" "$@"
}

# The year 2025 of three symbols, one of them 1000-prefixed.
year() {
	sim klines --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" "$@"
}

@test "sim: the same seed gives the same bytes, another seed others" {
	sim klines --symbols AUSDT,BUSDT --since 2025-06-01 --seed 42 > a
	sim klines --symbols AUSDT,BUSDT --since 2025-06-01 --seed 42 > b
	sim klines --symbols AUSDT,BUSDT --since 2025-06-01 --seed 43 > c
	[ -s a ]
	cmp a b
	! cmp -s a c
	sim pumps --symbols AUSDT,BUSDT --since 2025-06-01 --seed 42 > pa
	sim pumps --symbols AUSDT,BUSDT --since 2025-06-01 --seed 42 > pb
	[ -s pa ]
	cmp pa pb
}

@test "sim: a candle does not depend on the range or the other symbols" {
	local from=1738368000000 to=1739145600000   # 2025-02-01 .. 2025-02-10
	sim klines --symbols AUSDT,BUSDT,CUSDT --since 2025-01-01 --until 2025-03-01 > big
	sim klines --symbols BUSDT --since "$from" --until "$to" > small
	jq -c --argjson a "$from" --argjson b "$to" \
		'select(.symbol == "BUSDT" and .open_time >= $a and .open_time <= $b)' big > want
	[ "$(wc -l < want)" = $(( (to - from) / H4 + 1 )) ]
	cmp want small
	# The same for 1h candles across a day boundary and for 1w candles.
	sim klines --interval 1h --symbols AUSDT,BUSDT --since 2025-03-01 --until 2025-03-05 > big
	sim klines --interval 1h --symbols AUSDT --since 2025-03-02T22:00Z --until 2025-03-03T02:00Z > small
	jq -c 'select(.symbol == "AUSDT" and .open_time >= 1740952800000 and .open_time <= 1740967200000)' big > want
	[ "$(wc -l < want)" = 5 ]
	cmp want small
	sim klines --interval 1w --symbols AUSDT,BUSDT --since 2025-01-01 --until 2025-06-01 > big
	sim klines --interval 1w --symbols BUSDT --since 2025-03-01 --until 2025-04-01 > small
	jq -c 'select(.symbol == "BUSDT" and .open_time >= 1740960000000 and .open_time <= 1743465600000)' big > want
	[ -s want ]
	cmp want small
}

@test "sim: a year of candles, ordered, positive and with consistent OHLC and volumes" {
	year > y
	[ "$(wc -l < y)" = $(( 3 * ((Y1 - Y0) / H4 + 1) )) ]
	jq -r '[.type, .exchange, .market, .interval, .open_time, .close_time, .symbol, .open, .high, .low,
		.close, .volume, .quote_volume, .trades, .taker_buy_volume, .taker_buy_quote_volume, .closed] | @tsv' y |
	awk -F'\t' -v h4="$H4" '
		function bad(m) { printf "line %d: %s: %s\n", NR, m, $0; err = 1 }
		function rel(a, b) { d = a - b; if (d < 0) d = -d; return d / b }
		$1 != "candle" || $2 != "sim" || $3 != "futures" || $4 != "4h" || $17 != "true" { bad("members") }
		$6 != $5 + h4 - 1 { bad("close_time") }
		NR > 1 && ($5 < t || ($5 == t && $7 <= s)) { bad("order") }
		{ t = $5; s = $7; o = $8; h = $9; l = $10; c = $11
		  mx = o > c ? o : c; mn = o < c ? o : c }
		!(l > 0 && h >= mx && mn >= l) { bad("ohlc") }
		!($12 > 0 && $14 >= 1 && $15 >= 0 && $15 <= $12) { bad("volume") }
		rel($13, $12 * (h + l + c) / 3) > 1e-9 || rel($16, $15 * (h + l + c) / 3) > 1e-9 { bad("quote") }
		prev[$7] != "" && prev[$7] != o { bad("open is not the last close") }
		{ prev[$7] = c }
		END { exit err }'
	# 1000PEPEUSDT is a symbol like the others.
	[ "$(jq -r 'select(.symbol == "1000PEPEUSDT") | .open_time' y | wc -l)" = $(( (Y1 - Y0) / H4 + 1 )) ]
}

@test "sim: the candle containing now is forming; --closed-only leaves it out; none after now" {
	sim klines --symbols AUSDT,1000BUSDT --last 3 > out
	[ "$(jq -c '[.symbol, .open_time, .closed, .as_of]' out | tail -n 2)" = \
		"$(printf '["1000BUSDT",%s,false,%s]\n["AUSDT",%s,false,%s]' "$FORMING" "$NOW" "$FORMING" "$NOW")" ]
	[ "$(jq -s 'map(select(.closed)) | length' out)" = 4 ]
	sim klines --symbols AUSDT,1000BUSDT --last 3 --closed-only > closed
	[ "$(wc -l < closed)" = 4 ]
	[ "$(jq -s 'map(select(.closed and .close_time < '"$NOW"')) | length' closed)" = 4 ]
	# The closed candles are those of the first run.
	cmp <(head -n 4 out) closed
	sim klines --symbols AUSDT --since 2026-04-30 --until 2026-06-01 > later
	[ "$(jq -r .open_time later | tail -n 1)" = "$FORMING" ]
	# The forming candle opens at the last close.
	[ "$(jq -r 'select(.symbol == "AUSDT") | .close' out | sed -n 2p)" = \
		"$(jq -r 'select(.symbol == "AUSDT") | .open' out | sed -n 3p)" ]
}

@test "sim: pump labels, and each pump's first candle has several times the volume of the 7 days before" {
	year > y
	sim pumps --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" > p
	# About 0.4 pumps per 10 days per symbol: some dozens a year.
	[ "$(wc -l < p)" -ge 20 ]
	jq -e -s 'all(.[]; .type == "label" and .exchange == "sim" and .kind == "pump" and .interval == "4h"
		and .time >= '"$Y0"' and .time <= '"$Y1"' and .end_time > .time and .peak_time >= .time
		and .peak_time < .end_time and .volume_multiple >= 6 and .peak_gain_pct >= 15)' p > /dev/null
	jq -r '[.symbol, .time] | @tsv' p > labels.tsv
	jq -r '[.symbol, .open_time, .volume] | @tsv' y > vol.tsv
	# For each label: volume at its time / mean volume of the 42 candles before.
	awk -F'\t' -v h4="$H4" '
		NR == FNR { want[$1 " " $2] = 1; n++; next }
		{ v[$1 " " $2] = $3 }
		END {
			for (k in want) {
				split(k, a, " "); sum = 0; m = 0
				for (t = a[2] - 42 * h4; t < a[2]; t += h4) {
					j = a[1] " " sprintf("%.0f", t)
					if (j in v) { sum += v[j]; m++ }
				}
				if (m < 42) { skipped++; continue }
				r = v[k] / (sum / m); checked++
				if (r < 3) { printf "%s: volume only %.2fx the 7-day mean\n", k, r; bad = 1 }
			}
			if (checked < n - 3) { printf "only %d of %d labels checked\n", checked, n; bad = 1 }
			exit bad
		}' labels.tsv vol.tsv
}

@test "sim: cb-detect flags at least 80% of the injected pumps" {
	year > y
	sim pumps --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" > p
	cb-detect y > signals
	jq -r '[.symbol, .open_time] | @tsv' signals > sig.tsv
	jq -r '[.symbol, .time, .end_time] | @tsv' p > labels.tsv
	awk -F'\t' '
		NR == FNR { s[++ns] = $0; next }
		{ n++; for (i = 1; i <= ns; i++) { split(s[i], a, "\t")
			if (a[1] == $1 && a[2] >= $2 && a[2] <= $3) { hit++; break } } }
		END { printf "%d of %d pumps flagged\n", hit, n > "/dev/stderr"
		       exit !(n > 0 && hit >= 0.8 * n) }' sig.tsv labels.tsv
}

@test "sim: pumps are interval-independent and honour the range" {
	sim pumps --symbols AUSDT,BUSDT --since 2025-01-01 --until 2025-12-31 > p4h
	sim pumps --symbols AUSDT,BUSDT --since 2025-01-01 --until 2025-12-31 --interval 1h > p1h
	[ -s p4h ]
	# Every 4h pump starts in the 4h candle of the 1h label's time.
	diff <(jq -r '[.symbol, .time] | @tsv' p4h) \
	     <(jq -r --argjson h "$H4" '[.symbol, (.time - .time % $h)] | @tsv' p1h)
	sim pumps --symbols BUSDT --since 2025-06-01 --until 2025-08-01 > part
	diff <(jq -c 'select(.symbol == "BUSDT" and .time >= 1748736000000 and .time <= 1754006400000)' p4h) part
}

@test "sim: usage errors exit 2" {
	run -2 --separate-stderr cb-fetch --exchange sim klines --universe
	[[ "$stderr" == *"--universe"* ]]
	run -2 --separate-stderr cb-fetch --exchange sim pumps --universe
	run -2 --separate-stderr cb-fetch pumps --symbols AUSDT
	[[ "$stderr" == *"not available"* ]]
	run -2 --separate-stderr cb-fetch --exchange sim pumps
	run -2 --separate-stderr cb-fetch --exchange sim oi --symbols AUSDT
	run -2 --separate-stderr cb-fetch --exchange sim klines --symbols AUSDT --seed 0
	[ -z "$output" ]
}

@test "sim: --db is a usage error and creates no store; CB_DB is ignored" {
	run -2 cb-fetch --exchange sim klines --symbols SIMUSDT --last 2 --db sim.db --now 2025-06-01
	[ ! -e sim.db ]
	CB_DB=env.db run -0 cb-fetch --exchange sim klines --symbols SIMUSDT --last 2 --now 2025-06-01
	[ "${#lines[@]}" = 2 ]
	[ ! -e env.db ]
}
