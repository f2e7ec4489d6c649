package httpx

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Serve runs srv on ln until ctx is done, then shuts it down gracefully: it stops
// accepting connections, closes idle ones and waits up to grace for requests in flight to
// finish, after which it closes the rest. When ln is nil it listens on srv.Addr. It
// returns nil after a clean shutdown, the error that stopped the server early, or the
// shutdown error when grace ran out.
//
// Request contexts are not cancelled when ctx is done, so requests in flight can finish
// their database work; leave srv.BaseContext unset or independent of ctx for that. Long
// connections (server-sent events) should stop on their own: register a function with
// srv.RegisterOnShutdown to tell them.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", srv.Addr); err != nil {
			return fmt.Errorf("listen: %w", err)
		}
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		// Stopped before ctx was done: someone closed the server, or the listener failed.
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	// ctx is done already; the grace period needs a context of its own.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if err != nil {
		err = errors.Join(fmt.Errorf("shutdown: %w", err), srv.Close())
	}
	if serveErr := <-served; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, fmt.Errorf("serve: %w", serveErr))
	}
	return err
}
