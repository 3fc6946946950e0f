# SPDX-License-Identifier: GPL-2.0
# bash completion for sastrace(8): its commands (userspace/main.c's usage)
# and each command's options. Options without a command are trace's.

_sastrace()
{
	local cur prev words cword split
	_init_completion -s || return

	local cmds='trace load uprobe-param unload stats altstacks risks summary help'
	local cmd='' i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		trace | load | uprobe-param | unload | stats | altstacks | risks | summary | help)
			cmd=${words[i]}
			break
			;;
		-*) cmd=trace; break ;;
		esac
	done

	case $prev in
	--module)
		_filedir ko
		return
		;;
	--uprobe | --metrics-file)
		_filedir
		return
		;;
	--pid)
		_pids
		return
		;;
	--comm)
		_pnames
		return
		;;
	--cgroup)
		# A cgroup2 directory (/sys/fs/cgroup/...), or a path as printed.
		_filedir -d
		return
		;;
	--count | --buffer-kb | --metrics-interval | --duration)
		return
		;;
	esac
	$split && return

	local opts
	case $cmd in
	'') opts="$cmds --version --help --json --journal --pid --comm --cgroup --count --metrics-file --metrics-interval --no-symbols" ;;
	trace) opts='--json --journal --pid --comm --cgroup --count --metrics-file --metrics-interval --no-symbols --help' ;;
	load) opts='--buffer-kb --module --uprobe --no-libc --sigaction --help' ;;
	uprobe-param) opts='--uprobe --no-libc --help' ;;
	altstacks | risks) opts='--json --help' ;;
	summary) opts='--duration --pid --comm --cgroup --json --help' ;;
	stats) opts='--prometheus --help' ;;
	unload) opts='--help' ;;
	*) return ;;
	esac
	mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
} &&
	complete -F _sastrace sastrace

# ex: filetype=sh
