#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The KUnit + debug test kernels, built once and cached by source version +
# config + compiler, rebuilt only when one of them changes:
#
#   kernel.sh [debug]   Debian's linux-source-6.1, tinyconfig plus
#                       tests/kunit/kernel.config (lockdep, KASAN, UBSAN,
#                       kmemleak, atomic-sleep checks, fault injection)
#   kernel.sh debug-rt  Debian's linux-source-6.12, the same plus
#                       tests/kunit/kernel-rt.config: PREEMPT_RT, where
#                       spinlocks sleep and most irq_work runs in a thread,
#                       under the same checks (Debian's -rt kernels have
#                       neither lockdep nor DEBUG_ATOMIC_SLEEP)
#
# Each builds if needed, then prints KVER=... VMLINUZ=... KDIR=...
#
# Cache: $SASTRACE_CACHE (default /var/cache/sastrace)/kunit-kernel/<hash>/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
lib=$here/../lib
CACHE=${SASTRACE_CACHE:-/var/cache/sastrace}
die() { echo "kunit/kernel.sh: $*" >&2; exit 1; }

flavour=${1:-debug}
configs=("$here/kernel.config")
case $flavour in
debug) src=6.1 ;;
debug-rt) src=6.12 configs+=("$here/kernel-rt.config") ;;
*) die "usage: $0 [debug|debug-rt]" ;;
esac
tarball=$("$lib/kernels.sh" source "$src")
ver=$(basename "$(dirname "$tarball")")
hash=$( { echo "$ver"; cat "${configs[@]}"; gcc --version | head -n1; } |
	sha256sum | cut -c1-16)
dest=$CACHE/kunit-kernel/$hash
tree=$dest/linux-source-$src

# One builder at a time (two `make check` runs share the cache).
mkdir -p "$CACHE/kunit-kernel"
exec 9>"$CACHE/kunit-kernel/.lock"
flock 9
if [[ ! -f $dest/.complete ]]; then
	rm -rf "$dest"
	mkdir -p "$dest"
	echo "kunit/kernel.sh: building the $flavour kernel ($ver, config $hash)" >&2
	start=$(date +%s)
	tar -xJf "$tarball" -C "$dest"
	make -s -C "$tree" tinyconfig >&2
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$tree" "$tree/.config" \
		"${configs[@]}" >&2
	make -s -C "$tree" olddefconfig >&2
	# Every option asked for, set or unset, must have survived
	# olddefconfig (a later fragment's word on an option wins, as in
	# merge_config.sh).
	declare -A want=()
	while read -r line; do
		case $line in
		CONFIG_*=*) opt=${line%%=*} ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *} ;;
		*) continue ;;
		esac
		want[$opt]=$line
	done < <(cat "${configs[@]}")
	for opt in "${!want[@]}"; do
		line=${want[$opt]}
		case $line in
		CONFIG_*=*) grep -qx "$line" "$tree/.config" ||
			die "$line did not stick (dependency missing?)" ;;
		*) ! grep -q "^$opt=" "$tree/.config" ||
			die "$opt is set, asked to be unset (selected by another option?)" ;;
		esac
	done
	make -s -C "$tree" -j"$(nproc)" bzImage modules >&2
	# CONFIG_MODULE_SIG: the build generated a throwaway signing key in the
	# cached tree (tests/integration/lockdown signs with it). It lives
	# only here, never in the repository.
	if grep -qx CONFIG_MODULE_SIG=y "$tree/.config"; then
		for f in certs/signing_key.pem certs/signing_key.x509 scripts/sign-file; do
			[[ -f $tree/$f ]] || die "module signing: no $f after the build"
		done
	fi
	echo "kunit/kernel.sh: built in $(($(date +%s) - start))s" >&2
	touch "$dest/.complete"
fi
kver=$(make -s -C "$tree" kernelrelease)
echo "KVER=$kver"
echo "VMLINUZ=$tree/arch/x86/boot/bzImage"
echo "KDIR=$tree"
