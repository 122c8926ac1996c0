#!/bin/sh
# Builds one generated blog with ssg and with Debian's Hugo in one run and
# prints each one's wall time and peak memory, and their ratios, with
# `cp -r` of the same reviews as the disk's own bar.
#
#   bench/compare-hugo.sh [REVIEWS] [ROUNDS]     # default 10000 reviews, 3 rounds
#
# Needs hugo (apt-get install hugo) and GNU time (/usr/bin/time). Each
# round runs every command once, in turn, so that the machine's noise
# falls on all of them alike; the median of the rounds is printed. Builds
# start from an empty output folder with the corpus in the page cache.
# The Hugo site is bench/hugo: the same pages ssg makes, as far as Hugo's
# taxonomies go (BENCHMARKS.md lists the differences).
#
# It also prints a floor under any build of ssg's site on this machine:
# the CPU that the libraries ssg must use (goldmark, the front matter's
# parsers, html/template executing the theme) spent in one more full build,
# taken from its CPU profile, plus the system CPU of `cp -r` of ssg's own
# output (the kernel's work of creating those files and folders), divided
# among the cores; and the two speed targets it is compared with.
set -eu
n=${1:-10000}
rounds=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ssg-vs-hugo.XXXXXX")
trap 'rm -rf "$work"' EXIT
command -v hugo >/dev/null || { echo "hugo is not installed: apt-get install hugo" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed: apt-get install time" >&2; exit 1; }

(cd "$repo" && go build -o "$work/ssg" ./cmd/ssg && go run ./cmd/gencorpus -n "$n" -out "$work/site" >/dev/null)
cp -r "$repo/bench/hugo" "$work/hugo"
find "$work/site/content" -type f -exec cat {} + >/dev/null # into the page cache
echo "# $(go version | cut -d' ' -f3), $(hugo version | cut -d' ' -f1-2), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# measure NAME CMD...: one run, appending "NAME seconds kilobytes user-seconds
# system-seconds" to results.
measure() {
	name=$1
	shift
	/usr/bin/time -f "$name %e %M %U %S" -a -o "$work/results" "$@" >/dev/null 2>"$work/err" || {
		echo "$name failed:" >&2
		cat "$work/err" >&2
		exit 1
	}
}

for r in $(seq "$rounds"); do
	rm -rf "$work/copy" "$work/site/public" "$work/hugo/public" "$work/hugo/resources"
	sync
	measure cp cp -r "$work/site/content" "$work/copy"
	sync
	measure ssg "$work/ssg" build --src "$work/site"
	sync
	rm -rf "$work/copy-out"
	measure cp-out cp -r "$work/site/public" "$work/copy-out"
	sync
	measure ssg-noop "$work/ssg" build --src "$work/site"
	f=$(find "$work/site/content" -name '*.md' | sort | head -1)
	printf '\nOne more sentence, edited in round %s.\n' "$r" >>"$f"
	measure ssg-edit "$work/ssg" build --src "$work/site"
	sync
	measure hugo hugo --quiet --source "$work/hugo" --contentDir "$work/site/content" --destination "$work/hugo/public"
done

# The libraries' share of one more full build, from its CPU profile: the
# samples under each one's frames (html/template's without the model's
# methods and the page's JSON-LD, which the templates call).
rm -rf "$work/site/public" "$work/copy-out"
sync
"$work/ssg" build --src "$work/site" -cpuprofile "$work/cpu.prof" >/dev/null 2>&1
share() { # NAME PPROF-OPTIONS...: appends "NAME seconds" to results
	name=$1
	shift
	go tool pprof -top -nodecount=100000 "$@" "$work/ssg" "$work/cpu.prof" 2>/dev/null |
		sed -n 's/^Showing nodes accounting for \([0-9.]*\)\(m*s\),.*/\1 \2/p' |
		awk -v name="$name" '{ print name, ($2 == "ms") ? $1 / 1000 : $1 }' >>"$work/results"
}
share lib-goldmark -focus='github.com/yuin/goldmark'
share lib-matter -focus='adrg/frontmatter|go.yaml.in/yaml|BurntSushi/toml'
share lib-template -focus='text/template\.\(\*Template\)\.execute$' -ignore='ssg/generator/render\.\(\*Page\)|ssg/generator/site\.'

files_ssg=$(find "$work/site/public" -type f | wc -l)
files_hugo=$(find "$work/hugo/public" -type f | wc -l)
awk -v n="$n" -v rounds="$rounds" -v fs="$files_ssg" -v fh="$files_hugo" -v cores="$(nproc)" '
function median(v, name,   k, i, j, t, a) {
	k = 0
	for (i = 1; i <= cnt[name]; i++) a[++k] = v[name, i]
	for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((k + 1) / 2)]
}
/^lib-/ { lib[$1] = $2; next }
{ cnt[$1]++; v[$1, cnt[$1]] = $2; m[$1, cnt[$1]] = $3; c[$1, cnt[$1]] = $4 + $5; sys[$1, cnt[$1]] = $5 }
END {
	for (name in cnt) {
		t[name] = median(v, name)
		cpu[name] = median(c, name)
		peak = 0
		for (i = 1; i <= cnt[name]; i++) if (m[name, i] > peak) peak = m[name, i]
		mem[name] = peak / 1024
	}
	ksys = median(sys, "cp-out")
	printf "%d reviews, %d rounds (median wall time, median user+system CPU, highest peak memory)\n", n, rounds
	printf "  %-9s %8.2f s %8.2f s CPU %8.0f MB\n", "cp -r", t["cp"], cpu["cp"], mem["cp"]
	printf "  %-9s %8.2f s %8.2f s CPU %8.0f MB  %d files\n", "ssg", t["ssg"], cpu["ssg"], mem["ssg"], fs
	printf "  %-9s %8.2f s %8.2f s CPU %8.0f MB  (ssg'"'"'s output)\n", "cp -r", t["cp-out"], cpu["cp-out"], mem["cp-out"]
	printf "  %-9s %8.2f s %8.2f s CPU %8.0f MB  (nothing changed)\n", "ssg", t["ssg-noop"], cpu["ssg-noop"], mem["ssg-noop"]
	printf "  %-9s %8.2f s %8.2f s CPU %8.0f MB  (one review edited)\n", "ssg", t["ssg-edit"], cpu["ssg-edit"], mem["ssg-edit"]
	printf "  %-9s %8.2f s %8.2f s CPU %8.0f MB  %d files\n", "hugo", t["hugo"], cpu["hugo"], mem["hugo"], fh
	printf "ratios: hugo/ssg time %.2f (CPU %.2f), ssg/cp time %.2f, ssg/hugo memory %.2f,\n", t["hugo"] / t["ssg"], cpu["hugo"] / cpu["ssg"], t["ssg"] / t["cp"], mem["ssg"] / mem["hugo"]
	printf "        no-op/full %.2f, one edit/full %.2f\n", t["ssg-noop"] / t["ssg"], t["ssg-edit"] / t["ssg"]
	libs = lib["lib-goldmark"] + lib["lib-matter"] + lib["lib-template"]
	printf "floor: goldmark %.2f s + front matter %.2f s + html/template %.2f s of CPU (one more build'"'"'s profile)\n", lib["lib-goldmark"], lib["lib-matter"], lib["lib-template"]
	printf "       + creating ssg'"'"'s output %.2f s (cp -r'"'"'s system CPU) = %.2f s on %d cores\n", ksys, (libs + ksys) / cores, cores
	printf "targets: 3x Hugo %.2f s, 1.5x cp -r %.2f s\n", t["hugo"] / 3, 1.5 * t["cp"]
}' "$work/results"
