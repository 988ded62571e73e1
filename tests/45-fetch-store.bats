#!/usr/bin/env bats
# cb-fetch and the store a user gets without naming one (issue 11): the
# one default store of every tool, --no-db, --offline counting back from
# the newest stored candle, empty results said once on stderr, --last with
# --closed-only, import from standard input, and waiting shown on a
# terminal. Against the fake exchange of 40-fetch.bats, at the same now.
load test_helper

NOW=1777615200000      # 2026-05-01T06:00:00Z
H4=14400000
FORMING=1777608000000  # 2026-05-01T04:00:00Z
# Two 1h rows of Binance's 12-column CSV, from 2025-01-01T00:00:00Z.
ROW1=1735689600000,1,2,0.5,1.5,10,1735693199999,15,3,5,7.5,0
ROW2=1735693200000,1.5,3,1,2.5,20,1735696799999,40,4,10,25,0

setup_file() {
	export DATA="$BATS_FILE_TMPDIR/data"
	mkdir -p "$DATA"
	cp "$CB_DATA/BTCUSDT-4h.csv" "$CB_DATA/ETHUSDT-4h.csv" "$DATA/"
	fake_start "$BATS_FILE_TMPDIR" --data "$DATA" --now "$NOW"
}

teardown_file() {
	fake_stop
}

setup() {
	cb_setup
	fake POST /_fake/reset > /dev/null
	fake POST "/_fake/now?ms=$NOW" > /dev/null
	: > "$FAKE_LOG"
	DEFAULT_DB="$HOME/.local/share/cb/cb.db"
}

teardown() {
	for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
	return 0
}

@test "default store: cb-fetch keeps what it fetches where cb-validate looks" {
	run -0 cb-fetch klines --symbols BTCUSDT --last 3 --now "$NOW"
	[ "${#lines[@]}" = 3 ]
	[ "$(sqlite3 "$DEFAULT_DB" 'select count(*) from candles')" = 3 ]
	# cb-validate status reads the same store.
	run -0 cb-validate status --now "$NOW"
	[ "$(jq -r 'select(.type == "store") | .candles' <<< "$output")" = 3 ]
	# Offline, from it, the same candles.
	run -0 cb-fetch klines --symbols BTCUSDT --last 3 --offline --now "$NOW"
	[ "${#lines[@]}" = 3 ]
	# XDG_DATA_HOME, then CB_DB, then --db.
	XDG_DATA_HOME=$PWD/xdg run -0 cb-fetch klines --symbols ETHUSDT --last 2 --now "$NOW"
	[ "$(sqlite3 xdg/cb/cb.db 'select count(*) from candles')" = 2 ]
	CB_DB=env.db run -0 cb-fetch klines --symbols ETHUSDT --last 1 --now "$NOW"
	[ "$(sqlite3 env.db 'select count(*) from candles')" = 1 ]
	CB_DB=env.db run -0 cb-fetch klines --db opt.db --symbols ETHUSDT --last 4 --now "$NOW"
	[ "$(sqlite3 opt.db 'select count(*) from candles')" = 4 ]
	[ "$(sqlite3 env.db 'select count(*) from candles')" = 1 ]
}

@test "--no-db: everything fetched, nothing kept; it excludes --db and --offline" {
	run -0 cb-fetch klines --no-db --symbols BTCUSDT --last 3 --now "$NOW"
	[ "${#lines[@]}" = 3 ]
	[ ! -e "$HOME/.local" ]
	run -2 --separate-stderr cb-fetch klines --no-db --db x.db --symbols BTCUSDT
	[ "${stderr_lines[0]}" = "cb-fetch: --db and --no-db exclude each other" ]
	run -2 --separate-stderr cb-fetch klines --no-db --offline --symbols BTCUSDT
	[ "${stderr_lines[0]}" = "cb-fetch: --offline reads the store; --no-db says there is none" ]
	[ ! -e x.db ]
	# ticker never opens a store.
	run -0 cb-fetch ticker --symbols BTCUSDT --now "$NOW"
	[ ! -e "$HOME/.local" ]
}

@test "import - reads standard input; --offline --last counts back from the newest stored candle" {
	printf '%s\n%s\n' "$ROW1" "$ROW2" > rows.csv
	run -0 --separate-stderr cb-fetch import --symbol ABCUSDT --interval 1h - < rows.csv
	[ "$output" = "" ]
	[ "$stderr" = "cb-fetch: 2 candles stored in $DEFAULT_DB (not marked as a complete range); none written to standard output (--no-db writes them there)" ]
	# The default --last 500 counts back from 2025-01-01T01:00Z, the newest
	# stored, not from now (2026): both candles.
	run -0 --separate-stderr cb-fetch klines --offline --symbols ABCUSDT --interval 1h --now "$NOW"
	[ "$(jq -c -s 'map([.open_time, .close])' <<< "$output")" = '[[1735689600000,1.5],[1735693200000,2.5]]' ]
	[ "$stderr" = "" ]
	run -0 cb-fetch klines --offline --symbols ABCUSDT --interval 1h --last 1 --now "$NOW"
	[ "$(jq -c '[.open_time, .close]' <<< "$output")" = '[1735693200000,2.5]' ]
	# --until: counted back from the newest candle at or before it.
	run -0 cb-fetch klines --offline --symbols ABCUSDT --interval 1h --last 1 --until 2025-01-01T00:30Z
	[ "$(jq -c '[.open_time, .close]' <<< "$output")" = '[1735689600000,1.5]' ]
	# With --no-db, to standard output, as from a file.
	run -0 --separate-stderr cb-fetch --no-db import --symbol ABCUSDT --interval 1h - < rows.csv
	[ "$(jq -c -s 'map([.symbol, .interval, .open_time, .volume])' <<< "$output")" = '[["ABCUSDT","1h",1735689600000,10],["ABCUSDT","1h",1735693200000,20]]' ]
	# Standard input has no name to say the series, and is read once.
	run -2 --separate-stderr cb-fetch import - < rows.csv
	[ "${stderr_lines[0]}" = "cb-fetch: -: standard input has no name to say the symbol and interval; give --symbol and --interval" ]
	run -2 --separate-stderr cb-fetch import --symbol ABCUSDT --interval 1h - - < rows.csv
	[ "${stderr_lines[0]}" = "cb-fetch: -: standard input can be read once only" ]
}

@test "empty results: a symbol not in the store or without candles says so once, on stderr" {
	printf '%s\n' "$ROW1" | cb-fetch -q import --symbol ABCUSDT --interval 1h -
	run -0 --separate-stderr cb-fetch klines --offline --symbols ABCUSDT,NOSUCHUSDT --interval 1h
	[ "${#lines[@]}" = 1 ]
	[ "$stderr" = "cb-fetch: warning: binance:futures:NOSUCHUSDT:1h: no candles in the store '$DEFAULT_DB'" ]
	run -0 --separate-stderr cb-fetch klines --offline --symbols ABCUSDT --interval 1h --since 2025-02-01 --until 2025-03-01
	[ "$output" = "" ]
	[ "$stderr" = "cb-fetch: warning: binance:futures:ABCUSDT:1h: no candles from 2025-02-01T00:00:00Z to 2025-03-01T00:00:00Z in the store '$DEFAULT_DB'" ]
	run -0 --separate-stderr cb-fetch -q klines --offline --symbols NOSUCHUSDT --interval 1h
	[ "$stderr" = "" ]
	# Online: a symbol the exchange does not know is an error (status 3) ...
	run -3 --separate-stderr cb-fetch klines --symbols NOSUCHUSDT --last 2 --now "$NOW"
	[ "$output" = "" ]
	[ "$stderr" = "cb-fetch: NOSUCHUSDT: binance error -1121: Invalid symbol." ]
	# ... and a range where it has no candles a warning.
	run -0 --separate-stderr cb-fetch klines --symbols BTCUSDT --since 2010-01-01 --until 2010-01-02 --now "$NOW"
	[ "$output" = "" ]
	[ "$stderr" = "cb-fetch: warning: binance:futures:BTCUSDT:4h: no candles from 2010-01-01T00:00:00Z to 2010-01-02T00:00:00Z (the exchange has none)" ]
	# The simulated market, before it opens.
	run -0 --separate-stderr cb-fetch --exchange sim --no-db klines --symbols AUSDT --until 2016-01-01
	[ "$output" = "" ]
	[ "$stderr" = "cb-fetch: warning: no candles in the range asked for: the simulated market has them from 2017-01-01T00:00:00Z to now" ]
}

@test "--last 1 --closed-only: the last closed candle; the forming one does not count" {
	local want=$((FORMING - H4))
	run -0 --separate-stderr cb-fetch klines --no-db --symbols BTCUSDT --last 1 --closed-only --now "$NOW"
	[ "$(jq -c '[.open_time, .closed]' <<< "$output")" = "[$want,true]" ]
	run -0 --separate-stderr cb-fetch klines --symbols BTCUSDT --last 2 --closed-only --now "$NOW"
	[ "$(jq -c -s 'map([.open_time, .closed])' <<< "$output")" = "[[$((want - H4)),true],[$want,true]]" ]
	# Offline from the store, which holds the forming candle too.
	[ "$(sqlite3 "$DEFAULT_DB" "select closed from candles where open_time = $FORMING")" = 0 ]
	run -0 --separate-stderr cb-fetch klines --offline --symbols BTCUSDT --last 1 --closed-only --now "$NOW"
	[ "$(jq -c '[.open_time, .closed]' <<< "$output")" = "[$want,true]" ]
	# Without --closed-only the forming candle is the last.
	run -0 --separate-stderr cb-fetch klines --offline --symbols BTCUSDT --last 1 --now "$NOW"
	[ "$(jq -c '[.open_time, .closed]' <<< "$output")" = "[$FORMING,false]" ]
	# The simulated market: 2025-01-01T05:00Z is inside the 04:00 candle.
	run -0 cb-fetch --exchange sim --no-db klines --symbols AUSDT --last 1 --closed-only --now 2025-01-01T05:00Z
	[ "$(jq -c '[.open_time, .closed]' <<< "$output")" = '[1735689600000,true]' ]
}

@test "waiting for a store locked by another writer is said once on a terminal, never on a pipe or with -q" {
	command -v script > /dev/null || skip "script(1) is not installed"
	printf '%s\n' "$ROW1" > ABCUSDT-1h-2025-01.csv
	cb-fetch -q import --db s.db ABCUSDT-1h-2025-01.csv
	# hold CMD...: run CMD while another process holds the write lock of
	# s.db for 2.5 seconds.
	hold() {
		rm -f locked
		{ printf 'BEGIN IMMEDIATE;\n.shell touch locked; sleep 2.5\nCOMMIT;\n' | sqlite3 s.db > /dev/null; } 3>&- &
		for ((i = 0; i < 100; i++)); do [ -e locked ] && break; sleep 0.05; done
		"$@"
		wait
	}
	hold run -0 script -qec "cb-fetch import --db s.db ABCUSDT-1h-2025-01.csv > /dev/null" /dev/null
	[ "$(grep -c 'waiting for' <<< "$output")" = 1 ]
	[[ "$output" == *"cb-fetch: waiting for s.db, locked by another writer"* ]]
	hold run -0 script -qec "cb-fetch -q import --db s.db ABCUSDT-1h-2025-01.csv > /dev/null" /dev/null
	[ "$output" = "" ]
	hold run -0 --separate-stderr cb-fetch import --db s.db ABCUSDT-1h-2025-01.csv
	[ "$stderr" = "cb-fetch: 1 candle stored in s.db (not marked as a complete range); none written to standard output (--no-db writes them there)" ]
}

@test "a rate-limit pause shows in the progress line on a terminal" {
	command -v script > /dev/null || skip "script(1) is not installed"
	fake POST "/_fake/fault?path=/fapi/v1/klines&kind=429&retry_after=2" > /dev/null
	run -0 script -qec "cb-fetch klines --no-db --symbols BTCUSDT --last 3 --now $NOW > /dev/null" /dev/null
	[[ "$output" == *"cb-fetch: 0/1 symbols, 0 candles, waiting "[12]" s for the rate limit"* ]]
	fake POST "/_fake/fault?path=/fapi/v1/klines&kind=429&retry_after=2" > /dev/null
	run -0 script -qec "cb-fetch -q klines --no-db --symbols BTCUSDT --last 3 --now $NOW > /dev/null" /dev/null
	[ "$output" = "" ]
}

@test "oi --offline: the window ends at the newest stored record; a symbol with none is named once" {
	# 2025-01-01T00:00Z to 2025-01-03T00:00Z on the 4h grid: 13 records.
	run -0 cb-fetch --exchange sim oi --symbols AUSDT --since 2025-01-01 --until 2025-01-03 --db o.db
	[ "${#lines[@]}" = 13 ]
	# Default: 30 days back from the newest stored (2025-01-03T00:00Z),
	# not from today: all 13.
	run -0 --separate-stderr cb-fetch --exchange sim oi --offline --db o.db --symbols AUSDT
	[ "${#lines[@]}" = 13 ] && [ "$stderr" = "" ]
	# --last 3: 1735862400000 (2025-01-03T00:00Z) and the two 4h before.
	run -0 --separate-stderr cb-fetch --exchange sim oi --offline --db o.db --symbols AUSDT,BUSDT --last 3
	[ "$(jq -r .time <<< "$output" | tr '\n' ' ')" = "1735833600000 1735848000000 1735862400000 " ]
	[ "$stderr" = "cb-fetch: warning: sim:BUSDT:4h: no open interest from 2025-01-02T16:00:00Z to 2025-01-03T00:00:00Z in the store 'o.db'" ]
	# Offline, a --since older than the exchange's 30 days is no usage error.
	run -0 --separate-stderr cb-fetch --exchange sim oi --offline --db o.db --symbols AUSDT --since 2024-12-31
	[ "${#lines[@]}" = 13 ]
	run -0 --separate-stderr cb-fetch --exchange sim oi --offline --db o.db --symbols AUSDT --since 2025-02-01 --until 2025-03-01
	[ "$output" = "" ]
	[ "$stderr" = "cb-fetch: warning: sim:AUSDT:4h: no open interest from 2025-02-01T00:00:00Z to 2025-03-01T00:00:00Z in the store 'o.db'" ]
}
