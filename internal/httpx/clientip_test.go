package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/haizhi-dev/haizhi/internal/httpx"
)

func TestIPResolver(t *testing.T) {
	proxies := httpx.IPResolver{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("fd00::/8"),
	}}
	tests := []struct {
		name     string
		resolver httpx.IPResolver
		remote   string
		xff      []string
		want     string
	}{
		{"no proxies, no header", httpx.IPResolver{}, "203.0.113.7:5555", nil, "203.0.113.7"},
		{"no proxies trusted: header ignored", httpx.IPResolver{}, "203.0.113.7:5555", []string{"1.2.3.4"}, "203.0.113.7"},
		{"spoofed from untrusted peer", proxies, "203.0.113.7:5555", []string{"10.1.1.1, 1.2.3.4"}, "203.0.113.7"},
		{"trusted proxy", proxies, "10.0.0.2:443", []string{"198.51.100.9"}, "198.51.100.9"},
		{"trusted proxy without header", proxies, "10.0.0.2:443", nil, "10.0.0.2"},
		{"client forges leftmost entries", proxies, "10.0.0.2:443", []string{"1.1.1.1, 198.51.100.9"}, "198.51.100.9"},
		{"chain of trusted proxies", proxies, "10.0.0.2:443", []string{"198.51.100.9, 10.0.0.5, 10.0.0.3"}, "198.51.100.9"},
		{"several headers form one list", proxies, "10.0.0.2:443", []string{"1.1.1.1, 198.51.100.9", "10.0.0.5"}, "198.51.100.9"},
		{"every hop trusted: leftmost", proxies, "10.0.0.2:443", []string{"10.0.0.9, 10.0.0.5"}, "10.0.0.9"},
		{"garbage hop stops at proxy that wrote it", proxies, "10.0.0.2:443", []string{"1.1.1.1, nonsense, 10.0.0.5"}, "10.0.0.5"},
		{"garbage only", proxies, "10.0.0.2:443", []string{"nonsense"}, "10.0.0.2"},
		{"hop with port", proxies, "10.0.0.2:443", []string{"198.51.100.9:1234"}, "198.51.100.9"},
		{"ipv6 peer untrusted", proxies, "[2001:db8::1]:443", []string{"1.2.3.4"}, "2001:db8::1"},
		{"ipv6 trusted proxy", proxies, "[fd00::1]:443", []string{"2001:db8::7"}, "2001:db8::7"},
		{"ipv6 hop in brackets with port", proxies, "10.0.0.2:443", []string{"[2001:db8::7]:99"}, "2001:db8::7"},
		{"ipv4-mapped peer matches ipv4 prefix", proxies, "[::ffff:10.0.0.2]:443", []string{"198.51.100.9"}, "198.51.100.9"},
		{"empty entries skipped", proxies, "10.0.0.2:443", []string{"198.51.100.9, , "}, "198.51.100.9"},
		{"remote without port", proxies, "203.0.113.7", nil, "203.0.113.7"},
		{"unix socket", proxies, "@", nil, "@"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if got := tt.resolver.IP(req); got != tt.want {
				t.Errorf("IP() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClientIPMiddleware(t *testing.T) {
	var got string
	h := httpx.ClientIP(httpx.IPResolver{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = httpx.ClientIPFrom(r.Context())
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "192.0.2.10:1234"
	req.Header.Set("X-Forwarded-For", "6.6.6.6")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "192.0.2.10" {
		t.Errorf("ClientIPFrom = %q, want 192.0.2.10", got)
	}
	if ip := httpx.ClientIPFrom(t.Context()); ip != "" {
		t.Errorf("ClientIPFrom(empty) = %q, want \"\"", ip)
	}
}
