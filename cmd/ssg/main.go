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
