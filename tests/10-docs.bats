#!/usr/bin/env bats
# Documentation agrees with the programs: for every built tool bin/cb-*,
# the options of --help, of its man page's OPTIONS section and of both
# completions are the same; the man pages have the usual sections and
# render without warnings; cb-formats(5) names every member cb-detect
# writes. A new tool is checked as soon as it is built.
load test_helper

# The built tools, one name per line.
tools() {
	local t
	for t in "$CB_ROOT"/bin/cb-*; do
		[ -x "$t" ] && printf '%s\n' "${t##*/}"
	done
	return 0
}

# Print the option words (-a, --all) of an option listing on stdin: for
# each line whose first non-blank is "-", the words before the first run
# of two blanks, split at blanks and commas, that start with a dash.
option_words() {
	awk '/^ *-/ {
		sub(/^ +/, "")
		split($0, part, /  +/)
		n = split(part[1], w, /[ ,]+/)
		for (i = 1; i <= n; i++)
			if (w[i] ~ /^--?[A-Za-z0-9]/) {
				sub(/[=[].*/, "", w[i])
				print w[i]
			}
	}'
}

# The options of TOOL --help, sorted.
help_options() {
	"$1" --help | option_words | sort -u
}

# Skip unless man-db and groff are installed (Debian: man-db, groff-base).
need_man() {
	command -v man >/dev/null && command -v groff >/dev/null ||
		skip "man and groff are needed (Debian packages man-db, groff-base)"
}

# The rendered man page FILE, plain text, wide enough not to wrap tags.
man_text() {
	MANWIDTH=200 MANPAGER=cat PAGER=cat man -l "$1" 2>/dev/null
}

# The body of section NAME of a rendered page on stdin.
man_section() {
	awk -v s="$1" '$0 == s { on = 1; next } /^[A-Z]/ { on = 0 } on'
}

# The options of the tags of the OPTIONS section of man page FILE, sorted.
# A tag is a line indented by exactly 7 columns that starts with "-".
man_options() {
	man_text "$1" | man_section OPTIONS | grep -E '^ {7}-' | option_words | sort -u
}

# The options bash completion offers for TOOL after a lone "-", sorted.
bash_options() {
	bash -c '
		source "$1" || exit 1
		spec=$(complete -p "$2") || exit 1
		fn=${spec#*-F }
		fn=${fn%% *}
		COMP_WORDS=("$2" -)
		COMP_CWORD=1
		COMPREPLY=()
		"$fn"
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$CB_ROOT/completions/cb.bash" "$1" | sort -u
}

# The options named in the _arguments specs of the zsh function _TOOL,
# sorted: descriptions [...] and exclusion lists (...) are dropped first.
zsh_options() {
	awk -v f="_$1() {" '$0 == f { on = 1; next } /^}/ { on = 0 } on' \
		"$CB_ROOT/completions/_cb" |
	grep "^[[:space:]]*'" | sed 's/\[[^]]*\]//g; s/([^)]*)//g' |
	grep -oE "(^|[[:space:]'{,()])--?[A-Za-z0-9][A-Za-z0-9-]*" |
	sed "s/^[[:space:]'{,()]//" | sort -u
}

# compare WHAT EXPECTED ACTUAL: fail, naming the differences, unless the
# two sorted lists are equal.
compare() {
	local missing extra
	missing=$(comm -23 <(printf '%s\n' "$2") <(printf '%s\n' "$3") | grep . || true)
	extra=$(comm -13 <(printf '%s\n' "$2") <(printf '%s\n' "$3") | grep . || true)
	[ -z "$missing$extra" ] && return 0
	[ -z "$missing" ] || echo "$1: missing:" $missing
	[ -z "$extra" ] || echo "$1: not in --help:" $extra
	return 1
}

@test "docs: there are built tools to check" {
	run -0 tools
	[ -n "$output" ] || { echo "no bin/cb-* built: run make"; false; }
}

@test "docs: --help exits 0 and writes to standard output only" {
	local t
	for t in $(tools); do
		run -0 --separate-stderr "$t" --help
		[ -n "$output" ] || { echo "$t --help: no output"; false; }
		[ -z "$stderr" ] || { echo "$t --help wrote to stderr: $stderr"; false; }
		[ "${lines[0]#Usage: $t }" != "${lines[0]}" ] || { echo "$t --help: ${lines[0]}"; false; }
		# The option parser of these tests must find the common options.
		help_options "$t" | grep -qx -- --help || { echo "$t --help: no --help option found"; false; }
		help_options "$t" | grep -qx -- --version || { echo "$t --help: no --version option found"; false; }
	done
}

@test "docs: an unknown option exits 2 with one line and a hint on stderr" {
	local t
	for t in $(tools); do
		run -2 --separate-stderr "$t" --no-such-option
		[ -z "$output" ] || { echo "$t: wrote to stdout: $output"; false; }
		[ "${#stderr_lines[@]}" -eq 2 ] || { echo "$t: stderr: $stderr"; false; }
		[ "${stderr_lines[0]#"$t: "}" != "${stderr_lines[0]}" ] || { echo "$t: ${stderr_lines[0]}"; false; }
		[ "${stderr_lines[1]}" = "Try '$t --help' for more information." ] ||
			{ echo "$t: ${stderr_lines[1]}"; false; }
	done
}

@test "docs: every tool has a man page with the usual sections in order" {
	local t page text found
	need_man
	for t in $(tools); do
		page="$CB_ROOT/man/$t.1"
		[ -f "$page" ] || { echo "missing man/$t.1"; false; }
		text=$(man_text "$page")
		found=$(printf '%s\n' "$text" | grep -E '^[A-Z][A-Z ]+$' |
			grep -xE 'NAME|SYNOPSIS|DESCRIPTION|OPTIONS|EXIT STATUS|EXAMPLES|SEE ALSO' || true)
		[ "$found" = "$(printf '%s\n' NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' EXAMPLES 'SEE ALSO')" ] ||
			{ echo "man/$t.1 sections:" $found; false; }
	done
}

@test "docs: the man page's OPTIONS are exactly the options of --help" {
	local t
	need_man
	for t in $(tools); do
		compare "man/$t.1 OPTIONS" "$(help_options "$t")" "$(man_options "$CB_ROOT/man/$t.1")"
	done
}

@test "docs: every option of --help appears in the rendered man page" {
	local t o text
	need_man
	for t in $(tools); do
		text=$(man_text "$CB_ROOT/man/$t.1")
		for o in $(help_options "$t"); do
			printf '%s\n' "$text" | grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" ||
				{ echo "man/$t.1 does not mention $o"; false; }
		done
	done
}

@test "docs: the man page's EXIT STATUS lists the statuses of --help" {
	local t want got
	need_man
	for t in $(tools); do
		want=$("$t" --help | sed -n 's/^Exit status: //p' | grep -oE '(^|, )[0-9]+' | tr -dc '0-9\n')
		[ -n "$want" ] || { echo "$t --help: no exit status line"; false; }
		got=$(man_text "$CB_ROOT/man/$t.1" | man_section 'EXIT STATUS' |
			grep -oE '^ {7}[0-9]+' | tr -d ' ')
		[ "$want" = "$got" ] || { echo "$t: --help" $want "man" $got; false; }
	done
}

@test "docs: bash completion offers exactly the options of --help" {
	local t
	bash -n "$CB_ROOT/completions/cb.bash"
	for t in $(tools); do
		compare "completions/cb.bash $t" "$(help_options "$t")" "$(bash_options "$t")"
	done
}

@test "docs: bash completion completes --volume values and file names" {
	command -v cb-detect >/dev/null || skip "cb-detect not built"
	touch candles.ndjson
	run -0 bash -c 'source "$1"; COMP_WORDS=(cb-detect --volume ""); COMP_CWORD=2
		_cb_detect; printf "%s\n" "${COMPREPLY[@]}"' bash "$CB_ROOT/completions/cb.bash"
	[ "$output" = "$(printf '%s\n' auto quote base)" ]
	run -0 bash -c 'source "$1"; COMP_WORDS=(cb-detect cand); COMP_CWORD=1
		_cb_detect; printf "%s\n" "${COMPREPLY[@]}"' bash "$CB_ROOT/completions/cb.bash"
	[ "$output" = candles.ndjson ]
}

@test "docs: zsh completion names exactly the options of --help" {
	local t
	for t in $(tools); do
		head -n 1 "$CB_ROOT/completions/_cb" | grep -qw -- "$t" ||
			{ echo "completions/_cb: $t not on the #compdef line"; false; }
		compare "completions/_cb $t" "$(help_options "$t")" "$(zsh_options "$t")"
	done
}

@test "docs: groff renders every man page without warnings" {
	local f n=0
	need_man
	for f in "$CB_ROOT"/man/*.[1-9]; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		run -0 --separate-stderr groff -t -man -Tutf8 -ww -z "$f"
		[ -z "$stderr" ] || { echo "${f##*/}: $stderr"; false; }
	done
	[ "$n" -gt 0 ]
}

@test "docs: cb-formats(5) names every member cb-detect writes" {
	local k text
	need_man
	command -v cb-detect >/dev/null || skip "cb-detect not built"
	{ mkseries X 50 10; mkc X 50 60 110 100; } > candles.ndjson
	run -0 --separate-stderr cb-detect --all candles.ndjson
	printf '%s\n' "$output" > out.ndjson
	# The sample must hold a signal and an evaluation.
	run -0 jq -r .type out.ndjson
	[ "$(printf '%s\n' "$output" | sort -u)" = "$(printf '%s\n' evaluation signal)" ]
	text=$(man_text "$CB_ROOT/man/cb-formats.5")
	[ -n "$text" ]
	for k in $(jq -r 'keys_unsorted[]' out.ndjson | sort -u) signal evaluation; do
		printf '%s\n' "$text" | grep -qFw -- "$k" ||
			{ echo "cb-formats.5 does not mention '$k'"; false; }
	done
}
