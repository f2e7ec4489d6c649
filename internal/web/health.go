package web

import (
	"context"
	"net/http"
	"time"

	"github.com/haizhi-dev/haizhi/internal/httpx"
)

// healthz says the process is up. It touches nothing else, so a load balancer does not
// take a node out because the database blinked.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	_ = httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.opts.Version})
}

// readyz says the node can serve: the database answers and every migration is applied.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.opts.Ready(ctx); err != nil {
			_ = httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
	}
	_ = httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
