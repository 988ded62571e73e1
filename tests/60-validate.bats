#!/usr/bin/env bats
# cb-validate: every transition of cb-validate(1) with hand-built candles,
# the store (replays, a kill mid-run), the queries and the exit statuses.
# Expected values are computed by hand in the comments.
#
# The signal of every test is on the 4h candle number 0 of its symbol:
# it opens at 0 and closes at H4 (its detected_at and the start of the
# tracking); candle i ends at (i + 1) * H4, at an age of 4i hours.
load test_helper

H4=14400000

# sig SYMBOL INDEX PRICE [RATIO [STRENGTH [EXTRA]]]: an unscored signal.
sig() {
	printf '{"type":"signal","id":"binance:futures:%s:4h:%d","exchange":"binance","market":"futures","symbol":"%s","interval":"4h","open_time":%d,"detected_at":%d,"volume":30,"spike_ratio_7d":%s,"strength":"%s","confidence":60,"price":%s,"closed":true,"status":"DETECTED"%s}\n' \
		"$1" $(($2 * H4)) "$1" $(($2 * H4)) $((($2 + 1) * H4)) "${4:-3}" "${5:-STRONG}" "$3" "${6:-}"
}

# bar SYMBOL INDEX HIGH LOW CLOSE [EXTRA]: a closed 4h candle.
bar() {
	printf '{"symbol":"%s","interval":"4h","open_time":%d,"open":%s,"high":%s,"low":%s,"close":%s,"volume":10%s}\n' \
		"$1" $(($2 * H4)) "$5" "$3" "$4" "$5" "${6:-}"
}

# quiet SYMBOL FROM TO: candles FROM..TO with high 101, low 99, close 100.
quiet() {
	local i
	for ((i = $2; i <= $3; i++)); do bar "$1" "$i" 101 99 100; done
}

# st SYMBOL FROM TO TIME REASON GAIN DRAWDOWN HOURS: a status record of
# the signal on candle 0 of SYMBOL.
st() {
	printf '{"type":"status","id":"binance:futures:%s:4h:0","symbol":"%s","from":"%s","to":"%s","time":%s,"reason":"%s","max_gain_pct":%s,"drawdown_pct":%s,"hours":%s}\n' \
		"$1" "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8"
}

# sc SYMBOL TIME VOLUME CONFIRMATION TIMING TOTAL LEVEL CONFIRMATIONS: a
# score record (oi and spot_sync 0) of the signal on candle 0.
sc() {
	printf '{"type":"score","id":"binance:futures:%s:4h:0","symbol":"%s","time":%s,"score":{"volume":%s,"oi":0,"spot_sync":0,"confirmation":%s,"timing":%s,"total":%s},"confidence_level":"%s","confirmations":%s}\n' \
		"$1" "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8"
}

# validate OUT ARG...: cb-validate ARG... with stdout in OUT, status in
# $status and stderr in $output.
validate() {
	local out=$1
	shift
	run sh -c 'out=$1; shift; exec cb-validate "$@" > "$out"' sh "$out" "$@"
}

# statuses FILE: the status records of FILE (jq -c keeps them as written).
statuses() {
	run -0 jq -c 'select(.type == "status")' "$1"
	printf '%s\n' "$output" > "$1.status"
}

# dump DB: the store's content, in key order.
dump() {
	sqlite3 "$1" .dump
}

@test "confirmed: MONITORING at 4h, CONFIRMED at +10%, with the score records" {
	# Candle 1 (end 2*H4, age 4h): high 104: gain 4 -> MONITORING.
	# Candle 2 (age 8h): nothing but timing 10 -> 7.
	# Candle 3 (age 12h): high 111: gain 11 -> CONFIRMED; +5% within
	# 24h -> FOLLOW_THROUGH, confirmation 5. Ratio 3: volume 20.
	{ sig X 0 100; bar X 1 104 100 104; bar X 2 104 103 103; bar X 3 111 103 111; bar X 4 200 1 2; } > in
	{
		sc X $H4 20 0 10 30 LOW '[]'
		st X DETECTED MONITORING $((2 * H4)) age 4 0 4
		sc X $((3 * H4)) 20 0 7 27 LOW '[]'
		st X MONITORING CONFIRMED $((4 * H4)) pump 11 0 12
		sc X $((4 * H4)) 20 5 7 32 LOW '["FOLLOW_THROUGH"]'
	} > expect
	validate out --db v.db in
	[ "$status" -eq 0 ] && [ -z "$output" ]
	diff -u expect out
}

@test "confirmation at exactly the threshold, and --pump-pct" {
	{ sig X 0 100; bar X 1 110 100 105; } > in
	st X DETECTED CONFIRMED $((2 * H4)) pump 10 0 4 > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
	# With --pump-pct 11, 10% is not enough: MONITORING.
	st X DETECTED MONITORING $((2 * H4)) age 10 0 4 > expect
	validate out --db w.db --pump-pct 11 in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
}

@test "failed: a drawdown of 15% from the reference" {
	# Candle 1: low 90: drawdown 10, gain 1. Candle 2: low 85.01: 14.99.
	# Candle 3: low 85: drawdown 15 -> FAILED at age 12h.
	{ sig X 0 100; bar X 1 101 90 92; bar X 2 93 85.01 86; bar X 3 90 85 86; } > in
	{
		st X DETECTED MONITORING $((2 * H4)) age 1 10 4
		st X MONITORING FAILED $((4 * H4)) drawdown 1 15 12
	} > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
}

@test "one candle crossing both thresholds is FAILED (drawdown)" {
	# High 125 (+25%) and low 80 (-20%) in the first candle.
	{ sig X 0 100; bar X 1 125 80 100; } > in
	st X DETECTED FAILED $((2 * H4)) drawdown 25 20 4 > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
}

@test "the signal candle's own high never counts as a gain" {
	# The signal candle (number 0) has a high of 150 (+50%) and comes
	# again after the signal; it opens before the tracking starts.
	{ bar X 0 150 95 100; sig X 0 100; bar X 0 150 95 100; bar X 1 101 99 100; } > in
	st X DETECTED MONITORING $((2 * H4)) age 1 1 4 > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
	run -0 sqlite3 v.db "SELECT status, tracked, max_high FROM signals"
	[ "$output" = "MONITORING|1|101.0" ]
}

@test "expired: FAILED at an age of 168 hours, after the 42nd candle's prices" {
	# Candles 1..42: the 42nd ends at H4 + 168h = 43 * H4.
	{ sig X 0 100; quiet X 1 42; quiet X 43 45; } > in
	{
		st X DETECTED MONITORING $((2 * H4)) age 1 1 4
		st X MONITORING FAILED $((43 * H4)) expired 1 1 168
	} > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
	run -0 sqlite3 v.db "SELECT tracked FROM signals"
	[ "$output" = 42 ]
	# --monitor-hours 8: expired at the end of candle 2.
	{
		st X DETECTED MONITORING $((2 * H4)) age 1 1 4
		st X MONITORING FAILED $((3 * H4)) expired 1 1 8
	} > expect
	validate out --db w.db --monitor-hours 8 in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
}

@test "a gap in the candles: age transitions at their own time, late prices not applied" {
	# X: candles 1, then 5 (gap), then 60: past the expiry at 43*H4,
	# so its +50% is not applied: FAILED expired with the gains of then.
	# Y: no candle until 60: both age transitions, with no gains (null).
	{ sig X 0 100; sig Y 0 100; bar X 1 102 99 100; bar X 5 103 98 100;
	  bar X 60 150 100 150; bar Y 60 150 100 150; } > in
	{
		st X DETECTED MONITORING $((2 * H4)) age 2 1 4
		st X MONITORING FAILED $((43 * H4)) expired 3 2 168
		st Y DETECTED MONITORING $((2 * H4)) age null null 4
		st Y MONITORING FAILED $((43 * H4)) expired null null 168
	} > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
	run -0 sqlite3 v.db "SELECT symbol, tracked, max_high FROM signals ORDER BY symbol"
	[ "$output" = "$(printf 'X|2|103.0\nY|0|')" ]
}

@test "forming candles and candles of other symbols or markets are not applied" {
	{ sig X 0 100; bar X 1 150 99 100 ',"closed":false'; bar Y 1 150 99 100;
	  bar X 1 150 99 100 ',"market":"spot"'; bar X 1 101 99 100; } > in
	st X DETECTED MONITORING $((2 * H4)) age 1 1 4 > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	statuses out
	diff -u expect out.status
}

@test "--track writes a tracking record per candle applied" {
	{ sig X 0 100; bar X 1 104 98 102; } > in
	{
		sc X $H4 20 0 10 30 LOW '[]'
		printf '{"type":"tracking","id":"binance:futures:X:4h:0","symbol":"X","time":%d,"open_time":%d,"high":104,"low":98,"close":102,"max_gain_pct":4,"drawdown_pct":2,"current_gain_pct":2,"status":"MONITORING"}\n' $((2 * H4)) $H4
		st X DETECTED MONITORING $((2 * H4)) age 4 2 4
	} > expect
	validate out --db v.db --track in
	[ "$status" -eq 0 ]
	diff -u expect out
}

@test "-p copies every line, each followed by the records it caused" {
	{ sig X 0 100; bar X 1 110 100 105; echo '{"type":"other","x":1}'; } > in
	{
		sed -n 1p in
		sc X $H4 20 0 10 30 LOW '[]'
		sed -n 2p in
		st X DETECTED CONFIRMED $((2 * H4)) pump 10 0 4
		sc X $((2 * H4)) 20 5 10 35 LOW '["FOLLOW_THROUGH"]'
		sed -n 3p in
	} > expect
	validate out --db v.db -p in
	[ "$status" -eq 0 ]
	diff -u expect out
}

@test "NEXT_CANDLE_SPIKE: the next candle of the series is a signal" {
	# Candle 1 is itself a signal (detected at 2*H4): a confirmation of
	# signal 0 with its ratio as value; 5 points, the total 30 -> 35.
	{ sig X 0 100; bar X 1 104 99 103; sig X 1 103 2.5 MEDIUM; } > in
	validate out --db v.db in
	[ "$status" -eq 0 ]
	run -0 jq -c 'select(.type == "score" and .id == "binance:futures:X:4h:0") | [.time, .score.confirmation, .score.total, .confirmations]' out
	[ "$output" = "$(printf '[%d,0,30,[]]\n[%d,5,35,["NEXT_CANDLE_SPIKE"]]' $H4 $((2 * H4)))" ]
	run -0 sqlite3 v.db "SELECT signal_id, type, time, value FROM signal_confirmations"
	[ "$output" = "binance:futures:X:4h:0|NEXT_CANDLE_SPIKE|$((2 * H4))|2.5" ]
}

@test "a scored signal keeps cb-score's parts; timing and confirmation are recomputed" {
	# cb-score: volume 20, oi 10, spot_sync 15, confirmation 10 (two),
	# timing 10: 65 HIGH. At age 8h timing 7: 62 HIGH.
	sig X 0 100 3 STRONG ',"score":{"volume":20,"oi":10,"spot_sync":15,"confirmation":10,"timing":10,"total":65},"confidence_level":"HIGH","oi_change_pct":7,"spot_symbol":"X","spot_spike_ratio_7d":2.5,"has_spot_sync":true,"basis_pct":null,"confirmations":["SPOT_SYNC","OI_RISE"],"missing":[]' > in
	{ bar X 1 101 99 100; bar X 2 101 99 100; } >> in
	printf '%s\n' \
		"{\"type\":\"score\",\"id\":\"binance:futures:X:4h:0\",\"symbol\":\"X\",\"time\":$H4,\"score\":{\"volume\":20,\"oi\":10,\"spot_sync\":15,\"confirmation\":10,\"timing\":10,\"total\":65},\"confidence_level\":\"HIGH\",\"confirmations\":[\"SPOT_SYNC\",\"OI_RISE\"]}" \
		"{\"type\":\"score\",\"id\":\"binance:futures:X:4h:0\",\"symbol\":\"X\",\"time\":$((3 * H4)),\"score\":{\"volume\":20,\"oi\":10,\"spot_sync\":15,\"confirmation\":10,\"timing\":7,\"total\":62},\"confidence_level\":\"HIGH\",\"confirmations\":[\"SPOT_SYNC\",\"OI_RISE\"]}" > expect
	validate out --db v.db in
	[ "$status" -eq 0 ]
	run -0 jq -c 'select(.type == "score")' out
	[ "$output" = "$(cat expect)" ]
	run -0 sqlite3 v.db "SELECT type, value FROM signal_confirmations ORDER BY type"
	[ "$output" = "$(printf 'OI_RISE|7.0\nSPOT_SYNC|2.5')" ]
}

@test "a repeated signal changes nothing; an update keeps the lifecycle" {
	{ sig X 0 100; bar X 1 104 99 100; sig X 0 100; } > in
	validate out --db v.db in
	[ "$status" -eq 0 ]
	run -0 jq -c 'select(.type == "score") | .time' out
	[ "$output" = "$H4" ]
	# The same id with another ratio (5: volume 25): the score changes,
	# the status stays MONITORING.
	sig X 0 100 5 EXTREME > upd
	validate out --db v.db upd
	[ "$status" -eq 0 ]
	# At the signal's latest event time, the end of candle 1 (age 4h).
	run -0 jq -c '[.type, .time, .score.volume, .score.total]' out
	[ "$output" = "[\"score\",$((2 * H4)),25,35]" ]
	run -0 sqlite3 v.db "SELECT status, tracked, strength, score_total FROM signals"
	[ "$output" = "MONITORING|1|EXTREME|35.0" ]
}

@test "replay: the same stream twice leaves the store and the output unchanged" {
	{ sig X 0 100; quiet X 1 3; sig Y 0 50; bar Y 1 56 49 55; quiet X 4 50; } > in
	validate out1 --db v.db --track in
	[ "$status" -eq 0 ]
	dump v.db > dump1
	validate out2 --db v.db --track in
	[ "$status" -eq 0 ]
	[ ! -s out2 ]
	dump v.db > dump2
	diff -u dump1 dump2
	# In two halves, the second after the first: the same store as at once.
	head -n 20 in > a
	tail -n +21 in > b
	validate out --db w.db a
	[ "$status" -eq 0 ]
	validate out --db w.db b
	[ "$status" -eq 0 ]
	dump w.db > dump3
	diff -u dump1 dump3
}

@test "kill -9 mid-run, then a rerun: the store equals an uninterrupted run's" {
	local pid n i rc
	command -v sqlite3 >/dev/null || skip "sqlite3 is needed"
	# 300 symbols x 1000 candles, a signal on every 25th candle of each
	# symbol with the price it closed at; a random walk.
	awk 'BEGIN {
		srand(7); H = 14400000
		for (s = 0; s < 300; s++) p[s] = 100
		for (i = 0; i < 1000; i++)
			for (s = 0; s < 300; s++) {
				o = p[s]; c = o * (1 + (rand() - 0.5) / 10); p[s] = c
				h = (o > c ? o : c) * (1 + rand() / 50); l = (o < c ? o : c) * (1 - rand() / 50)
				printf "{\"symbol\":\"S%03d\",\"interval\":\"4h\",\"open_time\":%.0f,\"open\":%.6f,\"high\":%.6f,\"low\":%.6f,\"close\":%.6f,\"volume\":10}\n", s, i * H, o, h, l, c
				if (i % 25 == s % 25)
					printf "{\"type\":\"signal\",\"id\":\"binance:futures:S%03d:4h:%.0f\",\"symbol\":\"S%03d\",\"interval\":\"4h\",\"open_time\":%.0f,\"spike_ratio_7d\":2,\"strength\":\"MEDIUM\",\"price\":%.6f}\n", s, i * H, s, i * H, c
			}
	}' > big
	cb-validate --db whole.db big > /dev/null
	cb-validate --db killed.db big > /dev/null 3>&- &
	pid=$!
	# Kill it once a batch is committed, while it is still running.
	for ((i = 0; i < 600; i++)); do
		n=$(sqlite3 killed.db "SELECT count(*) FROM signals" 2>/dev/null || echo 0)
		[ "${n:-0}" -gt 0 ] && break
		sleep 0.02
	done
	kill -KILL "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 137 ] || { echo "cb-validate was not killed (status $rc): use a larger input"; false; }
	n=$(sqlite3 killed.db "SELECT count(*) FROM signals")
	echo "# killed after $n of $(grep -c '"signal"' big) signals were committed" >&3
	[ "$n" -gt 0 ]
	[ "$(sqlite3 killed.db 'PRAGMA integrity_check')" = ok ]
	validate out --db killed.db big
	[ "$status" -eq 0 ]
	dump whole.db > want
	dump killed.db > got
	diff -q want got
}

# A store with four signals for the queries: X confirmed, Y failed,
# Z monitoring, W detected (no candle yet), detected at H4 (X, Y, Z)
# and 11 * H4 (W).
make_store() {
	{ sig X 0 100 3 STRONG; sig Y 0 100 1.6 WEAK; sig Z 0 100 2 MEDIUM
	  bar X 1 105 99 104; bar Y 1 101 84 86; bar Z 1 101 99 100
	  bar X 2 112 103 110; sig W 10 100 6 EXTREME; } > in
	validate out --db v.db in
	[ "$status" -eq 0 ]
}

@test "list --active, --history, --status, --symbol, --since" {
	make_store
	validate out --db v.db list --active
	[ "$status" -eq 0 ]
	run -0 jq -r '[.symbol, .status] | @tsv' out
	[ "$output" = "$(printf 'Z\tMONITORING\nW\tDETECTED')" ]
	validate out --db v.db list --history
	[ "$status" -eq 0 ]
	run -0 jq -r '[.symbol, .status, .outcome, .reason, .hours_to_outcome, .max_gain_pct, .drawdown_pct, .candles] | @tsv' out
	# Ordered by detected_at, then id (binance:futures:X... < Y... < Z...).
	[ "$output" = "$(printf 'X\tCONFIRMED\tCONFIRMED\tpump\t8\t12\t1\t2\nY\tFAILED\tFAILED\tdrawdown\t4\t1\t16\t1\nZ\tMONITORING\t\tage\t\t1\t1\t1\nW\tDETECTED\t\t\t\t\t\t0')" ]
	validate out --db v.db list --status FAILED
	[ "$status" -eq 0 ]
	[ "$(jq -r .symbol out)" = Y ]
	validate out --db v.db list --symbol Z
	[ "$status" -eq 0 ]
	[ "$(jq -r .symbol out)" = Z ]
	validate out --db v.db list --since "$(iso $((2 * H4)))"
	[ "$status" -eq 0 ]
	[ "$(jq -r .symbol out)" = W ]
	# A relative time: --now puts W 2 hours ago.
	validate out --db v.db list --since -3h --now "$(iso $((11 * H4 + 7200000)))"
	[ "$status" -eq 0 ]
	[ "$(jq -r .symbol out)" = W ]
}

@test "list --format table: aligned columns with a header, id, market and age_h" {
	# Z: one candle, ending 2*H4, after detection at H4: age 4h. W: none.
	make_store
	validate out --db v.db list --active --format table
	[ "$status" -eq 0 ]
	cat > expect <<-'EOF'
	id                              market   symbol  interval  open_time         strength  status      reason  age_h  max_gain_pct  drawdown_pct  score  level
	binance:futures:Z:4h:0          futures  Z       4h        1970-01-01 00:00  MEDIUM    MONITORING  age       4.0          1.00          1.00     25  LOW
	binance:futures:W:4h:144000000  futures  W       4h        1970-01-02 16:00  EXTREME   DETECTED    -         0.0             -             -     35  LOW
	EOF
	diff -u expect out
}

@test "show: the signal, its tracking, confirmations and score history" {
	make_store
	validate out --db v.db show binance:futures:X:4h:0
	[ "$status" -eq 0 ]
	run -0 jq -c '[.type, .time // .status, .max_gain_pct // .confirmation // .score.total]' out
	# X: candles ending 2*H4 (gain 5) and 3*H4 (gain 12, CONFIRMED);
	# FOLLOW_THROUGH at 2*H4 (5%); scores 30, then 35 at 2*H4 (the
	# confirmation), 32 at 3*H4 (age 8h: timing 7).
	[ "$output" = "$(printf '%s\n' '["validation","CONFIRMED",12]' \
		"[\"tracking\",$((2 * H4)),5]" "[\"tracking\",$((3 * H4)),12]" \
		"[\"confirmation\",$((2 * H4)),\"FOLLOW_THROUGH\"]" \
		"[\"score\",$H4,30]" "[\"score\",$((2 * H4)),35]" "[\"score\",$((3 * H4)),32]")" ]
	validate out --db v.db show binance:futures:NOPE:4h:0
	[ "$status" -eq 1 ]
	[ "$output" = "cb-validate: show: no signal 'binance:futures:NOPE:4h:0' in the store 'v.db'" ]
}

@test "stats: counts by status, confirmation rate and medians by strength and level" {
	make_store
	validate out --db v.db stats
	[ "$status" -eq 0 ]
	run -0 jq -c '[.group, .value, .signals, .detected, .monitoring, .confirmed, .failed, .decided, .pumped, .confirmation_rate_pct, .median_max_gain_pct, .median_hours_to_confirm]' out
	# Decided: X (confirmed after 8h, gain 12) and Y (failed, gain 1):
	# rate 50%, median gain (12 + 1) / 2 = 6.5. Initial levels: X 30,
	# Y 10 + 10 = 20, Z 15 + 10 = 25, W 25 + 10 = 35: all LOW.
	cat > expect <<-'EOF'
	["all",null,4,1,1,1,1,2,1,50,6.5,8]
	["strength","WEAK",1,0,0,0,1,1,0,0,1,null]
	["strength","MEDIUM",1,0,1,0,0,0,0,null,null,null]
	["strength","STRONG",1,0,0,1,0,1,1,100,12,8]
	["strength","EXTREME",1,1,0,0,0,0,0,null,null,null]
	["confidence_level","LOW",4,1,1,1,1,2,1,50,6.5,8]
	["confidence_level","MEDIUM",0,0,0,0,0,0,0,null,null,null]
	["confidence_level","HIGH",0,0,0,0,0,0,0,null,null,null]
	["confidence_level","EXTREME",0,0,0,0,0,0,0,null,null,null]
	EOF
	[ "$output" = "$(cat expect)" ]
	validate out --db v.db stats --since "$(iso $((2 * H4)))"
	[ "$status" -eq 0 ]
	run -0 jq -c 'select(.group == "all") | [.since, .signals]' out
	[ "$output" = "[$((2 * H4)),1]" ]
}

@test "status: store health with the newest candle of each series" {
	make_store
	sqlite3 v.db "INSERT INTO candles VALUES ('sim','futures','S1USDT','4h',1735704000000,1735718399999,1,1,1,1,1,NULL,NULL,NULL,NULL,1,NULL)"
	validate out --db v.db status --now 2025-01-02
	[ "$status" -eq 0 ]
	run -0 jq -c 'select(.type == "store") | [.signals, .detected, .monitoring, .confirmed, .failed, .archived, .tracking, .confirmations, .scores, .newest_update, .schema_version > 1, .size_bytes > 0]' out
	# Tracking rows: X 2, Y 1, Z 1. Scores: one each at registration,
	# X also at 2*H4 (FOLLOW_THROUGH) and 3*H4 (timing 7).
	[ "$output" = "[4,1,1,1,1,0,4,1,6,$((3 * H4)),true,true]" ]
	# The candle closed at 2025-01-01T08:00Z: 16 hours before --now.
	run -0 jq -c 'select(.type == "series") | [.exchange, .symbol, .interval, .candles, .newest_open_time, .lag_hours]' out
	[ "$output" = '["sim","S1USDT","4h",1,1735704000000,16]' ]
}

@test "prune --older-than: final signals archived, their tracking deleted" {
	make_store
	# now = 30 days after 0: X and Y (final, detected at H4) are older
	# than 29 days; Z (monitoring) and W are not final.
	validate out --db v.db prune --older-than 29d --now 30d
	[ "$status" -eq 2 ]
	validate out --db v.db prune --older-than 29d --now 1970-01-31
	[ "$status" -eq 0 ]
	{
		st X CONFIRMED ARCHIVED $((30 * 86400000)) prune 12 1 716
		st Y FAILED ARCHIVED $((30 * 86400000)) prune 1 16 716
	} > expect
	diff -u expect out
	run -0 sqlite3 v.db "SELECT symbol, status, outcome FROM signals ORDER BY symbol; SELECT count(*) FROM signal_tracking"
	[ "$output" = "$(printf 'W|DETECTED|\nX|ARCHIVED|CONFIRMED\nY|ARCHIVED|FAILED\nZ|MONITORING|\n1')" ]
	# Again: nothing more to do. Stats still count the outcomes.
	validate out --db v.db prune --older-than 29d --now 1970-01-31
	[ "$status" -eq 0 ]
	[ ! -s out ]
	validate out --db v.db stats
	run -0 jq -c 'select(.group == "all") | [.archived, .decided, .pumped]' out
	[ "$output" = "[2,2,1]" ]
}

@test "bad records are rejected with file, line and field; exit 3" {
	{ sig X 0 100; echo '{"type":"signal","id":"a","symbol":"X","interval":"4h","open_time":0}';
	  sig Y 0 0; bar X 1 101 99; echo 'not json'; bar X 1 101 99 100; } > in
	validate out --db v.db in
	[ "$status" -eq 3 ]
	[ "${lines[0]}" = "cb-validate: in:2: signal: 'price' is missing" ]
	[ "${lines[1]}" = "cb-validate: in:3: signal: 'price' is not positive: a reference price is needed" ]
	[ "${lines[2]#cb-validate: in:4: invalid JSON at column }" != "${lines[2]}" ]
	[ "${lines[3]#cb-validate: in:5: }" != "${lines[3]}" ]
	[ "${lines[4]}" = "cb-validate: 4 records rejected, 2 accepted" ]
	[ "${#lines[@]}" -eq 5 ]
	# The good records were handled.
	run -0 jq -c 'select(.type == "status") | .to' out
	[ "$output" = '"MONITORING"' ]
	validate out --db w.db --strict in
	[ "$status" -eq 1 ]
}

@test "usage errors exit 2" {
	validate out --db v.db --pump-pct 0
	[ "$status" -eq 2 ]
	validate out --db v.db list --older-than 1d
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "cb-validate: --older-than: not for list" ]
	validate out --db v.db --active
	[ "$status" -eq 2 ]
	validate out --db v.db prune
	[ "$status" -eq 2 ]
	validate out --db v.db show
	[ "$status" -eq 2 ]
	validate out --db v.db list --status PUMPED
	[ "$status" -eq 2 ]
	validate out --db v.db list --format xml
	[ "$status" -eq 2 ]
	validate out --db v.db stats extra
	[ "$status" -eq 2 ]
	[ ! -e v.db ]
}

@test "a query on a store that does not exist exits 1 and creates nothing" {
	validate out --db nothing.db list
	[ "$status" -eq 1 ]
	[ "$output" = "cb-validate: cannot open the store 'nothing.db': no such file (cb-validate fills it; see --db)" ]
	[ ! -e nothing.db ]
}

@test "the store: --db, then CB_DB, then XDG_DATA_HOME, then HOME" {
	sig X 0 100 > in
	validate out in
	[ "$status" -eq 0 ]
	[ -f "$HOME/.local/share/cb/cb.db" ]
	XDG_DATA_HOME="$PWD/xdg" validate out in
	[ "$status" -eq 0 ]
	[ -f xdg/cb/cb.db ]
	CB_DB=env.db validate out in
	[ "$status" -eq 0 ]
	[ -f env.db ]
	CB_DB=env.db validate out --db opt.db in
	[ "$status" -eq 0 ]
	[ -f opt.db ]
	CB_DB=env.db validate out list
	[ "$status" -eq 0 ]
	[ "$(jq -r .symbol out)" = X ]
}

@test "a scored record after the plain one: cb-score's parts and initial level, lifecycle kept" {
	{ sig X 0 100; bar X 1 104 99 100; bar X 2 104 99 100; } > in
	validate out --db v.db in
	[ "$status" -eq 0 ]
	# At the signal's latest event time, 3*H4 (age 8h): timing 7, so
	# 20 + 10 + 15 + 10 (two confirmations) + 7 = 62, HIGH.
	sig X 0 100 3 STRONG ',"score":{"volume":20,"oi":10,"spot_sync":15,"confirmation":10,"timing":10,"total":65},"confidence_level":"HIGH","oi_change_pct":7,"spot_spike_ratio_7d":2.5,"confirmations":["SPOT_SYNC","OI_RISE"]' > scored
	validate out --db v.db scored
	[ "$status" -eq 0 ]
	run -0 jq -c '[.type, .time, .score.total, .confidence_level]' out
	[ "$output" = "[\"score\",$((3 * H4)),62,\"HIGH\"]" ]
	run -0 sqlite3 v.db "SELECT status, tracked, initial_total, initial_level, score_total FROM signals"
	[ "$output" = "MONITORING|2|65.0|HIGH|62.0" ]
}

# --- issue 11: easy pipeline mistakes, said once ---

@test "cb-detect | cb-validate without -p: no candles, a warning, the signal stays DETECTED" {
	{ mkseries XUSDT 42 100; mkc XUSDT 42 400; mkc XUSDT 43 10 112; } > c
	cb-detect c > signals
	run -0 --separate-stderr cb-validate --db v.db signals
	[ "$stderr" = "cb-validate: warning: no candles seen, so the signals stay DETECTED: did you mean cb-detect -p?" ]
	run -0 cb-validate --db v.db list
	[ "$(jq -r .status <<< "$output")" = DETECTED ]
	# -q silences the warning; with -p the candle after the signal confirms it.
	run -0 --separate-stderr cb-validate -q --db w.db signals
	[ "$stderr" = "" ]
	cb-detect -p c > stream
	run -0 --separate-stderr cb-validate --db x.db stream
	[ "$stderr" = "" ]
	run -0 cb-validate --db x.db list
	[ "$(jq -r .status <<< "$output")" = CONFIRMED ]
}

@test "candles alone are fine: the store's signals are followed, nothing to say" {
	mkseries XUSDT 3 100 > c
	run -0 --separate-stderr cb-validate --db v.db c
	[ "$stderr" = "" ]
}

@test "a CSV into the filter: summed up, a hint, exit 1, the store unchanged" {
	{ echo 'open_time,open,high,low,close,volume'
	  for i in 1 2 3 4 5 6; do echo "$((i * H4)),1,2,0.5,1.5,10"; done; } > in.csv
	run -1 --separate-stderr cb-validate --db v.db in.csv
	cat > expect <<-'EOF2'
	cb-validate: in.csv:1: invalid JSON at column 1: a record must be a JSON object
	cb-validate: in.csv: this looks like CSV: read it with cb-fetch import --no-db FILE
	cb-validate: in.csv:2: invalid JSON at column 1: a record must be a JSON object
	cb-validate: in.csv:3: invalid JSON at column 1: a record must be a JSON object
	cb-validate: in.csv:4: invalid JSON at column 1: a record must be a JSON object
	cb-validate: in.csv:5: invalid JSON at column 1: a record must be a JSON object
	cb-validate: ... and 2 more like in.csv:5
	cb-validate: 7 records rejected, 0 accepted
	EOF2
	[ "$stderr" = "$(cat expect)" ]
	run -0 --separate-stderr cb-validate --db v.db list
	[ "$output" = "" ]
	[ "$stderr" = "cb-validate: the store 'v.db' holds no signal yet: cb-validate keeps those of cb-detect -p (see EXAMPLES)" ]
}
