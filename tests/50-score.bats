#!/usr/bin/env bats
# cb-score: every factor's boundaries, symbol pairing, missing context,
# streams in any order, pass-through and errors. Expected scores are worked
# out by hand from cb-score(1)'s tables, in the comments.
load test_helper

H4=14400000
T=$((42 * H4))          # the signal candle of these tests opens at index 42
E=$((43 * H4))          # ... and ends here: its detected_at
NOW=1970-01-08T04:00:00Z # --now at detected_at (E): age 0, timing 10

# sig SYMBOL RATIO [PRICE [MARKET]]: a signal on the candle at index 42.
sig() {
	awk -v s="$1" -v r="$2" -v p="${3:-100}" -v m="${4:-futures}" -v t="$T" -v e="$E" 'BEGIN {
		printf "{\"type\":\"signal\",\"id\":\"binance:%s:%s:4h:%s\",\"exchange\":\"binance\",\"market\":\"%s\",\"symbol\":\"%s\",\"interval\":\"4h\",\"open_time\":%s,\"detected_at\":%s,\"spike_ratio_7d\":%s,\"price\":%s}\n", m, s, t, m, s, t, e, r, p
	}'
}

# spot SYMBOL VOLUME [CLOSE]: spot candles 0-41 of volume 10 and close 100,
# candle 42 of VOLUME and CLOSE, candle 43 of volume 10.
spot() {
	{ mkseries "$1" 42 10; mkc "$1" 42 "$2" "${3:-100}" "${3:-100}"; mkc "$1" 43 10; } |
		sed 's/^{/{"market":"spot",/'
}

# oi SYMBOL A B: open interest A at the signal candle's open, B at its end.
oi() {
	printf '{"type":"oi","exchange":"binance","symbol":"%s","period":"4h","time":%s,"open_interest":%s,"open_interest_value":0}\n' \
		"$1" "$T" "$2" "$1" "$E" "$3"
}

# score FILE [OPTION...]: run cb-score --now $NOW on FILE; output must be
# status 0; then print symbol, factors and total per signal.
score() {
	local f=$1
	shift
	run -0 --separate-stderr cb-score --now "$NOW" "$@" "$f"
	jq -c '[.symbol, .score.volume, .score.oi, .score.spot_sync, .score.confirmation, .score.timing, .score.total, .confidence_level]' <<< "$output"
}

@test "score: volume points at each bound of spike_ratio_7d" {
	# 25 at >= 5, 20 at >= 3, 15 at >= 2, else 10; no ratio: 0. Spot
	# signals: no oi or spot factor; timing 10.
	{ sig R5 5 100 spot; sig R499 4.99 100 spot; sig R3 3 100 spot; sig R299 2.99 100 spot
	  sig R2 2 100 spot; sig R199 1.99 100 spot; sig Rnull null 100 spot; } > in
	run -0 score in
	[ "$output" = '["R5",25,0,0,0,10,35,"LOW"]
["R499",20,0,0,0,10,30,"LOW"]
["R3",20,0,0,0,10,30,"LOW"]
["R299",15,0,0,0,10,25,"LOW"]
["R2",15,0,0,0,10,25,"LOW"]
["R199",10,0,0,0,10,20,"LOW"]
["Rnull",0,0,0,0,10,10,"LOW"]' ]
}

@test "score: open interest points and OI_RISE at each bound of oi_change_pct" {
	# 1000 -> B: 50 % 25, 49.9 % 20, 30 % 20, 29.9 % 15, 15 % 15, 5 % 10,
	# 4.9 % 0, -10 % 0; OI_RISE (5 points) from 5 %. Volume 10 (ratio 1.5),
	# timing 10, spot missing.
	: > in
	for b in 1500 1499 1300 1299 1150 1050 1049 900; do
		sig "O$b" 1.5 >> in
		oi "O$b" 1000 "$b" >> in
	done
	run -0 score in
	[ "$output" = '["O1500",10,25,0,5,10,50,"MEDIUM"]
["O1499",10,20,0,5,10,45,"MEDIUM"]
["O1300",10,20,0,5,10,45,"MEDIUM"]
["O1299",10,15,0,5,10,40,"MEDIUM"]
["O1150",10,15,0,5,10,40,"MEDIUM"]
["O1050",10,10,0,5,10,35,"LOW"]
["O1049",10,0,0,0,10,20,"LOW"]
["O900",10,0,0,0,10,20,"LOW"]' ]
	run -0 --separate-stderr cb-score --now "$NOW" in
	run -0 jq -c '[.oi_change_pct, .confirmations, .missing]' <<< "$output"
	[ "${lines[0]}" = '[50,["OI_RISE"],["spot","ltf"]]' ]
	[ "${lines[1]}" = '[49.9,["OI_RISE"],["spot","ltf"]]' ]
	[ "${lines[7]}" = '[-10,[],["spot","ltf"]]' ]
}

@test "score: spot sync points, has_spot_sync and SPOT_SYNC at each bound" {
	# Spot baseline 10: volume 30 is ratio 3 (20), 20 is 2 (15), 15 is 1.5
	# (10), 14.9 is 1.49 (0, no sync). SPOT_SYNC from 1.5 (5 points).
	: > in
	for v in 30 20 15 14.9; do
		spot "S${v%.*}USDT" "$v" >> in
		sig "S${v%.*}USDT" 1.5 >> in
	done
	run -0 score in
	[ "$output" = '["S30USDT",10,0,20,5,10,45,"MEDIUM"]
["S20USDT",10,0,15,5,10,40,"MEDIUM"]
["S15USDT",10,0,10,5,10,35,"LOW"]
["S14USDT",10,0,0,0,10,20,"LOW"]' ]
	run -0 cb-score --now "$NOW" in
	run -0 jq -c '[.spot_symbol, .spot_spike_ratio_7d, .has_spot_sync, .basis_pct, .missing]' <<< "$output"
	[ "${lines[0]}" = '["S30USDT",3,true,0,["oi","ltf"]]' ]
	[ "${lines[2]}" = '["S15USDT",1.5,true,0,["oi","ltf"]]' ]
	[ "$(jq -c '.[2]' <<< "${lines[3]}")" = false ]
}

@test "score: timing points at each bound of the signal's age" {
	# Age = --now - detected_at: 4h 10, 4h+1ms 7, 12h 7, 24h 5, 48h 3,
	# 48h+1ms 0. Volume 10.
	sig A 1.5 100 spot > in
	local age want got=""
	for age in $((4 * 3600000)) $((4 * 3600000 + 1)) $((12 * 3600000)) $((24 * 3600000)) \
		$((48 * 3600000)) $((48 * 3600000 + 1)); do
		run -0 --separate-stderr cb-score --now "$(iso $((E + age)))" in
		got+="$(jq -c '[.score.timing, .score.total]' <<< "$output") "
	done
	[ "$got" = '[10,20] [7,17] [7,17] [5,15] [3,13] [0,10] ' ]
}

@test "score: without --now the age is measured to the newest event of the stream" {
	# A candle of another series closing 20h after detected_at, read before
	# the signal, which is scored at once: age 20h, 5 points.
	{ mkc B 47 10; sig A 1.5 100 spot; } > in
	run -0 cb-score in
	[ "$(jq -c '[.score.timing, .score.total]' <<< "$output")" = '[5,15]' ]
}

@test "score: confidence levels, --levels, --weights, --min-score and --level" {
	# Ratio 5 (25) + oi 50 % (25) + spot 3 (20) + SPOT_SYNC and OI_RISE
	# (10) + timing 10 = 90, EXTREME; at 48h+1ms timing 0: 80, EXTREME.
	{ spot X 30; sig X 5; oi X 1000 1500; sig Y 3 100 spot; } > in
	run -0 score in
	[ "$output" = '["X",25,25,20,10,10,90,"EXTREME"]
["Y",20,0,0,0,10,30,"LOW"]' ]
	run -0 cb-score --now "$(iso $((E + 48 * 3600000 + 1)))" in
	[ "$(jq -c '[.score.total, .confidence_level]' <<< "${lines[0]}")" = '[80,"EXTREME"]' ]
	# Y: 30 is HIGH with levels 80,30,20; MEDIUM with 80,31,30; LOW with 80,40,31.
	run -0 cb-score --now "$NOW" --levels 80,30,20 in
	[ "$(jq -r .confidence_level <<< "${lines[1]}")" = HIGH ]
	run -0 cb-score --now "$NOW" --levels 80,31,30 in
	[ "$(jq -r .confidence_level <<< "${lines[1]}")" = MEDIUM ]
	run -0 cb-score --now "$NOW" --levels 80,40,31 in
	[ "$(jq -r .confidence_level <<< "${lines[1]}")" = LOW ]
	# --weights 50,0,20,20,5: volume doubles (Y: 40), oi 0, timing halves (5).
	run -0 score in --weights 50,0,20,20,5
	[ "$output" = '["X",50,0,20,10,5,85,"EXTREME"]
["Y",40,0,0,0,5,45,"MEDIUM"]' ]
	run -0 score in --min-score 31
	[ "$output" = '["X",25,25,20,10,10,90,"EXTREME"]' ]
	run -0 score in --min-score 30
	[ "${#lines[@]}" -eq 2 ]
	run -0 score in --level EXTREME
	[ "$output" = '["X",25,25,20,10,10,90,"EXTREME"]' ]
	run -0 score in --level LOW
	[ "${#lines[@]}" -eq 2 ]
}

@test "score: step tables and confirmation points can be replaced" {
	{ spot X 30; sig X 5; oi X 1000 1500; } > in
	# volume 5:1,2; oi 60:9,3; spot 2:7; timing 1h:4,2; confirmations 3 each, at most 4.
	run -0 score in --volume-steps 5:1,2 --oi-steps 60:9,3 --spot-steps 2:7 \
		--timing-steps 1h:4,2 --confirmation-points 3,4
	[ "$output" = '["X",1,3,7,4,4,19,"LOW"]' ]
	run -0 score in --sync-ratio 3.5 --oi-rise 60
	[ "$output" = '["X",25,25,20,0,10,80,"EXTREME"]' ]
}

@test "score: LTF_VOLUME from a lower interval inside the signal candle" {
	# 1h candles 0-167 (the 7 days before T) of volume 10; inside [T, E) one
	# candle of 20.01 (more than 2 x 10: confirmed) or of 20 (not).
	local s v
	: > in
	for s in L1 L2; do
		v=20.01
		[ "$s" = L2 ] && v=20
		awk -v s="$s" -v v="$v" 'BEGIN {
			for (i = 0; i < 172; i++)
				printf "{\"market\":\"spot\",\"symbol\":\"%s\",\"interval\":\"1h\",\"open_time\":%d,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":%s}\n", s, i * 3600000, i == 169 ? v : 10
		}' >> in
		sig "$s" 1.5 100 spot >> in
	done
	run -0 cb-score --now "$NOW" in
	run -0 jq -c '[.symbol, .confirmations, .missing, .score.total]' <<< "$output"
	[ "$output" = '["L1",["LTF_VOLUME"],["oi","spot"],25]
["L2",[],["oi","spot"],20]' ]
}

@test "score: BASIS_ANOMALY against the mean |basis_pct| of the 12 candles before" {
	# Futures closes 101 and spot closes 100 at candles 30-41: basis 1 % each,
	# mean 1. Signal price 102.01 (basis 2.01 > 2 x 1): anomaly; 102 (2): not.
	local s p
	: > in
	for s in B1 B2; do
		p=102.01
		[ "$s" = B2 ] && p=102
		for i in $(seq 30 41); do mkc "$s" "$i" 10 101 101; done >> in
		spot "$s" 10 >> in
		sig "$s" 1.5 "$p" >> in
	done
	run -0 cb-score --now "$NOW" in
	run -0 jq -c '[.symbol, (.basis_pct * 1000 | round / 1000), .confirmations]' <<< "$output"
	[ "$output" = '["B1",2.01,["BASIS_ANOMALY"]]
["B2",2,[]]' ]
}

@test "score: 1000-multiplier futures pair with the spot symbol, price times the multiplier" {
	# 1000PEPEUSDT at 0.0101 against PEPEUSDT spot at 0.00001 (x 1000 = 0.01):
	# basis 1 %. 1MBABYDOGEUSDT pairs with BABYDOGEUSDT, 10000SATSUSDT with
	# SATSUSDT; 1INCHUSDT and 100XUSDT keep their names.
	{ spot PEPEUSDT 30 0.00001; sig 1000PEPEUSDT 1.5 0.0101
	  sig 1MBABYDOGEUSDT 1.5; sig 10000SATSUSDT 1.5; sig 1INCHUSDT 1.5; sig 100XUSDT 1.5; } > in
	run -0 cb-score --now "$NOW" in
	run -0 jq -c '[.symbol, .spot_symbol, .spot_spike_ratio_7d, (.basis_pct | if . then . * 1e6 | round / 1e6 else . end)]' <<< "$output"
	[ "$output" = '["1000PEPEUSDT","PEPEUSDT",3,1]
["1MBABYDOGEUSDT","BABYDOGEUSDT",null,null]
["10000SATSUSDT","SATSUSDT",null,null]
["1INCHUSDT","1INCHUSDT",null,null]
["100XUSDT","100XUSDT",null,null]' ]
}

@test "score: a futures symbol with no spot market: spot fields null, held to the end" {
	# ZZZUSDT has no spot candles: its scored signal waits for them until
	# the input ends, so with -p it comes after every other line (the plain
	# signal is copied in place, after its candle).
	{ mkseries ZZZUSDT 42 10; mkc ZZZUSDT 42 30; oi ZZZUSDT 1000 1000; mkc ZZZUSDT 43 10; mkc ZZZUSDT 44 10; } > c
	run -0 cb-detect -p c
	printf '%s\n' "$output" > in
	run -0 cb-score -p --now "$NOW" in
	[ "${#lines[@]}" -eq 49 ]
	[ "${lines[43]}" = "$(sed -n 44p in)" ]
	[ "$(jq -c '[.score.total, .spot_symbol, .spot_spike_ratio_7d, .has_spot_sync, .basis_pct, .oi_change_pct, .missing]' <<< "${lines[48]}")" = '[30,"ZZZUSDT",null,null,null,0,["spot","ltf"]]' ]
	# With --lateness 4h it is scored once the stream is 4h past its end:
	# right after candle 43, which closes then, and before candle 44.
	run -0 cb-score -p --lateness 4h --now "$NOW" in
	[ "${#lines[@]}" -eq 49 ]
	[ "$(jq -c '[.type // "candle", .open_time]' <<< "${lines[46]}")" = "[\"candle\",$((43 * H4))]" ]
	[ "$(jq -r .score.total <<< "${lines[47]}")" = 30 ]
	[ "$(jq -c '[.type // "candle", .open_time]' <<< "${lines[48]}")" = "[\"candle\",$((44 * H4))]" ]
}

@test "score: a signal alone has only volume and timing, and says what was missing" {
	sig A 3 > in
	run -0 cb-score --now "$NOW" in
	[ "$(jq -c '[.score, .confidence_level, .oi_change_pct, .spot_symbol, .has_spot_sync, .confirmations, .missing]' <<< "$output")" = \
	  '[{"volume":20,"oi":0,"spot_sync":0,"confirmation":0,"timing":10,"total":30},"LOW",null,"A",null,[],["oi","spot","ltf"]]' ]
}

@test "score: the order of the stream's parts does not change the scores" {
	# Futures 4h, spot 4h, futures 1h and oi for two symbols, through
	# cb-detect -p, in three orders: parts one after the other, reversed,
	# and merged by time. The scored signals are the same.
	local s
	: > f4; : > s4; : > f1; : > o
	for s in AUSDT BUSDT; do
		{ mkseries "$s" 42 100; mkc "$s" 42 400 103; mkc "$s" 43 100; } >> f4
		spot "$s" 25 102 >> s4
		awk -v s="$s" 'BEGIN { for (i = 0; i < 176; i++)
			printf "{\"symbol\":\"%s\",\"interval\":\"1h\",\"open_time\":%d,\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":%d}\n", s, i * 3600000, i == 170 ? 30 : 10 }' >> f1
		oi "$s" 1000 1200 >> o
	done
	cat f4 s4 f1 o > a
	cat o f1 s4 f4 > b
	# Merged by event time: each record's close (candles) or time (oi).
	cat f4 s4 f1 o | awk '{ t = $0; if (!sub(/.*"open_time":/, "", t)) sub(/.*"time":/, "", t); sub(/[,}].*/, "", t); print t "\t" NR "\t" $0 }' |
		sort -t "$(printf '\t')" -k1,1n -k2,2n | cut -f3- > m
	for f in a b m; do
		run -0 cb-detect -p "$f"
		printf '%s\n' "$output" > "$f.p"
		run -0 cb-score --now "$NOW" "$f.p"
		printf '%s\n' "$output" | jq -c 'select(.interval == "4h" and .market == "futures") | [.id, .score, .confirmations]' | sort > "$f.s"
	done
	# AUSDT, BUSDT: ratio 4 (20), oi 20 % (15), spot 2.5 (15), SPOT_SYNC,
	# OI_RISE, LTF_VOLUME (30 > 2 x 10) and BASIS_ANOMALY (103 vs 102 after
	# twelve candles of basis 0) (20), timing 10: 80.
	run -0 cat a.s
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = '["binance:futures:AUSDT:4h:604800000",{"volume":20,"oi":15,"spot_sync":15,"confirmation":20,"timing":10,"total":80},["SPOT_SYNC","OI_RISE","LTF_VOLUME","BASIS_ANOMALY"]]' ]
	cmp a.s b.s
	cmp a.s m.s
}

@test "score: -p copies every line byte for byte, in place; scored signals follow" {
	{ mkseries A 42 10; mkc A 42 50; printf '  {"type":"note", "x":1}  \n{"type":"oi","symbol":"A","time":0,"open_interest":5}\n'; mkc A 43 10; } > c
	run -0 cb-detect -p c
	printf '%s\n' "$output" > in
	run -0 cb-score -p in
	printf '%s\n' "$output" > out
	# Every input line, in order, then the scored signal at the end, as its
	# spot never comes.
	head -n "$(wc -l < in)" out > got
	cmp in got
	[ "$(wc -l < out)" -eq $(($(wc -l < in) + 1)) ]
	[ "$(tail -n 1 out | jq -c '[.type, .id, .score.total]')" = '["signal","binance:futures:A:4h:604800000",35]' ]
	# --min-score selects among the scored records only.
	run -0 cb-score -p --min-score 36 in
	printf '%s\n' "$output" > out2
	cmp in out2
}

@test "score: cb-detect -p | cb-score -p | cb-validate follows the signal with its score" {
	# The plain signal registers in place and is followed from candle 43
	# (high 112: +12 %, CONFIRMED); the scored record then updates it:
	# volume 20 (ratio 4), spot 15 (2.5), oi 15 (+20 %), SPOT_SYNC and
	# OI_RISE 10.
	{ mkseries XUSDT 42 100; mkc XUSDT 42 400; spot XUSDT 25; oi XUSDT 1000 1200; mkc XUSDT 43 10 112; } > c
	run -0 cb-detect -p c
	printf '%s\n' "$output" > in
	run -0 cb-score -p --now "$NOW" in
	printf '%s\n' "$output" > scored
	run -0 cb-validate --db v.db scored
	[ "$(jq -c 'select(.type == "status" and .id == "binance:futures:XUSDT:4h:604800000") | [.from, .to, .reason]' <<< "$output")" = '["DETECTED","CONFIRMED","pump"]' ]
	run -0 cb-validate --db v.db show binance:futures:XUSDT:4h:604800000
	[ "$(jq -c '[.status, .score.volume, .score.oi, .score.spot_sync]' <<< "$output" | head -n 1)" = '["CONFIRMED",20,15,15]' ]
}

@test "score: a record replaced by cb-score is written once, with new values" {
	sig A 3 > in
	run -0 --separate-stderr cb-score --now "$NOW" in
	printf '%s\n' "$output" > once
	run -0 --separate-stderr cb-score --now "$(iso $((E + 24 * 3600000)))" once
	[ "$(jq -c '[.score.timing, (keys | length)]' <<< "$output")" = "[5,$(jq 'keys | length' once)]" ]
}

@test "score: bad records are rejected with file, line and member; exit 3" {
	{ sig A 3; printf '{"type":"signal","id":"x","symbol":"B","interval":"4h","open_time":0}\n'
	  printf '{"type":"oi","symbol":"A","time":5,"open_interest":1}\n{"type":"oi","symbol":"A","time":4,"open_interest":1}\n'
	  mkc C 2 10; mkc C 1 10; printf '{"type":"signal","id":"y","symbol":"B","interval":"9h","open_time":0,"price":1}\n'; } > in
	run -3 --separate-stderr cb-score --now "$NOW" in
	[ "${#lines[@]}" -eq 1 ]
	[ "${stderr_lines[0]}" = "cb-score: in:2: signal: 'price' is missing" ]
	[ "${stderr_lines[1]}" = "cb-score: in:4: oi: 'time' 4 is older than the last oi record of binance:A (5); each symbol's oi records must be in time order" ]
	[ "${stderr_lines[2]}" = "cb-score: in:6: candle: 'open_time' 14400000 is older than the last candle of binance:futures:C:4h (28800000); each series must be in time order" ]
	[[ "${stderr_lines[3]}" == "cb-score: in:7: signal: 'interval' is not one of "* ]]
	run -1 --separate-stderr cb-score --strict in
	[ "${stderr_lines[0]}" = "cb-score: in:2: signal: 'price' is missing" ]
}

@test "score: usage errors exit 2 before reading" {
	local a
	for a in "--level HIGHEST" "--weights 1,2,3" "--levels 40,60,80" "--min-score x" \
		"--volume-steps 2:1,3:2" "--timing-steps 4x:10" "--basis-candles 0" "--lateness soon" \
		"--confirmation-points 5" "--now yesterday" "--weights 1e308,25,20,20,10"; do
		run -2 --separate-stderr cb-score $a /nonexistent
		[ -z "$output" ]
		[[ "${stderr_lines[0]}" == "cb-score: --"* ]] || { echo "$a: $stderr"; false; }
	done
	# A weight that would make totals infinite (issue 15: null totals at EXTREME).
	run -2 --separate-stderr cb-score --weights 1e308,25,20,20,10
	[ "${stderr_lines[0]}" = "cb-score: --weights: '1e308,25,20,20,10' is not five numbers from 0 to 1000000 such as 25,25,20,20,10" ]
	run -0 cb-score --weights 1000000,25,20,20,10 < /dev/null
}

@test "score: real data: every signal of the 30 series is scored, volume by the table" {
	local f
	for f in "$CB_DATA"/BTCUSDT-4h.csv "$CB_DATA"/ETHUSDT-4h.csv; do
		"$BATS_TEST_DIRNAME/helpers/csv2candles" "$f"
	done > c
	run -0 cb-detect -p c
	printf '%s\n' "$output" > in
	run -0 cb-score --now 1970-01-01 in
	printf '%s\n' "$output" > out
	[ "$(grep -c '"type":"signal"' in)" -eq "$(wc -l < out)" ]
	# The volume points by an independent reading of the table, the total
	# as volume + timing 10 (nothing else is in this stream).
	run -0 jq -c 'select(((.spike_ratio_7d as $r | if $r >= 5 then 25 elif $r >= 3 then 20 elif $r >= 2 then 15 else 10 end) != .score.volume) or .score.total != .score.volume + 10)' out
	[ -z "$output" ]
}

@test "score: cb-formats(5) names every member cb-score writes, score's too" {
	command -v man >/dev/null && command -v groff >/dev/null ||
		skip "man and groff are needed (Debian packages man-db, groff-base)"
	local k text
	{ spot X 30; sig X 5; oi X 1000 1500; } > in
	run -0 cb-score --now "$NOW" in
	printf '%s\n' "$output" > out
	text=$(MANWIDTH=200 MANPAGER=cat man -l "$CB_ROOT/man/cb-formats.5" 2>/dev/null)
	printf '%s\n' "$text" | grep -qF "scored signal"
	for k in $(jq -r 'keys_unsorted[], (.score | keys_unsorted[]), .confirmations[], .missing[]' out | sort -u) \
		LTF_VOLUME BASIS_ANOMALY volume oi spot ltf; do
		printf '%s\n' "$text" | grep -qFw -- "$k" ||
			{ echo "cb-formats.5 does not mention '$k'"; false; }
	done
}

# --- issue 11: a stream that lacks what scoring needs, said once ---

@test "score: candles only (cb-detect found nothing, or was left out): a note, exit 0" {
	mkseries A 50 10 > in
	run -0 --separate-stderr cb-score in
	[ "$output" = "" ]
	[ "$stderr" = "cb-score: no signals seen, only candles: nothing to score; cb-score reads the signals of cb-detect -p" ]
	run -0 --separate-stderr cb-score -q in
	[ "$stderr" = "" ]
}

@test "score: cb-detect | cb-score without -p: signals without candles, a warning" {
	{ mkseries XUSDT 42 100; mkc XUSDT 42 400; mkc XUSDT 43 10; } > c
	cb-detect c > signals
	run -0 --separate-stderr cb-score --now "$NOW" signals
	[ "${#lines[@]}" -eq 1 ]
	[ "$(jq -c '.missing' <<< "$output")" = '["oi","spot","ltf"]' ]
	[ "$stderr" = "cb-score: warning: no candles seen, so no spot or lower-interval context: did you mean cb-detect -p?" ]
	# With -p the candles come along: nothing to say.
	cb-detect -p c > stream
	run -0 --separate-stderr cb-score --now "$NOW" stream
	[ "$stderr" = "" ]
}

@test "score: rejected records are summed up as in cb-detect; a klines answer is named" {
	echo '[[1499040000000,"0.01634790","0.80000000"]]' > klines
	run -1 --separate-stderr cb-score klines
	[ "$stderr" = "cb-score: klines:1: invalid JSON at column 1: a record must be a JSON object
cb-score: klines: this looks like an exchange's klines answer (arrays, not records): use cb-fetch klines
cb-score: 1 record rejected, 0 accepted" ]
}

# --- issue 11: --market and --interval choose the signals scored ---

@test "score: --market and --interval score only the chosen signals; the others are context" {
	# A futures 4h signal, a spot 4h signal of its spot series and a 1h
	# futures signal of the same symbol, with spot candles (ratio 3).
	{ spot XUSDT 30; sig XUSDT 2; sig XUSDT 2 100 spot
	  sig XUSDT 2 | sed 's/4h/1h/g'; } > in
	run -0 --separate-stderr cb-score --now "$NOW" in
	[ "$(jq -r .id <<< "$output" | sort | tr '\n' ' ')" = "binance:futures:XUSDT:1h:$T binance:futures:XUSDT:4h:$T binance:spot:XUSDT:4h:$T " ]
	jq -c 'select(.id == "binance:futures:XUSDT:4h:'"$T"'")' <<< "$output" > all
	run -0 --separate-stderr cb-score --now "$NOW" --market futures --interval 4h in
	[ "${#lines[@]}" -eq 1 ]
	[ "$output" = "$(cat all)" ]
	# The spot candles still served: spot ratio 3, 20 points.
	[ "$(jq -c '[.spot_spike_ratio_7d, .score.spot_sync]' <<< "$output")" = '[3,20]' ]
	# -p: every input line in place, the chosen signal scored after.
	run -0 --separate-stderr cb-score -p --now "$NOW" -m FUTURES -i 4h in
	[ "${#lines[@]}" -eq $(($(wc -l < in) + 1)) ]
	[ "$(printf '%s\n' "${lines[@]:0:$(wc -l < in)}")" = "$(cat in)" ]
	[ "${lines[-1]}" = "$(cat all)" ]
}

@test "score: no signal chosen is a note; a bad list is a usage error" {
	{ spot XUSDT 30; sig XUSDT 2; } > in
	run -0 --separate-stderr cb-score --now "$NOW" --interval 1d in
	[ "$output" = "" ]
	[ "$stderr" = "cb-score: no signal matches --interval 1d" ]
	run -2 --separate-stderr cb-score --market futures,,spot in
	[ "$stderr" = "cb-score: --market: 'futures,,spot' is not a comma-separated list of names
Try 'cb-score --help' for more information." ]
}
