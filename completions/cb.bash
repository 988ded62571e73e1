# bash completion for the cb tools (cb-detect, cb-fetch, ...).  -*- sh -*-
#
# One file serves every tool: `make install` installs it once under each
# tool's name, and bash-completion then loads it for any of them.
#
# Each tool has one entry, a function _cb_TOOL (dashes as underscores)
# registered with `complete -F`. It lists the tool's options, long and
# short, exactly as its option table (src/<area>/main.c) and its man page
# do; tests/10-docs.bats checks that they agree. To add a tool, copy the
# cb-detect entry (a filter of files), or the cb-fetch one (a tool with
# commands).

# _cb_init: set cur and prev for the word being completed; "--opt=val" is
# split so that prev is "--opt" and cur is "val".
_cb_init()
{
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# bash splits "--opt=val" at "=" (COMP_WORDBREAKS): words --opt, =, val.
	if [[ $cur == = ]] && ((COMP_CWORD > 0)); then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi
}

# _cb_values WORDS: complete cur from a fixed list of values.
_cb_values()
{
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

# _cb_files: complete file names (operands, or arguments naming a file).
_cb_files()
{
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}

# _cb_operand OPTIONS: after the options, complete an option when cur
# starts with "-" (unless "--" ended them), else a file name.
_cb_operand()
{
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -- ]] && { _cb_files; return; }
	done
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$1" -- "$cur"))
	else
		_cb_files
	fi
}

# Values offered for a TIME argument (cb-formats(5), cb-detect(1)).
_cb_times='now -1h -4h -8h -1d -7d -30d'

# The candle intervals (cb-formats(5)).
_cb_intervals='1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M'

# cb-detect: find volume spikes in candle records.
_cb_detect()
{
	local cur prev
	_cb_init
	case $prev in
	--volume)
		_cb_values 'auto quote base'
		return ;;
	-m | --market)
		_cb_values 'futures spot'
		return ;;
	-i | --interval)
		_cb_values "$_cb_intervals"
		return ;;
	--since | --now)
		_cb_values "$_cb_times"
		return ;;
	-r | --min-ratio | -t | --thresholds | -w | --windows)
		COMPREPLY=()  # a number or a list: nothing to offer
		return ;;
	--profile)
		# The built-in profiles and files.
		COMPREPLY=($(compgen -W 'seed pump' -- "$cur") $(compgen -f -- "$cur"))
		return ;;
	esac
	_cb_operand '-a --all -p --pass-through -r --min-ratio -t --thresholds
		-w --windows --volume --profile --print-profile --partial --since -m --market
		-i --interval --now --strict -q --quiet -h --help --version'
}
complete -F _cb_detect cb-detect

# cb-score: score signals with open interest, spot and lower-interval context.
_cb_score()
{
	local cur prev
	_cb_init
	case $prev in
	--level)
		_cb_values 'LOW MEDIUM HIGH EXTREME'
		return ;;
	-m | --market)
		_cb_values 'futures spot'
		return ;;
	-i | --interval)
		_cb_values "$_cb_intervals"
		return ;;
	--now)
		_cb_values "$_cb_times"
		return ;;
	--weights-file)
		_cb_files
		return ;;
	--min-score | --weights | --levels | --volume-steps | --oi-steps | --spot-steps | \
	--timing-steps | --confirmation-points | --sync-ratio | --oi-rise | --ltf-ratio | \
	--basis-ratio | --basis-candles | --lateness)
		COMPREPLY=()  # a number, a list or a table: nothing to offer
		return ;;
	esac
	_cb_operand '-p --pass-through --min-score --level --weights --weights-file --levels
		--volume-steps --oi-steps --spot-steps --timing-steps --confirmation-points
		--sync-ratio --oi-rise --ltf-ratio --basis-ratio --basis-candles --lateness
		-m --market -i --interval --now --strict -q --quiet -h --help --version'
}
complete -F _cb_score cb-score

# The values of the rule options cb-backtest and cb-order share, after
# option $prev; returns 1 if $prev is not one of them.
_cb_rule_values()
{
	case $prev in
	--min-strength) _cb_values 'WEAK MEDIUM STRONG EXTREME' ;;
	--level) _cb_values 'LOW MEDIUM HIGH EXTREME' ;;
	--market) _cb_values 'futures spot all' ;;
	--interval) _cb_values "$_cb_intervals all" ;;
	--side) _cb_values 'long short' ;;
	--entry) _cb_values 'next-open close' ;;
	--min-score | --symbols | --slippage-bps | --fee-bps | --stop-loss | --take-profit | \
	--max-hold | --trailing | --balance | --size-pct | --risk-pct | --leverage | \
	--max-positions | --max-exposure-pct | --cooldown | --daily-loss-pct)
		COMPREPLY=() ;;  # a number, a duration or a list: nothing to offer
	*) return 1 ;;
	esac
}

# cb-backtest: replay signals with the rules cb-order trades with.
_cb_backtest()
{
	local cur prev
	_cb_init
	_cb_rule_values && return
	case $prev in
	--equity)
		_cb_values 'step daily'
		return ;;
	--format)
		_cb_values 'json table'
		return ;;
	--svg)
		_cb_files
		return ;;
	--split)
		_cb_values "$_cb_times"
		return ;;
	--sweep | -j | --jobs)
		COMPREPLY=()  # a grid or a number: nothing to offer
		return ;;
	esac
	_cb_operand '--min-strength --min-score --level --market --interval --symbols
		--closed-only --side --entry --slippage-bps --fee-bps --stop-loss --take-profit
		--max-hold --trailing --balance --size-pct --risk-pct --leverage --max-positions
		--max-exposure-pct --cooldown --daily-loss-pct --flatten-on-halt --sweep --split -j --jobs --equity --svg --format
		--strict -q --quiet -h --help --version'
}
complete -F _cb_backtest cb-backtest

# cb-order: trade the signals with cb-backtest's rules, on paper. The
# first operand may be a command.
_cb_order()
{
	local cur prev i
	_cb_init
	_cb_rule_values && return
	case $prev in
	--format)
		_cb_values 'json table csv tsv'
		return ;;
	--db)
		_cb_files
		return ;;
	--now)
		_cb_values "$_cb_times"
		return ;;
	--max-entry-delay)
		_cb_values '5m 10m 1h 4h'
		return ;;
	--margin)
		_cb_values 'isolated crossed'
		return ;;
	--key-file)
		_cb_files
		return ;;
	--max-deviation-pct | --max-orders-per-min | --symbol)
		COMPREPLY=()
		return ;;
	--reason)
		COMPREPLY=()  # a text: nothing to offer
		return ;;
	esac
	if [[ $cur != -* ]]; then
		for ((i = 1; i < COMP_CWORD; i++)); do
			[[ ${COMP_WORDS[i]} != -* ]] && { _cb_files; return; }
		done
		COMPREPLY=($(compgen -W 'positions trades orders status halt resume reconcile flatten place cancel' -- "$cur"))
		return
	fi
	_cb_operand '--paper --live --key-file --margin --max-deviation-pct --max-orders-per-min
		--symbol --db --now --max-entry-delay --format --reason
		--min-strength --min-score --level --market --interval --symbols
		--closed-only --side --entry --slippage-bps --fee-bps --stop-loss --take-profit
		--max-hold --trailing --balance --size-pct --risk-pct --leverage --max-positions
		--max-exposure-pct --cooldown --daily-loss-pct --flatten-on-halt
		--strict -q --quiet -h --help --version'
}
complete -F _cb_order cb-order

# cb-notify: send the events of records to Telegram, Discord, a webhook
# or a file, each once.
_cb_notify()
{
	local cur prev
	_cb_init
	case $prev in
	--on)
		_cb_values 'signal signal:WEAK+ signal:MEDIUM+ signal:STRONG+ signal:EXTREME
			status status:MONITORING status:CONFIRMED status:FAILED status:ARCHIVED
			trade halt job job:failed'
		return ;;
	--file | --token-file | --db)
		_cb_files
		return ;;
	--min-interval | --timeout | --max-wait)
		_cb_values '0 1s 2s 5s 10s 30s 60s'
		return ;;
	--webhook | --chat-id)
		COMPREPLY=()  # a URL or an id: nothing to offer
		return ;;
	esac
	_cb_operand '--on --telegram --discord --webhook --file --token-file --chat-id --db
		--retry-unsent --min-interval --timeout --max-wait
		--strict -q --quiet -h --help --version'
}
complete -F _cb_notify cb-notify

# cb-report: no operands; options only.
_cb_report()
{
	local cur prev
	_cb_init
	case $prev in
	--db | --jobs | --html)
		_cb_files
		return ;;
	--format)
		_cb_values 'html prom'
		return ;;
	--now)
		_cb_values "$_cb_times"
		return ;;
	esac
	COMPREPLY=($(compgen -W '--db --jobs --html --format --now -q --quiet -h --help
		--version' -- "$cur"))
}
complete -F _cb_report cb-report

# cb-fetch: market data from an exchange. The first word that is neither an
# option nor an option's argument is the command; options may come before
# or after it, and nothing follows it.
_cb_fetch_opts='--exchange -m --market -s --symbols --symbol --universe -i --interval
	--since --until --last --closed-only --period --db --no-db --offline -j --jobs
	--weight-budget --timeout --now --seed -q --quiet -h --help --version'

_cb_fetch()
{
	local cur prev i w cmd=
	_cb_init
	case $prev in
	--exchange)
		_cb_values 'binance bybit mexc sim'
		return ;;
	-m | --market)
		_cb_values 'futures spot'
		return ;;
	-i | --interval)
		_cb_values '1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M'
		return ;;
	--period)
		_cb_values '5m 15m 30m 1h 2h 4h 6h 12h 1d'
		return ;;
	--since | --until | --now)
		_cb_values "$_cb_times"
		return ;;
	--db)
		_cb_files
		return ;;
	-s | --symbols | --symbol | --last | -j | --jobs | --weight-budget | --timeout | --seed)
		COMPREPLY=()  # symbols or a number: nothing to offer
		return ;;
	esac
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--)
			((i + 1 < COMP_CWORD)) && cmd=${COMP_WORDS[i + 1]}
			[[ -n $cmd ]] || { _cb_values 'klines oi symbols ticker funding import pumps'; return; }
			break ;;
		--exchange | -m | --market | -s | --symbols | --symbol | -i | --interval | --since | \
		--until | --last | --period | --db | -j | --jobs | --weight-budget | \
		--timeout | --now | --seed)
			((i++))  # its argument, maybe after a lone "=" (see _cb_init)
			[[ ${COMP_WORDS[i]} == = ]] && ((i++)) ;;
		-*) ;;
		*)
			cmd=$w
			break ;;
		esac
	done
	if [[ $cmd == import && $cur != -* ]]; then
		_cb_files  # import FILE...
	elif [[ $cur == -* || -n $cmd ]]; then
		COMPREPLY=($(compgen -W "$_cb_fetch_opts" -- "$cur"))
	else
		_cb_values 'klines oi symbols ticker funding import pumps'
	fi
}
complete -F _cb_fetch cb-fetch

# cb-validate: follow signals after their detection. Without a command it
# is a filter of files; the commands list, show, stats, status and prune
# query the store. The first operand that names a command is the command.
_cb_validate_opts='--db -p --pass-through --track --pump-pct --max-drawdown-pct
	--monitor-hours --strict --active --history --since --status --symbol
	--strength --sort --by --limit --older-than --format --now --weights-file
	--holdout -q --quiet -h --help --version'

_cb_validate()
{
	local cur prev i w cmd=
	_cb_init
	case $prev in
	--db)
		_cb_files
		return ;;
	--since | --now)
		_cb_values "$_cb_times"
		return ;;
	--status)
		_cb_values 'DETECTED MONITORING CONFIRMED FAILED ARCHIVED'
		return ;;
	--format)
		_cb_values 'json table csv tsv'
		return ;;
	--strength)
		_cb_values 'WEAK MEDIUM STRONG EXTREME'
		return ;;
	--sort)
		_cb_values 'detected newest symbol gain score'
		return ;;
	--by)
		_cb_values 'symbol strength level interval month'
		return ;;
	--older-than)
		_cb_values '7d 30d 90d'
		return ;;
	--weights-file)
		_cb_files
		return ;;
	--pump-pct | --max-drawdown-pct | --monitor-hours | --symbol | --limit | --holdout)
		COMPREPLY=()  # a number or a symbol: nothing to offer
		return ;;
	esac
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--) break ;;
		--db | --pump-pct | --max-drawdown-pct | --monitor-hours | --since | \
		--status | --symbol | --strength | --sort | --by | --limit | --older-than | \
		--format | --now | --weights-file | --holdout)
			((i++))
			[[ ${COMP_WORDS[i]} == = ]] && ((i++)) ;;
		-*) ;;
		*)
			cmd=$w
			break ;;
		esac
	done
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$_cb_validate_opts" -- "$cur"))
	elif [[ -z $cmd ]]; then
		# A command, or the files of the filter.
		COMPREPLY=($(compgen -W 'list show stats status prune calibrate' -- "$cur"))
		compopt -o filenames 2>/dev/null
		local f
		mapfile -t f < <(compgen -f -- "$cur")
		COMPREPLY+=("${f[@]}")
	elif [[ $cmd != list && $cmd != show && $cmd != stats && $cmd != status && $cmd != prune &&
		$cmd != calibrate ]]; then
		_cb_files
	else
		COMPREPLY=()
	fi
}
complete -F _cb_validate cb-validate

# cb-run: the scheduled jobs.
_cb_run()
{
	local cur prev i
	_cb_init
	case $prev in
	--config)
		_cb_files
		return ;;
	--now)
		_cb_values "$_cb_times"
		return ;;
	--format)
		_cb_values 'text prom'
		return ;;
	esac
	if [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W 'detect validate spot oi calibrate report prune backup status' -- "$cur"))
		return
	fi
	_cb_operand '--config --now --format -q --quiet -h --help --version'
}
complete -F _cb_run cb-run
