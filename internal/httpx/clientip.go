package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// IPResolver finds the address of the client behind any reverse proxies Haizhi trusts.
type IPResolver struct {
	// TrustedProxies are the networks of the reverse proxies (load balancers) in front of
	// Haizhi. Only a peer inside one of them may tell us the client's address through
	// X-Forwarded-For; from anyone else the header is ignored, because anyone can send it.
	TrustedProxies []netip.Prefix
}

// IP returns the client address of req as a string. When the peer (req.RemoteAddr) is a
// trusted proxy it walks X-Forwarded-For from the right, skipping trusted proxies, and
// returns the first address that is not trusted: each proxy appends the address it saw, so
// entries to the left of that one may be forged by the client. When every entry is trusted
// it returns the leftmost. An entry that is not an IP address ends the walk at the proxy
// that wrote it. Otherwise IP returns the peer's address without its port.
func (r IPResolver) IP(req *http.Request) string {
	peer, ok := parseHostAddr(req.RemoteAddr)
	if !ok {
		// Not an IP (a Unix socket, or a test that set something odd): report it as is.
		if host, _, err := net.SplitHostPort(req.RemoteAddr); err == nil {
			return host
		}
		return req.RemoteAddr
	}
	if !r.trusted(peer) {
		return peer.String()
	}
	client := peer
	hops := req.Header.Values("X-Forwarded-For")
	// Several X-Forwarded-For headers form one list, in order.
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			hop := strings.TrimSpace(parts[j])
			if hop == "" {
				continue
			}
			addr, ok := parseHostAddr(hop)
			if !ok {
				return client.String()
			}
			client = addr
			if !r.trusted(addr) {
				return addr.String()
			}
		}
	}
	return client.String()
}

func (r IPResolver) trusted(addr netip.Addr) bool {
	for _, p := range r.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// parseHostAddr parses "ip", "ip:port" or "[ipv6]:port", dropping any zone and unmapping
// IPv4-in-IPv6 so that IPv4 prefixes match.
func parseHostAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

type clientIPKey struct{}

// ClientIP returns middleware that resolves the client address with resolver and stores it
// in the request context (see ClientIPFrom).
func ClientIP(resolver IPResolver) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), clientIPKey{}, resolver.IP(r))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// ClientIPFrom returns the client address stored by ClientIP, or "" when there is none.
func ClientIPFrom(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}
