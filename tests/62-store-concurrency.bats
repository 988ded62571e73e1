#!/usr/bin/env bats
# Writers of one store at once (cb-validate(1), TRANSACTIONS): every writer
# commits before it waits for its input, so the stages of a pipeline and
# overlapping cron jobs never lock each other out, and all their rows are
# stored.
load test_helper

H4=14400000
NOW=1777615200000      # 2026-05-01T06:00:00Z, as in 40-fetch.bats

# sig SYMBOL INDEX PRICE: an unscored signal on 4h candle INDEX.
sig() {
	printf '{"type":"signal","id":"binance:futures:%s:4h:%d","exchange":"binance","market":"futures","symbol":"%s","interval":"4h","open_time":%d,"detected_at":%d,"volume":30,"spike_ratio_7d":3,"strength":"STRONG","confidence":60,"price":%s,"closed":true,"status":"DETECTED"}\n' \
		"$1" $(($2 * H4)) "$1" $(($2 * H4)) $((($2 + 1) * H4)) "$3"
}

# bar SYMBOL INDEX HIGH LOW CLOSE: a closed 4h candle.
bar() {
	printf '{"symbol":"%s","interval":"4h","open_time":%d,"open":%s,"high":%s,"low":%s,"close":%s,"volume":10}\n' \
		"$1" $(($2 * H4)) "$5" "$3" "$4" "$5"
}

# await N SQL DB: wait up to 10 s until SQL (a count) gives N in DB.
await() {
	local i n
	for ((i = 0; i < 200; i++)); do
		n=$(sqlite3 "$3" "$2" 2>/dev/null) || n=
		[ "$n" = "$1" ] && return 0
		sleep 0.05
	done
	echo "waited 10 s for $2 = $1 in $3: got '$n'"
	return 1
}

teardown() {
	# A failed test may leave its producers and writers behind.
	touch go 2>/dev/null || true
	for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
	[ -n "${FAKE_DIR:-}" ] && fake_stop
	return 0
}

@test "cb-validate waiting for its input holds no lock: cb-fetch import writes meanwhile" {
	local pid rc=0
	command -v sqlite3 > /dev/null || skip "sqlite3 is needed"
	# Candle 1: gain 4 -> MONITORING; candle 2: gain 12 -> CONFIRMED.
	{ sig X 0 100; bar X 1 104 100 104; } > part1
	bar X 2 112 103 110 > part2
	cat part1 part2 > whole
	cb-validate --db ref.db whole > want
	printf '1735689600000,1,2,0.5,1.5,10,1735693199999,15,3,5,7.5,0\n' > ABCUSDT-1h-2025-01.csv
	# A slow upstream: the second part comes once the import is done.
	{ cat part1; for ((i = 0; i < 300; i++)); do [ -e go ] && break; sleep 0.05; done; cat part2; } |
		cb-validate --db s.db > out 2> err 3>&- &
	pid=$!
	# The first part is committed while cb-validate waits for the second.
	await 1 "SELECT count(*) FROM signal_tracking" s.db
	run -0 --separate-stderr timeout 10 cb-fetch -q import --db s.db ABCUSDT-1h-2025-01.csv
	touch go
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] && [ ! -s err ]
	diff -u want out
	[ "$(sqlite3 s.db "SELECT status FROM signals")" = CONFIRMED ]
	[ "$(sqlite3 s.db "SELECT count(*) FROM candles")" = 1 ]
}

@test "overlapping cb-validate runs with slow inputs all succeed and store everything" {
	local i k pid rc start
	command -v sqlite3 > /dev/null || skip "sqlite3 is needed"
	# Eight runs, each with a signal of its own (R1..R8) and the same signal
	# X, their input in four parts 1 s apart. Run k (1..3) also brings X's
	# candle k, in part k + 1: a run that kept X's row from before another
	# run's commit would lose that run's candles. Together they must leave
	# the store as the eight runs one after the other do.
	for ((i = 1; i <= 8; i++)); do
		{ sig X 0 100; sig R$i 0 100; } > in.$i.1
		for k in 1 2 3; do
			bar R$i $k 10$k 99 100 > in.$i.$((k + 1))
			[ $i != $k ] || bar X $k 10$((2 * k)) 99 10$((2 * k)) >> in.$i.$((k + 1))
		done
		cat in.$i.[1-4] > in.$i
	done
	for ((i = 1; i <= 8; i++)); do
		cb-validate --db ref.db in.$i > /dev/null
	done
	start=$SECONDS
	for ((i = 1; i <= 8; i++)); do
		{ for k in 1 2 3 4; do cat in.$i.$k; [ $k = 4 ] || sleep 1; done; } |
			cb-validate --db s.db > out.$i 2> err.$i 3>&- &
		echo $! > pid.$i
	done
	# While they wait for their input, another writer gets the store at once.
	for k in 0.5 1 1; do
		sleep $k
		run -0 timeout 10 sqlite3 -cmd ".timeout 500" s.db "BEGIN IMMEDIATE; COMMIT;"
	done
	for ((i = 1; i <= 8; i++)); do
		rc=0
		wait "$(cat pid.$i)" || rc=$?
		[ "$rc" = 0 ] || { echo "run $i: status $rc: $(cat err.$i)"; false; }
		[ ! -s err.$i ]
	done
	# About 3 s; one run after another would take 24 s.
	echo "# 8 overlapping runs in $((SECONDS - start)) s" >&3
	[ $((SECONDS - start)) -lt 12 ]
	[ "$(sqlite3 s.db "SELECT count(*) FROM signals")" = 9 ]
	[ "$(sqlite3 s.db 'PRAGMA integrity_check')" = ok ]
	sqlite3 ref.db .dump > want
	sqlite3 s.db .dump > got
	diff -u want got
}

@test "cb-validate(1)'s pipeline: cb-fetch --db | cb-detect -p | cb-validate --db, one store" {
	command -v sqlite3 > /dev/null || skip "sqlite3 is needed"
	mkdir data
	cp "$CB_DATA/BTCUSDT-4h.csv" "$CB_DATA/ETHUSDT-4h.csv" data/
	# A slow upstream: every answer 200 ms late.
	fake_start "$BATS_TEST_TMPDIR/fx" --data data --now "$NOW" --latency-ms 200
	cb-fetch -q klines --db cb.db --symbols BTCUSDT,ETHUSDT --since 2026-01-01T00:00:00Z \
		--now "$NOW" 2> err.fetch 3>&- | cb-detect -p 2> err.detect 3>&- |
		cb-validate --db cb.db --now "$NOW" > status.ndjson 2> err.validate 3>&-
	[ "${PIPESTATUS[*]}" = "0 0 0" ] || { cat err.*; false; }
	[ ! -s err.fetch ] && [ ! -s err.detect ] && [ ! -s err.validate ]
	# 2026-01-01 to 2026-05-01 04:00: 120 days of 6 candles and 2 more, for each symbol.
	[ "$(sqlite3 cb.db "SELECT count(*) FROM candles")" = 1444 ]
	[ "$(sqlite3 cb.db "SELECT count(*) FROM signals")" -gt 0 ]
	[ "$(sqlite3 cb.db "SELECT count(*) FROM signals")" = "$(cb-fetch --offline klines --db cb.db --symbols BTCUSDT,ETHUSDT --since 2026-01-01T00:00:00Z --now "$NOW" | cb-detect | grep -c '"signal"')" ]
}

@test "cb-fetch import from a slow pipe holds no lock while it waits" {
	local pid rc=0
	command -v sqlite3 > /dev/null || skip "sqlite3 is needed"
	# Two hours of 1h candles, the second once the other writer is done.
	{ printf '1735689600000,1,2,0.5,1.5,10,1735693199999,15,3,5,7.5,0\n'
	  for ((i = 0; i < 300; i++)); do [ -e go ] && break; sleep 0.05; done
	  printf '1735693200000,1.5,2,1,1,10,1735696799999,15,3,5,7.5,0\n'; } |
		cb-fetch -q import --db s.db --symbol ABCUSDT --interval 1h /dev/stdin 2> err 3>&- &
	pid=$!
	await 1 "SELECT count(*) FROM candles" s.db
	run -0 timeout 10 sqlite3 -cmd ".timeout 500" s.db "BEGIN IMMEDIATE; COMMIT;"
	touch go
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] && [ ! -s err ]
	[ "$(sqlite3 s.db "SELECT group_concat(open_time) FROM candles")" = 1735689600000,1735693200000 ]
}
