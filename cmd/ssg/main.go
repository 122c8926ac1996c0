// Command ssg builds static film-review blogs. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C asks the command to stop; a second ends it at
		// once, even one waiting in a system call (a file that never
		// finishes reading), which no context can interrupt.
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err == nil {
		return
	}
	var u usageError
	if !errors.As(err, &u) || !u.printed {
		fmt.Fprintln(os.Stderr, err)
	}
	if errors.As(err, &u) {
		os.Exit(2)
	}
	os.Exit(1)
}
