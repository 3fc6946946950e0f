#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages (debian/, `make deb`): build them into a temporary
# directory, lint them, and check what they hold.
#
#   deb-test.sh
#
# Checks, each an `ok - NAME` or `not ok - NAME: why` line (tests/check.sh
# counts them; the exit status is non-zero when any failed):
# - `make deb` builds sastrace-dkms_V_all.deb, sastrace_V_ARCH.deb (and
#   its automatic -dbgsym), .changes and .buildinfo, and nothing else;
#   `make deb` in a copy whose debian/changelog names another version than
#   dkms.conf fails and says so;
# - lintian on the .changes (the .debs and the .buildinfo with it) and on
#   a source package made from the same tree: no E: or W: tag (overrides
#   need a comment saying why, in debian/source/lintian-overrides);
# - each package's files, exactly (dpkg-deb -c): the module's sources as
#   in module/ + Kbuild + dkms.conf, no build products; the reader, its
#   man pages and completion; all owned by root;
# - one version everywhere: dkms.conf, debian/changelog, every package's
#   Version, the packaged dkms.conf and /usr/src directory, what the
#   packaged Kbuild gives the module (MODULE_VERSION) and the packaged
#   reader's `sastrace --version`;
# - dependencies and maintainer scripts: dkms for sastrace-dkms, whose
#   postinst/prerm hand this name and version to DKMS; the reader's
#   libraries; the reader built with the hardening flags.
# DEB_TEST_KEEP=1 keeps the temporary directory.
# shellcheck disable=SC2016  # '$1' and '$(...)' for other shells and make
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
nfail=0 npass=0
ok() { echo "ok - $1"; npass=$((npass + 1)); }
not_ok() { echo "not ok - $1: $2"; nfail=$((nfail + 1)); }
oneline() { tr '\n' ' ' <<<"$1"; }
# check NAME WHY CMD...: ok when CMD succeeds, else not ok with WHY.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then ok "$name"; else not_ok "$name" "$why"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sastrace-deb.XXXXXX")
cleanup() {
	if [[ -n ${DEB_TEST_KEEP:-} ]]; then
		echo "# kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

for tool in dpkg-buildpackage dpkg-deb dpkg-parsechangelog dpkg-source lintian readelf; do
	command -v "$tool" >/dev/null ||
		{ not_ok "deb tools" "$tool is not installed (make install-deps)"; exit 1; }
done

ver=$(sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$/\1/p' "$repo/dkms.conf")
arch=$(dpkg --print-architecture)
[[ -n $ver ]] || { not_ok "version" "dkms.conf has no PACKAGE_VERSION"; exit 1; }

# The files of DIR of the tree (relative to the top) that a package takes:
# git's tracked ones, or without git every file but build products.
tree_files() {
	if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$repo" && git ls-files --cached --others --exclude-standard -- "$1")
	else
		(cd "$repo" && find "$1" -type f ! -name '*.o' ! -name '*.ko' ! -name '*.cmd' \
			! -name '*.mod' ! -name '*.mod.c' ! -name '*.d')
	fi | LC_ALL=C sort
}

# --- build -----------------------------------------------------------------
# git's view of the tree, ignored files too, but build/ (where check.sh
# writes its logs meanwhile): `make deb` must change nothing of it.
tree_status() {
	git -C "$repo" status --porcelain --ignored -- . ':(exclude)build' 2>/dev/null &&
		echo "(git status)"
}
status_before=$(tree_status)
out=$tmp/out
# DEB_BUILD_OPTIONS (nostrip, noautodbgsym, ...) would change what is built.
if ! timeout 900 env -u DEB_BUILD_OPTIONS make -C "$repo" --no-print-directory deb \
	DEB_OUT="$out" >"$tmp/make-deb.log" 2>&1; then
	sed 's/^/# /' "$tmp/make-deb.log" | tail -n 30
	not_ok "make deb" "$(grep -v '^[[:space:]]*$' "$tmp/make-deb.log" | tail -n 1)"
	exit 1
fi
ok "make deb"

dkms_deb=sastrace-dkms_${ver}_all.deb
reader_deb=sastrace_${ver}_${arch}.deb
dbg_deb=sastrace-dbgsym_${ver}_${arch}.deb
changes=sastrace_${ver}_${arch}.changes
buildinfo=sastrace_${ver}_${arch}.buildinfo
got=$(find "$out" -mindepth 1 -maxdepth 1 -printf '%f\n' | LC_ALL=C sort)
want=$(printf '%s\n' "$dkms_deb" "$reader_deb" "$dbg_deb" "$changes" "$buildinfo" |
	LC_ALL=C sort)
check "make deb output" "got: $(oneline "$got")" [ "$got" = "$want" ]
[[ -f $out/$dkms_deb && -f $out/$reader_deb ]] || exit 1
if [[ -n $status_before ]]; then
	status_after=$(tree_status)
	check "make deb leaves the tree as it was" \
		"$(diff <(echo "$status_before") <(echo "$status_after") | grep '^[<>]' | head -n 3 | tr '\n' ' ')" \
		[ "$status_before" = "$status_after" ]
fi

# A changelog that names another version than dkms.conf: make deb refuses.
mkdir -p "$tmp/skew"
cp -a "$repo/Makefile" "$repo/dkms.conf" "$repo/debian" "$tmp/skew/"
sed -i "1s/(\([^)]*\))/(\1+skew)/" "$tmp/skew/debian/changelog"
if make -C "$tmp/skew" --no-print-directory deb DEB_OUT="$tmp/skew/out" >"$tmp/skew.log" 2>&1; then
	not_ok "make deb refuses a changelog version that is not dkms.conf's" "it built"
elif grep -q "they must be equal" "$tmp/skew.log" && [[ ! -e $tmp/skew/out/src ]]; then
	ok "make deb refuses a changelog version that is not dkms.conf's"
else
	not_ok "make deb refuses a changelog version that is not dkms.conf's" \
		"no clear message: $(tail -n 1 "$tmp/skew.log")"
fi

# --- lintian ---------------------------------------------------------------
# lint NAME FILE: no E: or W: tag (I:, P: and overrides are printed only).
lint() {
	local name=$1 file=$2 log=$tmp/lintian-$1.log bad
	lintian --pedantic --fail-on none "$file" >"$log" 2>&1
	sed -n 's/^\([IPNO]: \)/# \1/p' "$log"
	bad=$(grep -E '^[EW]: ' "$log")
	if [[ -n $bad ]]; then
		printf '# %s\n' "${bad//$'\n'/$'\n'# }"
		not_ok "lintian $name" "$(echo "$bad" | wc -l) E:/W: tag(s), first: $(echo "$bad" | head -n 1)"
	elif grep -qE '^(internal error|.*[Ee]rror: )' "$log"; then
		not_ok "lintian $name" "lintian failed: $(grep -E 'rror' "$log" | head -n 1)"
	else
		ok "lintian $name"
	fi
}
lint "binary packages, .changes, .buildinfo" "$out/$changes"

# The source package (make deb builds binaries only): from the same files.
srcdir=$tmp/srcpkg/sastrace-$ver
mkdir -p "$srcdir"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do if [ -e "$f" ] || [ -L "$f" ]; then printf "%s\0" "$f"; fi; done' sh |
		tar --null -T - -cf -) | tar -xf - -C "$srcdir"
else
	(cd "$repo" && tar --exclude=./build --exclude=./.git -cf - .) | tar -xf - -C "$srcdir"
fi
if (cd "$srcdir" && dpkg-source -b . >"$tmp/dpkg-source.log" 2>&1); then
	lint "source package" "$tmp/srcpkg/sastrace_$ver.dsc"
else
	not_ok "lintian source package" "dpkg-source -b failed: $(tail -n 1 "$tmp/dpkg-source.log")"
fi

# --- contents --------------------------------------------------------------
# contents DEB: "MODE OWNER PATH" of every file and link, sorted (no dirs).
contents() {
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ {
		p = $6; sub(/^\.\//, "", p); print $1, $2, p }' | LC_ALL=C sort -k3
}
paths() { awk '{ print $3 }' | LC_ALL=C sort; }

# contents_check NAME GOT WANT: the same lists, or what differs.
contents_check() {
	local d
	d=$(diff <(echo "$2") <(echo "$3") | grep '^[<>]' | head -n 8 | tr '\n' ' ')
	check "$1" "got (<) vs expected (>): $d" [ -z "$d" ]
}

dkms_c=$(contents "$out/$dkms_deb")
reader_c=$(contents "$out/$reader_deb")
dbg_c=$(contents "$out/$dbg_deb")

want=$( {
	echo "usr/src/sastrace-$ver/Kbuild"
	echo "usr/src/sastrace-$ver/dkms.conf"
	tree_files module | sed "s|^|usr/src/sastrace-$ver/|"
	echo usr/share/doc/sastrace-dkms/changelog.gz
	echo usr/share/doc/sastrace-dkms/copyright
} | LC_ALL=C sort)
contents_check "sastrace-dkms files" "$(echo "$dkms_c" | paths)" "$want"
junk=$(echo "$dkms_c" | paths | grep -E '\.(o|ko|cmd|mod|mod\.c|d|order|symvers)$|/\.[^/]*$|Makefile$' || true)
check "sastrace-dkms has no build products" "$(oneline "$junk")" [ -z "$junk" ]

want=$(printf '%s\n' usr/sbin/sastrace \
	etc/default/sastrace \
	lib/systemd/system/sastrace.service \
	usr/share/bash-completion/completions/sastrace \
	usr/share/doc/sastrace/README.md.gz \
	usr/share/doc/sastrace/changelog.gz \
	usr/share/doc/sastrace/copyright \
	usr/share/man/man4/sastrace.4.gz \
	usr/share/man/man8/sastrace.8.gz | LC_ALL=C sort)
contents_check "sastrace files" "$(echo "$reader_c" | paths)" "$want"
bad=$(echo "$dbg_c" | paths | grep -vE '^usr/lib/debug/\.build-id/[0-9a-f]{2}/[0-9a-f]+\.debug$|^usr/share/doc/sastrace-dbgsym$' || true)
check "sastrace-dbgsym holds the reader's debug symbols only" "$(oneline "$bad")" [ -z "$bad" ]

# Modes and owners: root's, 0644, but the reader (0755) and the dbgsym
# package's doc link.
odd=$(for c in "$dkms_c" "$reader_c" "$dbg_c"; do echo "$c"; done |
	awk '$2 != "root/root" || $1 != "-rw-r--r--"' | LC_ALL=C sort -k3)
want="-rwxr-xr-x root/root usr/sbin/sastrace
lrwxrwxrwx root/root usr/share/doc/sastrace-dbgsym"
check "modes and owners: root/root, 0644 but for the reader (0755)" \
	"$(diff <(echo "$odd") <(echo "$want") | grep '^[<>]' | head -n 4 | tr '\n' ' ')" \
	[ "$odd" = "$want" ]

# --- versions --------------------------------------------------------------
x=$tmp/x
mkdir -p "$x/dkms" "$x/reader"
dpkg-deb -x "$out/$dkms_deb" "$x/dkms"
dpkg-deb -x "$out/$reader_deb" "$x/reader"
psrc=$x/dkms/usr/src/sastrace-$ver

chver=$(dpkg-parsechangelog -l "$repo/debian/changelog" -S Version)
check "version: debian/changelog = dkms.conf ($ver)" "changelog says $chver" [ "$chver" = "$ver" ]
for d in "$out"/*.deb; do
	v=$(dpkg-deb -f "$d" Version)
	check "version: $(basename "$d") = $ver" "its Version is $v" [ "$v" = "$ver" ]
done
v=$(sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$/\1/p' "$psrc/dkms.conf" 2>/dev/null)
check "version: the packaged dkms.conf = $ver" "it says '$v'" [ "$v" = "$ver" ]
v=$(sed -n 's/^PACKAGE_NAME="\([^"]*\)"$/\1/p' "$psrc/dkms.conf" 2>/dev/null)
check "the packaged dkms.conf names sastrace" "it says '$v'" [ "$v" = sastrace ]

# What the packaged Kbuild passes the module's compiler: read as kbuild
# reads it, from where it is installed.
printf 'print:\n\t@:\n$(info $(CFLAGS_module/main.o))\n' >"$tmp/print.mk"
flags=$(make -s --no-print-directory -C "$psrc" -f Kbuild -f "$tmp/print.mk" src=. print 2>&1)
check "version: the packaged module sources build version $ver" "Kbuild's CFLAGS_module/main.o: $flags" \
	grep -qF -- "-DSASTRACE_PKG_VERSION='\"$ver\"'" <<<"$flags"
check "the packaged module declares MODULE_VERSION(SASTRACE_PKG_VERSION)" "not in module/main.c" \
	grep -q '^MODULE_VERSION(SASTRACE_PKG_VERSION);$' "$psrc/module/main.c"

v=$("$x/reader/usr/sbin/sastrace" --version 2>&1)
check "version: the packaged sastrace --version says $ver" "it says '$v'" [ "$v" = "sastrace $ver" ]

# --- relations, maintainer scripts, hardening --------------------------------
dep=$(dpkg-deb -f "$out/$dkms_deb" Depends)
check "sastrace-dkms depends on dkms" "Depends: $dep" grep -qE '(^|, )dkms( |,|$)' <<<"$dep"
dep=$(dpkg-deb -f "$out/$reader_deb" Depends)
check "sastrace depends on libkmod, libelf and libsystemd" "Depends: $dep" \
	bash -c '[[ $1 == *libkmod2* && $1 == *libelf1* && $1 == *libsystemd0* ]]' _ "$dep"
check "/etc/default/sastrace is a conffile" "conffiles: $(dpkg-deb -I "$out/$reader_deb" conffiles 2>&1 | tr '\n' ' ')" \
	bash -c 'dpkg-deb -I "$1" conffiles | grep -qx /etc/default/sastrace' _ "$out/$reader_deb"

# The unit: installed as debian/sastrace.service says, not enabled or
# started on install (deb-systemd-helper update-state only), its commands
# the packaged reader's.
unit=$x/reader/lib/systemd/system/sastrace.service
check "sastrace.service is debian/sastrace.service" "differs" \
	cmp -s "$unit" "$repo/debian/sastrace.service"
for k in "ExecStartPre=/bin/sh -c 'test -d /sys/module/sastrace || exec /usr/sbin/sastrace load \"\$\$@\"' " \
	'ExecStart=/usr/sbin/sastrace trace --journal ' \
	"ExecStopPost=-/bin/sh -c 'test \"\$\$SERVICE_RESULT\" != success || exec /usr/sbin/sastrace unload'" \
	'Restart=on-failure' \
	'CapabilityBoundingSet=CAP_SYS_MODULE' 'EnvironmentFile=-/etc/default/sastrace' \
	'WantedBy=multi-user.target'; do
	check "sastrace.service: $k" "not in the unit" grep -q "^$k" "$unit"
done
if command -v systemd-analyze >/dev/null; then
	# Only the unit's own syntax: the reader is not installed here.
	v=$(systemd-analyze verify "$unit" 2>&1 | grep -v 'is not executable\|Command .man ' || true)
	check "systemd-analyze verify sastrace.service" "$(oneline "$v")" [ -z "$v" ]
fi
mkdir -p "$x/rctl"
dpkg-deb -e "$out/$reader_deb" "$x/rctl"
check "sastrace postinst registers the unit (deb-systemd-helper update-state)" "not found" \
	grep -q "deb-systemd-helper update-state 'sastrace.service'" "$x/rctl/postinst"
# dh_installsystemd --no-enable: enable only re-creates an admin's
# symlinks (under debian-installed); deb-systemd-invoke start leaves a
# disabled unit alone.
check "sastrace postinst enables the unit only where an admin had" "no debian-installed guard" \
	grep -q "if deb-systemd-helper debian-installed 'sastrace.service'; then" "$x/rctl/postinst"
check "sastrace postinst: no first-install enable (was-enabled defaults to true)" "it has one" \
	bash -c '! grep -q "new installations run enable" "$1"' _ "$x/rctl/postinst"
check "sastrace postrm purges the unit's state" "not found" \
	grep -q "deb-systemd-helper purge 'sastrace.service'" "$x/rctl/postrm"
check "sastrace postrm removes the metrics file" "not found" \
	grep -q 'rm -f /var/lib/prometheus/node-exporter/sastrace.prom' "$x/rctl/postrm"

mkdir -p "$x/ctl"
dpkg-deb -e "$out/$dkms_deb" "$x/ctl"
for s in postinst prerm; do
	check "sastrace-dkms $s hands sastrace/$ver to DKMS" "not in its $s" \
		grep -qx "DKMS_VERSION=$ver" "$x/ctl/$s"
done
check "sastrace-dkms postinst runs dkms's common.postinst" "not found" \
	grep -q '/usr/lib/dkms/common.postinst' "$x/ctl/postinst"
check "sastrace-dkms prerm removes every build (dkms remove --all)" "not found" \
	grep -q 'dkms remove -m $DKMS_NAME -v $DKMS_VERSION --all' "$x/ctl/prerm"

bin=$x/reader/usr/sbin/sastrace
check "sastrace is PIE" "ELF type $(readelf -h "$bin" | sed -n 's/ *Type: *//p')" \
	grep -q 'DYN' <<<"$(readelf -h "$bin")"
check "sastrace has full RELRO (GNU_RELRO, BIND_NOW)" "missing" \
	bash -c 'readelf -lW "$1" | grep -q GNU_RELRO && readelf -dW "$1" | grep -qE "BIND_NOW|FLAGS_1.*NOW"' _ "$bin"
check "sastrace has the stack protector and fortified calls" "no __stack_chk_fail / __*_chk" \
	bash -c 'readelf -sW --dyn-syms "$1" > "$2" && grep -q __stack_chk_fail "$2" && grep -qE "__[a-z_]+_chk" "$2"' \
	_ "$bin" "$tmp/syms"

echo "# deb-test.sh: $npass passed, $nfail failed"
[[ $nfail -eq 0 ]]
