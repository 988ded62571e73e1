#!/usr/bin/env bats
# cb-detect: every rule of cb-detect(1), with expectations computed by hand.
# On 4h candles the default windows 7d, 14d, 30d are 42, 84 and 180 candles.
load test_helper

H4=14400000

# The signal for a spike of VOLUME at INDEX over constant history.
sig() { # SYMBOL INDEX VOLUME B7 B14 B30 R7 R14 R30 STRENGTH CONF PRICE PCT
	printf '{"type":"signal","id":"binance:futures:%s:4h:%d","exchange":"binance","market":"futures","symbol":"%s","interval":"4h","open_time":%d,"detected_at":%d,"volume":%s,"baseline_7d":%s,"baseline_14d":%s,"baseline_30d":%s,"spike_ratio_7d":%s,"spike_ratio_14d":%s,"spike_ratio_30d":%s,"strength":%s,"confidence":%s,"price":%s,"price_change_pct":%s,"closed":true,"status":"DETECTED"}\n' \
		"$1" $(($2 * H4)) "$1" $(($2 * H4)) $((($2 + 1) * H4)) "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10}" "${11}" "${12}" "${13}"
}

@test "a spike over a full 7d window is a signal with every member exact" {
	{ mkseries BTCUSDT 42 10; mkc BTCUSDT 42 30 110; } > in
	sig BTCUSDT 42 30 10 null null 3 null null '"STRONG"' 60 110 10 > expect
	run -0 cb-detect in
	[ "$output" = "$(cat expect)" ]
}

@test "price_change_pct multiplies before dividing: 100 to 107 is exactly 7" {
	{ mkc P 0 10; mkc P 1 20 107; } > in
	run -0 cb-detect --windows 4h in
	[ "$output" = '{"type":"signal","id":"binance:futures:P:4h:14400000","exchange":"binance","market":"futures","symbol":"P","interval":"4h","open_time":14400000,"detected_at":28800000,"volume":20,"baseline_4h":10,"spike_ratio_4h":2,"strength":"MEDIUM","confidence":45,"price":107,"price_change_pct":7,"closed":true,"status":"DETECTED"}' ]
}

@test "41 candles of history is not a full window: no signal" {
	{ mkseries BTCUSDT 41 10; mkc BTCUSDT 41 1000; } > in
	run -0 --separate-stderr cb-detect in
	[ "$output" = "" ]
	# 42 candles of 4h are 7 days; the 43rd would be compared with 42 before it.
	[ "$stderr" = "cb-detect: no series reached its 7d window: the longest series has 42 candles of 4h (7d); a signal needs 43" ]
}

@test "the ratio threshold is inclusive: 1.5 signals, just below does not" {
	{ mkseries A 42 10; mkc A 42 15; } > a
	{ mkseries B 42 10; mkc B 42 14.999999; } > b
	run -0 cb-detect a b
	[ "$(jq -r .id <<<"$output")" = "binance:futures:A:4h:$((42 * H4))" ]
	[ "$(jq -r .strength <<<"$output")" = WEAK ]
	[ "$(jq -r .confidence <<<"$output")" = 30 ]
}

@test "strength boundaries 2, 3 and 5 and their confidence" {
	for v in 19.99 20 29.99 30 49.99 50; do mkseries "S$v" 42 10 | sed 's/"S[0-9.]*"/"S'"${v/./_}"'"/'; mkc "S${v/./_}" 42 "$v"; done > in
	run -0 cb-detect in
	run -0 jq -r '[.symbol, .strength, .confidence] | @tsv' <<<"$output"
	[ "$output" = "$(printf 'S19_99\tWEAK\t30\nS20\tMEDIUM\t45\nS29_99\tMEDIUM\t45\nS30\tSTRONG\t60\nS49_99\tSTRONG\t60\nS50\tEXTREME\t75')" ]
}

@test "strength takes the larger of the 7d and 14d ratios" {
	# 42 candles of 5 then 42 of 10: baseline_7d 10, baseline_14d 7.5;
	# a volume of 25 is 2.5x (MEDIUM) on 7d but 3.33x (STRONG) on 14d.
	{ mkseries X 42 5; mkseries X 42 10 42; mkc X 84 25; } > in
	sig X 84 25 10 7.5 null 2.5 3.3333333333333335 null '"STRONG"' 60 100 0 > expect
	run -0 cb-detect in
	# The step from 5 to 10 is itself a spike (ratio 2): the last line is ours.
	[ "${lines[-1]}" = "$(cat expect)" ]
}

@test "all three baselines once 180 candles precede the spike" {
	# 96 candles of 1 then 84 of 3: 7d mean 3, 14d mean 3, 30d mean (96+252)/180.
	{ mkseries Y 96 1; mkseries Y 84 3 96; mkc Y 180 12 99; } > in
	run -0 cb-detect in
	run -0 jq -c 'select(.open_time == 180 * 14400000) | [.baseline_7d, .baseline_14d, .baseline_30d, .spike_ratio_7d, .spike_ratio_14d, .spike_ratio_30d, .strength, .price_change_pct]' <<<"$output"
	# 348/180 = 1.9333333333333333, 12/(348/180) = 6.206896551724138
	[ "$output" = '[3,3,1.9333333333333333,4,4,6.206896551724138,"STRONG",-1]' ]
}

@test "a zero baseline gives a null ratio and no signal" {
	{ mkseries Z 42 0; mkc Z 42 5; } > in
	run -0 cb-detect --all in
	[ "$(tail -n 1 <<<"$output" | jq -c '[.type, .baseline_7d, .spike_ratio_7d, .strength, .status]')" = '["evaluation",0,null,null,null]' ]
}

@test "--all writes an evaluation record for every evaluated candle" {
	{ mkc E 0 10; mkc E 1 20 102; } > in
	run -0 cb-detect --windows 4h --all in
	[ "${lines[0]}" = '{"type":"evaluation","id":"binance:futures:E:4h:0","exchange":"binance","market":"futures","symbol":"E","interval":"4h","open_time":0,"detected_at":14400000,"volume":10,"baseline_4h":null,"spike_ratio_4h":null,"strength":null,"confidence":null,"price":100,"price_change_pct":0,"closed":true,"status":null}' ]
	[ "${lines[1]}" = '{"type":"signal","id":"binance:futures:E:4h:14400000","exchange":"binance","market":"futures","symbol":"E","interval":"4h","open_time":14400000,"detected_at":28800000,"volume":20,"baseline_4h":10,"spike_ratio_4h":2,"strength":"MEDIUM","confidence":45,"price":102,"price_change_pct":2,"closed":true,"status":"DETECTED"}' ]
	[ "${#lines[@]}" = 2 ]
}

@test "--windows sets the window lengths and names the members" {
	# 1d and 2d on 4h candles: 6 and 12 candles.
	{ mkseries W 6 4; mkseries W 6 2 6; mkc W 12 6; } > in
	run -0 cb-detect --windows 1d,2d in
	[ "$(jq -c '[.baseline_1d, .baseline_2d, .spike_ratio_1d, .spike_ratio_2d, .strength]' <<<"$output")" = '[2,3,3,2,"STRONG"]' ]
	[ "$(jq -c 'keys_unsorted | map(select(startswith("baseline") or startswith("spike")))' <<<"$output")" = '["baseline_1d","baseline_2d","spike_ratio_1d","spike_ratio_2d"]' ]
}

@test "windows count candles, not clock time: a gap does not change them" {
	# Two candles, then a gap of 10 intervals: the 8h window is still the 2 candles before.
	{ mkc G 0 1; mkc G 1 3; mkc G 12 4; } > in
	run -0 cb-detect --windows 8h in
	[ "$(jq -c '[.open_time, .baseline_8h, .spike_ratio_8h]' <<<"$output")" = "[$((12 * H4)),2,2]" ]
}

@test "--min-ratio changes the trigger" {
	{ mkseries M 42 10; mkc M 42 18; mkc M 43 25; } > in
	run -0 cb-detect --min-ratio 2 in
	[ "$(jq -r .open_time <<<"$output")" = $((43 * H4)) ]
}

@test "--thresholds sets the strength levels and the default trigger" {
	{ mkseries T 42 10; mkc T 42 15; mkc T 43 25; } > in
	run -0 cb-detect --thresholds 2,4,6,8 in
	# 15 is below the new WEAK level 2; the second spike's 7d baseline is
	# (41*10 + 15)/42 = 10.119047619047619, ratio 2.4705882352941178: WEAK.
	[ "$(jq -c '[.open_time, .spike_ratio_7d, .strength]' <<<"$output")" = "[$((43 * H4)),2.4705882352941178,\"WEAK\"]" ]
}

@test "--volume: quote volume when present, base on request" {
	for i in $(seq 0 41); do mkc Q "$i" 10 100 100 ',"quote_volume":1000'; done > in
	mkc Q 42 11 100 100 ',"quote_volume":2000' >> in
	run -0 cb-detect in
	[ "$(jq -c '[.volume, .baseline_7d, .spike_ratio_7d]' <<<"$output")" = '[2000,1000,2]' ]
	run -0 cb-detect --volume base in
	[ "$output" = "" ]
	run -0 cb-detect --volume quote in
	[ "$(jq -c .volume <<<"$output")" = 2000 ]
}

@test "--volume auto never mixes quote and base volume in one series" {
	{ mkc Q 0 10 100 100 ',"quote_volume":1000'; mkc Q 1 10; } > in
	run -3 --separate-stderr cb-detect in
	[ "$stderr" = "cb-detect: in:2: candle: 'quote_volume' is missing (series binance:futures:Q:4h compares quote volume; see --volume)
cb-detect: no series reached its 7d window: the longest series has 1 candle of 4h (4h); a signal needs 43
cb-detect: 1 record rejected, 1 accepted" ]
}

@test "--volume quote rejects candles without quote volume" {
	mkc Q 0 10 > in
	run -1 --separate-stderr cb-detect --volume quote in
	[[ "$stderr" == *"in:1: candle: 'quote_volume' is missing"* ]]
}

@test "forming candles are not evaluated without --partial" {
	{ mkseries F 42 10; mkc F 42 100 100 100 ',"closed":false'; } > in
	run -0 cb-detect in
	[ "$output" = "" ]
}

@test "--partial signals a forming candle early and again when it closes" {
	{ mkseries F 42 10
	  mkc F 42 12 100 100 ',"closed":false,"as_of":605000000'
	  mkc F 42 20 101 100 ',"closed":false,"as_of":606000000'
	  mkc F 42 21 102 100 ',"closed":false'
	  mkc F 42 25 103 100; } > in
	run -0 cb-detect --partial in
	[ "${#lines[@]}" = 3 ]
	run -0 jq -c '[.id, .closed, .detected_at, .volume, .spike_ratio_7d, .price]' <<<"$output"
	id="\"binance:futures:F:4h:$((42 * H4))\""
	[ "${lines[0]}" = "[$id,false,606000000,20,2,101]" ]
	[ "${lines[1]}" = "[$id,false,$((42 * H4)),21,2.1,102]" ]
	[ "${lines[2]}" = "[$id,true,$((43 * H4)),25,2.5,103]" ]
}

@test "--partial: a forming signal is written again at close even below the threshold" {
	{ mkseries F 42 10; mkc F 42 20 100 100 ',"closed":false'; mkc F 42 12; } > in
	run -0 cb-detect --partial in
	[ "$(jq -c '[.closed, .spike_ratio_7d, .strength]' <<<"$output" | tr '\n' ' ')" = '[false,2,"MEDIUM"] [true,1.2,"WEAK"] ' ]
}

@test "a candle with the same open_time replaces the last one; only its final version enters the windows" {
	# Index 1 arrives forming with volume 1000, then closed with 2.
	# The window for index 2 is then (4 + 2) / 2 = 3.
	{ mkc R 0 4; mkc R 1 1000 100 100 ',"closed":false'; mkc R 1 2; mkc R 2 6; } > in
	run -0 cb-detect --windows 8h --all in
	[ "$(jq -c '[.open_time, .baseline_8h]' <<<"$output" | tr '\n' ' ')" = "[0,null] [$H4,null] [$((2 * H4)),3] " ]
}

@test "a forming candle that never closed stays out of the windows" {
	{ mkc R 0 4; mkc R 1 1000 100 100 ',"closed":false'; mkc R 2 6; mkc R 3 8; } > in
	run -0 cb-detect --windows 4h --all in
	# Index 2 has only index 0 before it among closed candles; index 3 has index 2.
	[ "$(jq -c '[.open_time, .baseline_4h]' <<<"$output" | tr '\n' ' ')" = "[0,null] [$((2 * H4)),4] [$((3 * H4)),6] " ]
}

@test "an older candle is rejected with its line number; the rest goes on" {
	{ mkc O 0 1; mkc O 2 1; mkc O 1 1; mkc O 3 5; } > in
	run -3 --separate-stderr cb-detect --windows 4h in
	[ "$stderr" = "cb-detect: in:3: candle: 'open_time' $H4 is older than the last candle of binance:futures:O:4h ($((2 * H4))); input must be in time order
cb-detect: 1 record rejected, 3 accepted" ]
	[ "$(jq -c '[.open_time, .spike_ratio_4h]' <<<"$output")" = "[$((3 * H4)),5]" ]
}

@test "series are independent: interleaved symbols give the same signals as separate runs" {
	{ mkseries A 42 10; mkc A 42 40; } > a
	{ mkseries B 42 7; mkc B 42 11; } > b
	paste -d '\n' a b > mixed
	cb-detect a > sa; cb-detect b > sb
	run -0 cb-detect mixed
	[ "$output" = "$(cat sa sb)" ]
	[ "${#lines[@]}" = 2 ]
}

@test "exchange, market and interval separate series" {
	{ mkseries A 42 10; mkc A 42 40; } > a
	sed 's/"symbol"/"exchange":"bybit","symbol"/' a > b
	sed 's/"symbol"/"market":"spot","symbol"/' a > c
	paste -d '\n' a b c > in
	run -0 cb-detect in
	[ "$(jq -r .id <<<"$output" | tr '\n' ' ')" = "binance:futures:A:4h:$((42 * H4)) bybit:futures:A:4h:$((42 * H4)) binance:spot:A:4h:$((42 * H4)) " ]
}

@test "--since writes only newer candles but the older ones feed the baselines" {
	{ mkseries S 42 10; mkc S 42 30; mkc S 43 40; } > in
	run -0 cb-detect --since "$(iso $((43 * H4)))" in
	[ "$(jq -c '[.open_time, .baseline_7d]' <<<"$output")" = "[$((43 * H4)),10.476190476190476]" ]
	run -0 cb-detect --since 1970-01-08T04:00:00Z in
	[ "$(jq -c .open_time <<<"$output")" = $((43 * H4)) ]
}

@test "--since relative to --now" {
	{ mkseries S 42 10; mkc S 42 30; mkc S 43 40; } > in
	# now = index 45; -8h = index 43.
	run -0 cb-detect --now "$(iso $((45 * H4)))" --since -8h in
	[ "$(jq -c .open_time <<<"$output")" = $((43 * H4)) ]
}

@test "-p copies every line byte for byte, each signal right after its candle" {
	{ mkseries P 42 10; printf '{"type":"oi","symbol":"P","time":1}\r\n'; mkc P 42 30; printf '{"type":"something","x":[1,{"y":null}]}'; } > in
	run -0 cb-detect -p in
	head -n 43 in > expect
	mkc P 42 30 >> expect
	sig P 42 30 10 null null 3 null null '"STRONG"' 60 100 0 >> expect
	printf '{"type":"something","x":[1,{"y":null}]}\n' >> expect
	cb-detect -p in > actual
	cmp expect actual
}

@test "-p passes rejected lines through as well" {
	printf '{"symbol":"X"}\nnot json\n' > in
	run -1 --separate-stderr cb-detect -p in
	[ "$output" = "$(printf '{"symbol":"X"}\nnot json')" ]
}

@test "records of other types are ignored without -p" {
	printf '{"type":"signal","id":"x","symbol":"BTCUSDT"}\n{"type":"oi","bogus":-1}\n' > in
	run -0 --separate-stderr cb-detect in
	[ "$output" = "" ] && [ "$stderr" = "" ]
}

@test "bad records: each is reported with file, line and member; exit 3" {
	{
		mkc B 0 1
		echo '{"symbol":"B","interval":"4h","open_time":14400000,"open":1,"high":1,"low":1,"close":1,"volume":"12"}'
		echo '{"symbol":"B","interval":"4h","open_time":14400000,"open":1,"high":1,"low":1,"close":1}'
		echo '{"symbol":"B","interval":"4h","open_time":14400000,"open":-1,"high":1,"low":1,"close":1,"volume":1}'
		echo '{"symbol":"B","interval":"4h","open_time":14400000,"open":1,"high":1,"low":2,"close":1,"volume":1}'
		echo '{"symbol":"B","interval":"7m","open_time":14400000,"open":1,"high":1,"low":1,"close":1,"volume":1}'
		echo '{"symbol":"B","interval":"4h","open_time":1.5,"open":1,"high":1,"low":1,"close":1,"volume":1}'
		echo '{"symbol":"B:X","interval":"4h","open_time":0,"open":1,"high":1,"low":1,"close":1,"volume":1}'
		echo '{"symbol":"B","interval":"4h","open_time":0,"open":1,"high":1,"low":1,"close":1,"volume":1,}'
		echo '{"symbol":"B","interval":"4h","open_time":0,"open":1,"high":1,"low":1,"close":1,"volume":NaN}'
		echo '{"symbol":"B","interval":"4h","open_time":0,"open":1,"high":1,"low":1,"close":1,"volume":1,"closed":"yes"}'
		echo '[1,2]'
		mkc B 1 3
	} > in
	run -3 --separate-stderr cb-detect --windows 4h in
	cat > expect <<-'EOF2'
	cb-detect: in:2: candle: 'volume' is not a number
	cb-detect: in:3: candle: 'volume' is missing
	cb-detect: in:4: candle: 'open' is negative
	cb-detect: in:5: candle: 'high' is below 'low'
	cb-detect: in:6: candle: 'interval' "7m" is not one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M
	cb-detect: in:7: candle: 'open_time' is not an integer
	cb-detect: in:8: candle: 'symbol' "B:X" has characters other than A-Z a-z 0-9 . _ / -
	cb-detect: in:9: invalid JSON at column 92: member name expected
	cb-detect: in:10: invalid JSON at column 90: value expected
	cb-detect: in:11: candle: 'closed' is not true or false
	cb-detect: in:12: invalid JSON at column 1: a record must be a JSON object
	cb-detect: 11 records rejected, 2 accepted
	EOF2
	[ "$stderr" = "$(cat expect)" ]
	[ "$(jq -c '[.open_time, .spike_ratio_4h]' <<<"$output")" = "[$H4,3]" ]
}

@test "--strict stops at the first rejected record with status 1" {
	{ mkc B 0 1; echo '{"symbol":"B"}'; mkc B 1 5; } > in
	run -1 --separate-stderr cb-detect --strict --windows 4h in
	[ "$output" = "" ]
	[ "$stderr" = "$(printf "cb-detect: in:2: candle: 'interval' is missing\ncb-detect: stopping at the first rejected record (--strict)")" ]
	# What came before is written, and -p had already copied the bad line.
	run -1 --separate-stderr cb-detect -p --strict --windows 4h in
	[ "$output" = "$(head -n 2 in)" ]
}

@test "standard input is named <stdin>; CRLF and empty lines are fine" {
	{ mkc C 0 1; echo; mkc C 1 3; echo '{'; } | sed 's/$/\r/' > in
	run -3 --separate-stderr cb-detect --windows 4h < in
	[ "$stderr" = "cb-detect: <stdin>:4: invalid JSON at column 2: member name expected
cb-detect: 1 record rejected, 2 accepted" ]
	[ "$(jq -c .spike_ratio_4h <<<"$output")" = 3 ]
}

@test "a line longer than 1 MiB is rejected, not a crash; the next line is read" {
	{ mkc L 0 1; head -c 1100000 /dev/zero | tr '\0' ' '; echo; mkc L 1 3; } > in
	run -3 --separate-stderr cb-detect --windows 4h in
	[ "$stderr" = "cb-detect: in:2: line longer than 1048576 bytes
cb-detect: 1 record rejected, 2 accepted" ]
	[ "$(jq -c .spike_ratio_4h <<<"$output")" = 3 ]
}

@test "defaults: close_time from the interval, including the calendar month" {
	echo '{"symbol":"M","interval":"1M","open_time":1706745600000,"open":1,"high":1,"low":1,"close":1,"volume":1}' > in
	echo '{"symbol":"M","interval":"1M","open_time":1709251200000,"open":1,"high":1,"low":1,"close":1,"volume":1}' >> in
	run -0 cb-detect --windows 30d --all in
	# 2024-02-01 opens; it closes at the end of 29 February 2024 (a leap year).
	[ "$(jq -c '[.open_time, .detected_at, .baseline_30d]' <<<"$output" | tr '\n' ' ')" = "[1706745600000,1709251200000,null] [1709251200000,1711929600000,1] " ]
}

@test "usage errors exit 2 with one line and a hint" {
	for args in "--windows 7x" "--windows ," "--windows 7d,7d" "--volume both" "--since yesterday" "--thresholds 3,2,4,5" "--min-ratio 0" "--now soon" "--bogus" "--windows"; do
		run -2 --separate-stderr cb-detect $args
		[ "${#stderr}" -gt 0 ]
		[ "$(printf '%s\n' "$stderr" | tail -n 1)" = "Try 'cb-detect --help' for more information." ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" = 2 ]
	done
}

@test "a missing file is fatal: status 1 and its name" {
	run -1 --separate-stderr cb-detect nosuch
	[ "$stderr" = "cb-detect: cannot open 'nosuch': No such file or directory" ]
}

@test "a full disk is an error, status 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	{ mkseries D 42 10; mkc D 42 30; } > in
	run -1 --separate-stderr bash -c 'cb-detect -p in > /dev/full'
	[ "$stderr" = "cb-detect: cannot write to standard output: No space left on device" ]
}

@test "a closed pipe ends the tool quietly with status 0" {
	mkseries P 20000 10 > in
	run -0 --separate-stderr bash -c 'set -o pipefail; cb-detect -p in | head -n 1 > /dev/null'
	[ "$stderr" = "" ]
}

@test "the same input always gives byte-identical output" {
	{ mkseries D 42 0.1; mkc D 42 0.3; } > in
	cb-detect -p --all in > one
	cb-detect -p --all in > two
	cmp one two
	# The exact mean of 42 times 0.1 is the double 0.1 (math.fsum; a naive
	# running sum gives 0.10000000000000002), and 0.3 / 0.1 is
	# 2.9999999999999996 in doubles; both in their shortest form.
	[ "$(tail -n 1 one | jq -c '[.baseline_7d, .spike_ratio_7d]')" = '[0.1,2.9999999999999996]' ]
}

# --- issue 11: rejected records are summed up, wrong inputs named ---

@test "a CSV on standard input: five messages, the rest summed up, a hint, exit 1" {
	{ echo 'open_time,open,high,low,close,volume'
	  for i in 1 2 3 4 5 6 7 8; do echo "$((i * H4)),1,2,0.5,1.5,10"; done; } > in.csv
	run -1 --separate-stderr cb-detect < in.csv
	[ "$output" = "" ]
	cat > expect <<-'EOF2'
	cb-detect: <stdin>:1: invalid JSON at column 1: a record must be a JSON object
	cb-detect: <stdin>: this looks like CSV: read it with cb-fetch import --no-db FILE
	cb-detect: <stdin>:2: invalid JSON at column 1: a record must be a JSON object
	cb-detect: <stdin>:3: invalid JSON at column 1: a record must be a JSON object
	cb-detect: <stdin>:4: invalid JSON at column 1: a record must be a JSON object
	cb-detect: <stdin>:5: invalid JSON at column 1: a record must be a JSON object
	cb-detect: ... and 4 more like <stdin>:5
	cb-detect: 9 records rejected, 0 accepted
	EOF2
	[ "$stderr" = "$(cat expect)" ]
	# -q silences notes, not errors: the same lines.
	run -1 --separate-stderr cb-detect -q < in.csv
	[ "$stderr" = "$(cat expect)" ]
}

@test "the shared data's CSV: one line counts all its rows, exit 1" {
	local f="$CB_DATA/BTCUSDT-4h.csv"
	[ -r "$f" ] || skip "no shared data"
	run -1 --separate-stderr cb-detect "$f"
	[ "${#stderr_lines[@]}" -eq 8 ]
	[ "${stderr_lines[1]}" = "cb-detect: $f: this looks like CSV: read it with cb-fetch import --no-db FILE" ]
	[ "${stderr_lines[6]}" = "cb-detect: ... and $(($(wc -l < "$f") - 5)) more like $f:5" ]
	[ "${stderr_lines[7]}" = "cb-detect: $(wc -l < "$f") records rejected, 0 accepted" ]
}

@test "each kind of rejection has its own five messages and its own sum" {
	{ mkc K 0 1
	  for i in 1 2 3 4 5 6 7; do echo "{\"symbol\":\"K\",\"interval\":\"4h\",\"open_time\":$((i * H4)),\"open\":1,\"high\":1,\"low\":1,\"close\":1}"; done
	  for i in 1 2 3 4 5 6; do echo "{bad $i"; done
	  mkc K 1 3; } > in
	run -3 --separate-stderr cb-detect --windows 4h in
	cat > expect <<-'EOF2'
	cb-detect: in:2: candle: 'volume' is missing
	cb-detect: in:3: candle: 'volume' is missing
	cb-detect: in:4: candle: 'volume' is missing
	cb-detect: in:5: candle: 'volume' is missing
	cb-detect: in:6: candle: 'volume' is missing
	cb-detect: in:9: invalid JSON at column 2: member name expected
	cb-detect: in:10: invalid JSON at column 2: member name expected
	cb-detect: in:11: invalid JSON at column 2: member name expected
	cb-detect: in:12: invalid JSON at column 2: member name expected
	cb-detect: in:13: invalid JSON at column 2: member name expected
	cb-detect: ... and 2 more like in:6
	cb-detect: ... and 1 more like in:13
	cb-detect: 13 records rejected, 2 accepted
	EOF2
	[ "$stderr" = "$(cat expect)" ]
	[ "$(jq -c '[.open_time, .spike_ratio_4h]' <<<"$output")" = "[$H4,3]" ]
}

@test "older candles of different series are one kind: their series and times differ" {
	{ mkc A 1 1; mkc B 1 1; mkc A 0 1; mkc B 0 1; mkc A 0 1; mkc B 0 1; mkc A 0 1; mkc B 0 1; } > in
	run -3 --separate-stderr cb-detect -q in
	[ "${#stderr_lines[@]}" -eq 7 ]
	[ "${stderr_lines[4]}" = "cb-detect: in:7: candle: 'open_time' 0 is older than the last candle of binance:futures:A:4h ($H4); input must be in time order" ]
	[ "${stderr_lines[5]}" = "cb-detect: ... and 1 more like in:7" ]
	[ "${stderr_lines[6]}" = "cb-detect: 6 records rejected, 2 accepted" ]
}

@test "a JSON array and a klines answer are named, once per run" {
	printf '[{"symbol":"A"},\n{"symbol":"B"}]\n' > arr
	run -1 --separate-stderr cb-detect arr
	cat > expect <<-'EOF2'
	cb-detect: arr:1: invalid JSON at column 1: a record must be a JSON object
	cb-detect: arr: this looks like a JSON array: cb reads one record per line; use jq -c '.[]'
	cb-detect: arr:2: invalid JSON at column 15: text after the end of the object
	cb-detect: 2 records rejected, 0 accepted
	EOF2
	[ "$stderr" = "$(cat expect)" ]
	echo '[[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"]]' > klines
	# Two wrong files: the hint of the first only.
	run -1 --separate-stderr cb-detect klines arr
	cat > expect <<-'EOF2'
	cb-detect: klines:1: invalid JSON at column 1: a record must be a JSON object
	cb-detect: klines: this looks like an exchange's klines answer (arrays, not records): use cb-fetch klines
	cb-detect: arr:1: invalid JSON at column 1: a record must be a JSON object
	cb-detect: arr:2: invalid JSON at column 15: text after the end of the object
	cb-detect: 3 records rejected, 0 accepted
	EOF2
	[ "$stderr" = "$(cat expect)" ]
}

@test "no hint when the first record is good; a CSV row later is only rejected" {
	{ mkc G 0 1; echo '1,2,3'; mkc G 1 3; } > in
	run -3 --separate-stderr cb-detect --windows 4h in
	[ "$stderr" = "cb-detect: in:2: invalid JSON at column 1: a record must be a JSON object
cb-detect: 1 record rejected, 2 accepted" ]
}

# --- issue 11: a run that writes no signal for a visible reason says why ---

@test "windows longer than the stream: no signal, and a note naming the longest series" {
	# A: 12 candles of 4h (2 days). B: 30 candles of 1h (30 hours), more
	# candles but less time: A is the longest. 7d of 4h is 42 candles.
	mkseries A 12 10 > in
	mkseries B 30 10 | sed 's/"4h"/"1h"/' >> in
	run -0 --separate-stderr cb-detect in
	[ "$output" = "" ]
	[ "$stderr" = "cb-detect: no series reached its 7d window: the longest series has 12 candles of 4h (2d); a signal needs 43" ]
	# 13 candles of 4h are 2d4h.
	mkc A 12 10 >> in
	run -0 --separate-stderr cb-detect in
	[ "$stderr" = "cb-detect: no series reached its 7d window: the longest series has 13 candles of 4h (2d4h); a signal needs 43" ]
	# -q silences the note.
	run -0 --separate-stderr cb-detect -q in
	[ "$stderr" = "" ]
}

@test "-w 30m on 1h candles: no window can fill, and the note says so" {
	mkseries H 60 10 | sed 's/"4h"/"1h"/' > in
	run -0 --separate-stderr cb-detect -w 30m in
	[ "$output" = "" ]
	[ "$stderr" = "cb-detect: no series can fill its 30m window: it is shorter than 1h, the shortest interval of the series" ]
	# With --all the evaluations are written, and the reason still holds.
	run -0 --separate-stderr cb-detect -w 30m --all in
	[ "${#lines[@]}" -eq 60 ]
	[ "$stderr" = "cb-detect: no series can fill its 30m window: it is shorter than 1h, the shortest interval of the series" ]
}

@test "--since after every candle: a note with the newest candle" {
	mkseries S 60 10 > in
	# The newest opens at index 59, 236 hours: 1970-01-10T20:00:00Z.
	run -0 --separate-stderr cb-detect --since "$(iso $((60 * H4)))" in
	[ "$output" = "" ]
	[ "$stderr" = "cb-detect: no candle opens at or after --since 1970-01-11T00:00:00Z: the newest opens at 1970-01-10T20:00:00Z" ]
}

@test "full windows without a spike, or no candle at all: nothing to say" {
	mkseries Q 60 10 > in
	run -0 --separate-stderr cb-detect in
	[ "$output" = "" ] && [ "$stderr" = "" ]
	run -0 --separate-stderr cb-detect /dev/null
	[ "$output" = "" ] && [ "$stderr" = "" ]
	printf '{"type":"oi","symbol":"Q","time":1,"open_interest":5}\n' > oi
	run -0 --separate-stderr cb-detect oi
	[ "$output" = "" ] && [ "$stderr" = "" ]
}

# --- issue 11: --market and --interval choose the series that signal ---

# Futures 4h, spot 4h and futures 1h series of A, each with a spike at index 42.
three_series() {
	{ mkseries A 42 10; mkc A 42 40; } > f4
	sed 's/"symbol"/"market":"spot","symbol"/' f4 > s4
	sed 's/"4h"/"1h"/' f4 > f1
	paste -d '\n' f4 s4 f1 > in
}

@test "--market and --interval: only the chosen series signal; by default all do" {
	three_series
	# -w 1d: 6 candles of 4h, 24 of 1h; all three fill it.
	run -0 cb-detect -w 1d in
	[ "$(jq -r .id <<<"$output" | tr '\n' ' ')" = "binance:futures:A:4h:$((42 * H4)) binance:spot:A:4h:$((42 * H4)) binance:futures:A:1h:$((42 * H4)) " ]
	run -0 --separate-stderr cb-detect -w 1d --market futures --interval 4h in
	[ "$(jq -r .id <<<"$output")" = "binance:futures:A:4h:$((42 * H4))" ]
	[ "$stderr" = "" ]
	run -0 cb-detect -w 1d --market SPOT in
	[ "$(jq -r .id <<<"$output")" = "binance:spot:A:4h:$((42 * H4))" ]
	run -0 cb-detect -w 1d --interval 1h,1d in
	[ "$(jq -r .id <<<"$output")" = "binance:futures:A:1h:$((42 * H4))" ]
	run -0 cb-detect -w 1d --market spot,futures --interval 4h in
	[ "$(jq -r .id <<<"$output" | tr '\n' ' ')" = "binance:futures:A:4h:$((42 * H4)) binance:spot:A:4h:$((42 * H4)) " ]
}

@test "--market and --interval: the other series still pass through with -p" {
	three_series
	run -0 cb-detect -p -w 1d --market futures --interval 4h in
	# 3 x 43 candles, then one signal right after the futures 4h spike (line 127).
	[ "${#lines[@]}" -eq 130 ]
	[ "$(printf '%s\n' "${lines[@]:0:127}")" = "$(head -n 127 in)" ]
	[ "$(jq -r .id <<<"${lines[127]}")" = "binance:futures:A:4h:$((42 * H4))" ]
	[ "$(printf '%s\n' "${lines[@]:128}")" = "$(tail -n 2 in)" ]
}

@test "--market and --interval: no series chosen is a note; bad lists are usage errors" {
	three_series
	run -0 --separate-stderr cb-detect --market futures --interval 1d in
	[ "$output" = "" ]
	[ "$stderr" = "cb-detect: no series matches --market futures --interval 1d" ]
	run -2 --separate-stderr cb-detect --interval 4h,5x in
	[ "$stderr" = "cb-detect: --interval: '5x' is not one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M
Try 'cb-detect --help' for more information." ]
	run -2 --separate-stderr cb-detect --market 'spot,' in
	[ "$stderr" = "cb-detect: --market: 'spot,' is not a comma-separated list of names
Try 'cb-detect --help' for more information." ]
	run -2 --separate-stderr cb-detect --market 'sp ot' in
	[ "$stderr" = "cb-detect: --market: 'sp ot' is not a market name such as futures or spot
Try 'cb-detect --help' for more information." ]
}

@test "the store's file given as input is named, with the command that reads it" {
	run -0 cb-validate --db s.db /dev/null
	run -1 --separate-stderr cb-detect s.db
	[ "$output" = "" ]
	[ "${stderr_lines[1]}" = "cb-detect: s.db: this is an SQLite database, the store: its candles come out of cb-fetch klines --offline --db FILE" ]
}
