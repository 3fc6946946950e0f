// SPDX-License-Identifier: GPL-2.0

// gosig: a static Go program (CGO_ENABLED=0) for the sigaction test. The Go
// runtime installs its signal handlers (runtime.sigtramp, SA_ONSTACK |
// SA_SIGINFO) at start and a signal stack on every thread it starts
// (sigaltstack in minit); this program only makes it start some threads and
// says what it observed, through raw system calls (the runtime's own view
// is not exported):
//
//	pid P
//	handler SIG H F    (rt_sigaction queries for SIGSEGV, SIGBUS, SIGILL,
//	                    SIGFPE, SIGTRAP: handler and flags, hex)
//	altstack TID SP SIZE FLAGS    (a sigaltstack query on each of the
//	                    threads it locked, hex: its installed stack)
//	tasks TID...        (/proc/self/task at the end)
//
// Exit 0, or 1 with a line saying what failed.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"unsafe"
)

// The kernel's struct sigaction (x86-64 and arm64: handler, flags,
// restorer, mask) and stack_t.
type ksigaction struct {
	handler, flags, restorer, mask uint64
}

type stackT struct {
	sp    uint64
	flags int32
	_     int32
	size  uint64
}

const threads = 4

func main() {
	fmt.Printf("pid %d\n", os.Getpid())
	for _, s := range []syscall.Signal{syscall.SIGSEGV, syscall.SIGBUS,
		syscall.SIGILL, syscall.SIGFPE, syscall.SIGTRAP} {
		var old ksigaction
		_, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(s), 0,
			uintptr(unsafe.Pointer(&old)), 8, 0, 0)
		if e != 0 {
			fmt.Printf("rt_sigaction(%d) query: %v\n", s, e)
			os.Exit(1)
		}
		fmt.Printf("handler %d %x %x\n", s, old.handler, old.flags)
	}
	// Goroutines each locked to a thread of their own: the runtime starts
	// threads for them (each installs its signal stack first).
	// They never return: a goroutine that ends locked ends its thread,
	// whose signal stack the runtime then disables (sigaltstack with
	// SS_DISABLE); the exit takes them all at once.
	var ready sync.WaitGroup
	block := make(chan struct{})
	lines := make([]string, threads)
	ready.Add(threads)
	for i := 0; i < threads; i++ {
		go func(i int) {
			runtime.LockOSThread()
			var st stackT
			_, _, e := syscall.RawSyscall(syscall.SYS_SIGALTSTACK, 0,
				uintptr(unsafe.Pointer(&st)), 0)
			if e != 0 {
				lines[i] = fmt.Sprintf("sigaltstack query: %v", e)
			} else {
				lines[i] = fmt.Sprintf("altstack %d %x %x %x", syscall.Gettid(),
					st.sp, st.size, st.flags)
			}
			ready.Done()
			<-block
		}(i)
	}
	ready.Wait()
	for _, l := range lines {
		fmt.Println(l)
	}
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		fmt.Println("/proc/self/task:", err)
		os.Exit(1)
	}
	tids := []int{}
	for _, e := range ents {
		if t, err := strconv.Atoi(e.Name()); err == nil {
			tids = append(tids, t)
		}
	}
	sort.Ints(tids)
	fmt.Print("tasks")
	for _, t := range tids {
		fmt.Printf(" %d", t)
	}
	fmt.Println()
}
