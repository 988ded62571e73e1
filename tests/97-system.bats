#!/usr/bin/env bats
# The running system (cb(7)): cb-run's jobs, their locks and configuration,
# the backup, the schedule in contrib/, make demo, and the property users
# rely on when cron skips a beat: the schedule run step by step gives what
# one batch run over the whole period gives.
load test_helper

setup() {
	cb_setup
	unset CB_DB CB_CONF
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
}

day() { date -u -d "2026-09-01 + $1 days" +%Y-%m-%dT%H:%M:%SZ; }

# conf FILE DB HISTORY SINCE: a configuration of 10 simulated symbols.
conf() {
	{
		echo "CB_DB=$PWD/$2.db"
		echo CB_EXCHANGE=sim
		echo CB_SYMBOLS=S000USDT,S001USDT,S002USDT,S003USDT,S004USDT,S005USDT,S006USDT,S007USDT,S008USDT,S009USDT
		echo 'CB_INTERVALS=4h 1h'
		echo "CB_HISTORY=$3"
		echo "CB_FETCH_SINCE=$4"
		echo "CB_SIGNALS_SINCE=$4"
		echo CB_SPOT=yes
		echo CB_OI=yes
		echo CB_FUNDING=yes
		echo 'CB_DETECT_ARGS=-r 2 -w 7d -m futures'
		echo CB_ORDER=paper
	} > "$1"
}

@test "system: cron step by step gives the signals, statuses, scores and paper trades of one batch run" {
	local k j db
	conf batch.conf batch 30d 30d
	conf first.conf inc 10d 10d
	conf daily.conf inc 8d 1d
	for j in spot oi detect; do cb-run -q --config batch.conf --now "$(day 30)" $j > /dev/null; done
	for j in spot oi detect; do cb-run -q --config first.conf --now "$(day 10)" $j > /dev/null; done
	for ((k = 11; k <= 30; k++)); do
		for j in spot oi detect; do cb-run -q --config daily.conf --now "$(day $k)" $j > /dev/null; done
	done
	for db in batch inc; do
		# The final scores; the initial one is the score a signal had when
		# first seen, with the context a run had then (cb-run(1)).
		sqlite3 $db.db "SELECT id, strength, status, outcome, score_total, confidence_level
			FROM signals ORDER BY id" > $db.signals
		sqlite3 $db.db "SELECT * FROM signal_confirmations ORDER BY 1, 2" > $db.confirmations
		sqlite3 $db.db "SELECT signal_id, time, status FROM signal_tracking ORDER BY 1, 2" > $db.tracking
		sqlite3 $db.db "SELECT * FROM order_trades ORDER BY seq" > $db.trades
		sqlite3 $db.db "SELECT signal_id, quantity, entry FROM order_positions ORDER BY 1" > $db.positions
	done
	[ "$(wc -l < batch.signals)" -gt 100 ]
	[ "$(wc -l < batch.trades)" -gt 20 ]
	diff batch.signals inc.signals
	diff batch.confirmations inc.confirmations
	diff batch.tracking inc.tracking
	diff batch.trades inc.trades
	diff batch.positions inc.positions
}

@test "system: a job takes its lock; a second run of it skips and says so" {
	conf c.conf s 8d 8d
	cb-run -q --config c.conf --now "$(day 10)" detect > /dev/null
	flock -n "$PWD/cb-run-detect.lock" -c "cb-run --config c.conf --now $(day 10) detect > out 2> err; echo \$? > rc"
	[ "$(cat rc)" = 0 ]
	[ "$(cat out)" = "" ]
	[ "$(cat err)" = "cb-run: detect: skipped: another run of it holds $PWD/cb-run-detect.lock" ]
}

@test "system: the configuration is read, not run; unknown keys and secrets are refused" {
	printf 'CB_DB=%s/s.db\nCB_EXCHANGE=sim\nCB_SYMBOLS=$(touch pwned)\n' "$PWD" > c.conf
	run cb-run --config c.conf --now "$(day 10)" oi
	[ ! -e pwned ]
	printf 'CB_EXCHANGE=sim\nCB_SYMBOL=AUSDT\n' > c.conf
	run -1 --separate-stderr cb-run --config c.conf detect
	[ "$stderr" = "cb-run: c.conf:2: unknown key 'CB_SYMBOL'" ]
	printf 'CB_BINANCE_API_SECRET=abc\n' > c.conf
	run -1 --separate-stderr cb-run --config c.conf detect
	[ "$stderr" = "cb-run: c.conf:1: CB_BINANCE_API_SECRET: secrets do not go in cb.conf; use the environment or a 0600 file (cb-run(1))" ]
	run -2 --separate-stderr cb-run --config c.conf dettect
	[ "${stderr_lines[0]}" = "cb-run: 'dettect' is not a job: detect, validate, spot, oi, calibrate, report, prune, backup or status" ]
	run -2 --separate-stderr cb-run
	[ "${stderr_lines[0]}" = "cb-run: name a job: detect, validate, spot, oi, calibrate, report, prune, backup or status" ]
}

@test "system: backup makes a checked copy and keeps the newest CB_BACKUP_KEEP" {
	conf c.conf s 8d 8d
	printf 'CB_BACKUP_KEEP=2\nCB_BACKUP_DIR=%s/bk\n' "$PWD" >> c.conf
	cb-run -q --config c.conf --now "$(day 10)" detect > /dev/null
	mkdir -p bk
	touch bk/cb-20200101T000000Z.db bk/cb-20200102T000000Z.db
	run -0 --separate-stderr cb-run -q --config c.conf backup
	[[ $output == '{"type":"job","job":"backup",'*'"status":0,'* ]]
	run -0 ls bk
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = cb-20200102T000000Z.db ]
	run -0 sqlite3 "bk/${lines[1]}" 'PRAGMA integrity_check'
	[ "$output" = ok ]
	run -0 sqlite3 "bk/$(ls bk | tail -n 1)" 'SELECT count(*) > 0 FROM candles'
	[ "$output" = 1 ]
	# Every run of a job is in the jobs log.
	run -0 jq -r .job jobs.ndjson
	[ "$output" = "$(printf 'detect\nbackup')" ]
}

@test "system: every job of contrib/ exists, and the systemd units verify" {
	local j f
	for j in $(awk '!/^#/ && /cb-run/ { for (i = 1; i <= NF; i++) if ($i == "-q") print $(i + 1) }' \
			"$CB_ROOT/contrib/crontab"); do
		[ -f "$CB_ROOT/contrib/systemd/cb-$j.service" ] && [ -f "$CB_ROOT/contrib/systemd/cb-$j.timer" ] ||
			{ echo "no systemd units for $j"; false; }
		grep -q "^\.B $j\$" "$CB_ROOT/man/cb-run.1" || { echo "cb-run(1) does not describe $j"; false; }
		grep -q "job_$j\|^$j)" "$CB_ROOT/scripts/cb-run" || { echo "cb-run has no job $j"; false; }
	done
	command -v systemd-analyze > /dev/null || skip "systemd-analyze is not installed"
	mkdir -p units man/man1 man/man7
	ln -s "$CB_ROOT/man/cb-run.1" man/man1/
	ln -s "$CB_ROOT/man/cb.7" man/man7/
	for f in "$CB_ROOT"/contrib/systemd/*; do
		sed "s|/usr/local/bin/cb-run|$CB_ROOT/bin/cb-run|" "$f" > "units/${f##*/}"
	done
	MANPATH=$PWD/man run systemd-analyze verify units/*.service units/*.timer
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "system: make demo, small, twice: the same signals, trades and summary" {
	local a b f
	DEMO_SYMBOLS=12 run -0 --separate-stderr "$CB_ROOT/scripts/demo" d1
	a=$output
	[[ $a == *"signals detected:"*"backtest, STRONG+:"*"paper trading:"* ]]
	DEMO_SYMBOLS=12 run -0 --separate-stderr "$CB_ROOT/scripts/demo" d2
	b=$output
	[ "$(sed 's/ ([0-9]* s)//; s|/d[12]|/d|g' <<< "$a")" = "$(sed 's/ ([0-9]* s)//; s|/d[12]|/d|g' <<< "$b")" ]
	for f in d1 d2; do
		sqlite3 $f/cb.db 'SELECT id, status, score_total FROM signals ORDER BY id' > $f.signals
		sqlite3 $f/cb.db 'SELECT * FROM order_trades ORDER BY seq' > $f.trades
	done
	diff d1.signals d2.signals
	diff d1.trades d2.trades
	[ "$(wc -l < d1.trades)" -gt 0 ]
}

@test "system: calibrate fits weights on the outcomes, keeps them only when they rank newer signals better; cb-score reads them" {
	local k j
	conf c.conf s 10d 10d
	for j in spot oi detect; do cb-run -q --config c.conf --now "$(day 10)" $j > /dev/null; done
	conf c.conf s 8d 1d
	for ((k = 11; k <= 30; k++)); do
		for j in spot oi detect; do cb-run -q --config c.conf --now "$(day $k)" $j > /dev/null; done
	done
	run -0 --separate-stderr cb-validate --db s.db calibrate
	[[ $output == '{"type":"calibration","signals":'* ]]
	# signals = fit + held, held = 30 %, rounded down.
	[ "$(jq '.signals == .fit + .held and .held == ((.signals * 0.3) | floor)' <<< "$output")" = true ]
	[ "$(jq '[.weight_volume, .weight_oi, .weight_spot_sync, .weight_confirmation,
		.weight_timing] | add | . * 1e6 | round' <<< "$output")" = 100000000 ]
	[ "$(jq '.written' <<< "$output")" = false ]
	# A weights file is replaced only by better weights (the rule, with a
	# case where they are, is unit-tested in tests/unit/test_calibrate.c):
	# here the fit is no better, and the file stays as it was.
	printf 'weights = 25,25,20,20,10\nlevels = 80,60,40\n' > w.conf
	cp w.conf w.before
	run -0 --separate-stderr cb-validate --db s.db calibrate --weights-file w.conf
	if [ "$(jq .better <<< "$output")" = true ]; then
		[ "$(jq .written <<< "$output")" = true ]
		[[ $stderr == *"written to w.conf" ]]
	else
		[ "$(jq .written <<< "$output")" = false ]
		[[ $stderr == "cb-validate: calibrate: the new weights rank the newest "*" signals no better"* ]]
		cmp w.conf w.before
	fi
	# cb-score takes them, and a broken file is an error that names it.
	run -0 cb-score --weights-file w.conf /dev/null
	printf 'weights = 1,2\n' > bad.conf
	run -1 --separate-stderr cb-score --weights-file bad.conf /dev/null
	[ "$stderr" = "cb-score: bad.conf: line 1: weights = V,O,S,C,T (five numbers)" ]
	# The calibrate job.
	run -0 --separate-stderr cb-run --config c.conf --now "$(day 30)" calibrate
	[[ $output == '{"type":"job","job":"calibrate",'*'"status":0,'* ]]
}
