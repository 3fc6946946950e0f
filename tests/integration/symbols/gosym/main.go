// SPDX-License-Identifier: GPL-2.0

// gosym: a static Go program (CGO_ENABLED=0) for the symbols test. The Go
// runtime installs a signal stack with sigaltstack on every thread it
// starts (runtime.sigaltstack, from minit); signal.Notify makes it start
// its signal-handling thread too. It exits at once: the reader only reads
// the records afterwards.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	signal.Stop(c)
	os.Exit(0)
}
