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
	# The forming candle does not count towards --last: 3 closed ones each.
	sim klines --symbols AUSDT,1000BUSDT --last 3 --closed-only > closed
	[ "$(wc -l < closed)" = 6 ]
	[ "$(jq -s 'map(select(.closed and .close_time < '"$NOW"')) | length' closed)" = 6 ]
	# The newest closed candles are those of the first run.
	cmp <(head -n 4 out) <(tail -n 4 closed)
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
	run -2 --separate-stderr cb-fetch --exchange sim oi --symbols AUSDT --market spot
	[[ "$stderr" == *"only for --market futures"* ]]
	run -2 --separate-stderr cb-fetch --exchange sim symbols
	[[ "$stderr" == *"name --symbols"* ]]
	run -2 --separate-stderr cb-fetch --exchange sim ticker
	[[ "$stderr" == *"ticker: not available with --exchange sim"* ]]
	run -2 --separate-stderr cb-fetch --exchange sim import x.zip
	XDG_DATA_HOME=$PWD/xdg run -2 --separate-stderr cb-fetch --exchange sim --offline klines --symbols AUSDT
	[ "${stderr_lines[0]}" = "cb-fetch: --offline: there is no store '$PWD/xdg/cb/cb.db' to read (cb-fetch fills it when run without --offline; see --db)" ]
	[ ! -e xdg ]
	run -2 --separate-stderr cb-fetch --exchange sim --offline --no-db klines --symbols AUSDT
	[ "${stderr_lines[0]}" = "cb-fetch: --offline reads the store; --no-db says there is none" ]
	run -2 --separate-stderr cb-fetch --exchange sim klines --symbols AUSDT --seed 0
	[ -z "$output" ]
}

@test "sim: --db stores klines, oi and symbols; --offline reads the same back; CB_DB and the default store too" {
	sim klines --symbols AUSDT,BUSDT --last 5 --db sim.db > k
	sim oi --symbols AUSDT,BUSDT --last 4 --db sim.db > o
	sim symbols --symbols AUSDT,BUSDT --db sim.db > s
	[ "$(wc -l < k)" = 10 ]
	[ "$(wc -l < o)" = 8 ]
	[ "$(wc -l < s)" = 2 ]
	# The store's copy, without generating anything.
	run -0 sim --offline --db sim.db klines --symbols AUSDT,BUSDT --last 5
	[ "$output" = "$(cat k)" ]
	run -0 sim --offline --db sim.db oi --symbols AUSDT,BUSDT --last 4
	[ "$output" = "$(cat o)" ]
	# A symbol the store lacks gives nothing offline, with a warning.
	run -0 --separate-stderr sim --offline --db sim.db klines --symbols CUSDT --last 5
	[ -z "$output" ]
	[ "$stderr" = "cb-fetch: warning: sim:futures:CUSDT:4h: no candles in the store 'sim.db'" ]
	# A second run over a later range joins the coverage of the first.
	sim klines --symbols AUSDT --since "$Y0" --until $((Y0 + 2 * H4)) --db sim.db > /dev/null
	run -0 sqlite3 sim.db "select symbol, interval, count(*) from candles where exchange = 'sim' group by symbol, interval order by symbol"
	[ "$output" = "$(printf 'AUSDT|4h|8\nBUSDT|4h|5')" ]
	run -0 sqlite3 sim.db "select count(*) from symbols where exchange = 'sim'"
	[ "$output" = 2 ]
	# The store of every tool: CB_DB, else the default one.
	CB_DB=env.db run -0 cb-fetch --exchange sim klines --symbols SIMUSDT --last 2 --now 2025-06-01
	[ "${#lines[@]}" = 2 ]
	run -0 sqlite3 env.db "select symbol, count(*) from candles"
	[ "$output" = "SIMUSDT|2" ]
	run -0 cb-fetch --exchange sim klines --symbols DEFUSDT --last 2 --now 2025-06-01
	[ "${#lines[@]}" = 2 ]
	run -0 sqlite3 "$HOME/.local/share/cb/cb.db" "select symbol, count(*) from candles"
	[ "$output" = "DEFUSDT|2" ]
	# --no-db: nothing kept.
	CB_DB=env.db run -0 cb-fetch --exchange sim klines --symbols NOUSDT --last 2 --now 2025-06-01 --no-db
	[ "${#lines[@]}" = 2 ]
	run -0 sqlite3 env.db "select count(*) from candles where symbol = 'NOUSDT'"
	[ "$output" = 0 ]
}

@test "sim: oi records at each period's open, Binance's members, rising during every pump" {
	sim oi --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" > o
	[ "$(wc -l < o)" = $(( 3 * ((Y1 - Y0) / H4 + 1) )) ]
	jq -e -s 'all(.[]; .type == "oi" and .exchange == "sim" and .period == "4h"
		and .time % 14400000 == 0 and .open_interest > 0 and .open_interest_value > 0)' o > /dev/null
	# Ordered by time, then symbol.
	jq -r '[.time, .symbol] | @tsv' o > order
	sort -k1,1n -k2,2 order | cmp - order
	# --period and --last: the 3 newest hours, now's included.
	run -0 sim oi --symbols XUSDT --period 1h --last 3
	[ "$(jq -r .time <<< "$output" | paste -sd ' ')" = \
		"$((NOW - 2 * 3600000)) $((NOW - 3600000)) $NOW" ]
	# From a pump's start to its peak, open interest rises by
	# log(1 + 2.5 * gain) (at least 0.318 for a 15% gain), which the
	# daily drift cannot take back in 12 hours: at least 1.1 times.
	sim pumps --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" > p
	jq -r '[.symbol, .time, .peak_time] | @tsv' p > labels.tsv
	jq -r '[.symbol, .time, .open_interest] | @tsv' o > oi.tsv
	awk -F'\t' -v h4="$H4" '
		NR == FNR { v[$1 " " $2] = $3; next }
		{ a = v[$1 " " $2]; b = v[$1 " " sprintf("%.0f", $3 + h4)]; n++
		  if (!(a > 0 && b >= 1.1 * a)) { printf "%s %s: oi %s to %s\n", $1, $2, a, b; bad = 1 } }
		END { exit bad || n < 20 }' oi.tsv labels.tsv
}

@test "sim: symbol records whose tick and step every price and volume is a whole number of" {
	run -0 sim symbols --symbols XUSDT,1000PEPEUSDT,YUSDT
	printf '%s\n' "$output" > s
	jq -e -s 'length == 3 and all(.[]; .type == "symbol" and .exchange == "sim"
		and .market == "futures" and .status == "TRADING" and .quote_asset == "USDT"
		and .contract_type == "PERPETUAL" and .min_notional == 5 and .min_qty == .step_size
		and .tick_size > 0 and .tick_size < 1 and .step_size > 0 and .step_size <= 1)' s > /dev/null
	[ "$(jq -r .base_asset s | paste -sd ' ')" = "1000PEPE X Y" ]
	run -0 sim --market spot symbols --symbols XUSDT
	[ "$(jq -c '[.market, .contract_type]' <<< "$output")" = '["spot",null]' ]
	# Ticks and steps are powers of ten: a number is a whole number of
	# them when its text has no more decimals than theirs.
	year > y
	grep -o '"symbol":"[^"]*"\|"\(open\|high\|low\|close\|volume\)":[^,]*' y |
	awk -F: -v s="$(jq -r '[.symbol, .tick_size, .step_size] | @tsv' s)" '
		function decimals(x) { if (x ~ /e/) return 99; return index(x, ".") ? length(x) - index(x, ".") : 0 }
		BEGIN { n = split(s, l, "\n"); for (i = 1; i <= n; i++) { split(l[i], f, "\t")
			tick[f[1]] = decimals(f[2]); step[f[1]] = decimals(f[3]) } }
		$1 == "\"symbol\"" { sym = $2; gsub(/"/, "", sym); next }
		{ want = $1 == "\"volume\"" ? step[sym] : tick[sym]; checked++
		  if (decimals($2) > want) { print sym, $1, $2, "has more decimals than", want; bad = 1 } }
		END { exit bad || checked < 30000 }'
}

@test "sim: futures, spot, 1h and oi through cb-detect -p and cb-score: every factor scores" {
	{
		sim klines --symbols XUSDT,YUSDT --since 2026-01-01
		sim klines --symbols XUSDT,YUSDT --since 2026-01-01 --market spot
		sim klines --symbols XUSDT,YUSDT --since 2026-01-01 --interval 1h
		sim oi --symbols XUSDT,YUSDT --since 2026-01-01 --period 1h
	} > in
	cb-detect -p in > passed
	cb-score --now "$NOW" passed > scores
	jq -c 'select(.market == "futures" and .interval == "4h")' scores > fut
	[ "$(wc -l < fut)" -ge 20 ]
	# No futures signal lacks open interest or spot; each has both measures.
	jq -e -s 'all(.[]; (.missing | index("oi") | not) and (.missing | index("spot") | not)
		and .oi_change_pct != null and .spot_spike_ratio_7d != null and .spot_symbol != null)' fut > /dev/null
	# Open interest, spot sync and confirmations score on some signals.
	jq -e -s 'any(.[]; .score.oi > 0) and any(.[]; .score.spot_sync > 0)
		and any(.[]; .score.confirmation > 0) and any(.[]; .score.volume > 0)' fut > /dev/null
	jq -e -s 'any(.[]; .confirmations | index("OI_RISE"))' fut > /dev/null
	# Timing scores for a signal scored soon after it: now 2 hours after
	# the newest detection.
	last=$(jq -s 'map(.detected_at) | max' fut)
	cb-score --now $((last + 7200000)) passed > late
	[ "$(jq -s --argjson t "$last" 'map(select(.detected_at == $t and .market == "futures")) | .[0].score.timing' late)" = 10 ]
}

@test "sim: funding every 8 hours, deterministic, the 4h open as mark price, higher in every pump" {
	F8=28800000
	sim funding --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" > f
	# 2025-01-01 00:00 .. 2025-12-31 16:00: 365 days of 3, for 3 symbols.
	[ "$(wc -l < f)" = $((3 * 365 * 3)) ]
	jq -e -s --argjson f8 "$F8" 'all(.[]; .type == "funding" and .exchange == "sim" and .time % $f8 == 0
		and .mark_price > 0)' f > /dev/null
	jq -r '[.time, .symbol] | @tsv' f > order
	sort -k1,1n -k2,2 order | cmp - order
	sim funding --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" | cmp - f
	! sim funding --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" --seed 2 | cmp -s - f
	# The mark price is the open of the 4h candle opening at the time.
	sim klines --symbols XUSDT --since "$Y0" --until "$Y1" | jq -r '[.open_time, .open] | @tsv' > opens
	jq -r 'select(.symbol == "XUSDT") | [.time, .mark_price] | @tsv' f > marks
	awk -F'\t' 'NR == FNR { o[$1] = $2; next } { n++; if (o[$1] != $2) bad = 1 } END { exit bad || n != 1095 }' opens marks
	# Outside the pumps (a funding time t sees the price of t - 7h .. t),
	# the base rate 0.0001 +- 25 %; in each pump the highest rate is at least
	# 0.000075 + 0.01 * 2 * log(1.15) / 8 = 0.00042 (the smallest pump, a 15 %
	# gain over 4 hours and back in 4, adds 4 * log(1.15) over its hours, at
	# least half of it inside one funding period of 8 hours).
	sim pumps --symbols XUSDT,1000PEPEUSDT,YUSDT --since "$Y0" --until "$Y1" > p
	[ "$(wc -l < p)" -ge 20 ]
	jq -r '[.symbol, .time, .end_time + 14400000] | @tsv' p > pumps.tsv
	jq -r '[.symbol, .time, .rate] | @tsv' f > rates.tsv
	awk -F'\t' '
		NR == FNR { n++; s[n] = $1; a[n] = $2; e[n] = $3; next }
		{ inside = 0
		  for (i = 1; i <= n; i++)
			if (s[i] == $1 && $2 > a[i] && $2 <= e[i] + 7 * 3600000) {
				inside = 1; if ($3 > top[i]) top[i] = $3 }
		  if (!inside && ($3 < 0.000075 || $3 > 0.000125)) { print "outside:", $0; bad = 1 } }
		END { for (i = 1; i <= n; i++) if (!(top[i] >= 0.00042)) { print "pump:", s[i], a[i], top[i]; bad = 1 }
		      exit bad }' pumps.tsv rates.tsv
}

@test "sim: funding: --last, futures only, candles that open every 8 hours" {
	# --last 2 at 06:00: the funding times 2026-04-30 16:00 and 2026-05-01 00:00.
	run -0 sim funding --symbols XUSDT --last 2
	[ "$(jq -r .time <<< "$output" | paste -sd ' ')" = "$((NOW - 6 * 3600000 - 28800000)) $((NOW - 6 * 3600000))" ]
	run -2 sim funding --symbols XUSDT --market spot
	run -2 sim funding --symbols XUSDT --interval 1d
	run -0 sim funding --symbols XUSDT --interval 1h --last 1
	[ "$(jq -r .time <<< "$output")" = $((NOW - 6 * 3600000)) ]
}
