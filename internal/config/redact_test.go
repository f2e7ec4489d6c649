package config_test

import (
	"bytes"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/config"
)

func TestRedacted(t *testing.T) {
	tests := []struct {
		name   string
		change func(*config.Config)
		key    string
		want   string
	}{
		{"smtp password masked", func(c *config.Config) { c.SMTP.Password = "hunter2" }, "smtp-password", "xxxxx"},
		{"unset password stays empty", func(c *config.Config) {}, "smtp-password", ""},
		{"s3 secret masked", func(c *config.Config) { c.S3.SecretKey = "hunter2" }, "s3-secret-key", "xxxxx"},
		{"s3 access key shown", func(c *config.Config) { c.S3.AccessKey = "AKIA1" }, "s3-access-key", "AKIA1"},
		{"dsn password masked", func(c *config.Config) { c.DatabaseURL = "postgres://app:hunter2@db:5432/hz?sslmode=require" },
			"database-url", "postgres://app:xxxxx@db:5432/hz?sslmode=require"},
		{"dsn query password masked", func(c *config.Config) { c.DatabaseURL = "postgres://app@db/hz?password=hunter2&sslmode=require" },
			"database-url", "postgres://app@db/hz?password=xxxxx&sslmode=require"},
		{"dsn without password", func(c *config.Config) { c.DatabaseURL = "postgres://app@db/hz" }, "database-url", "postgres://app@db/hz"},
		{"unparsable dsn hidden", func(c *config.Config) { c.DatabaseURL = "postgres://app:hunter2@db:x/hz" }, "database-url", "(unparsable URL hidden)"},
		{"sqlite dsn", func(c *config.Config) { c.DatabaseURL = "sqlite:///var/hz.db" }, "database-url", "sqlite:///var/hz.db"},
		{"addr", func(c *config.Config) {}, "addr", "127.0.0.1:8080"},
		{"smtp port", func(c *config.Config) {}, "smtp-port", "587"},
		{"use ssl", func(c *config.Config) {}, "s3-use-ssl", "true"},
		{"proxies", func(c *config.Config) {
			c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
		}, "trusted-proxies", "10.0.0.0/8,fd00::/8"},
		{"lifetime", func(c *config.Config) {}, "session-lifetime", "12h0m0s"},
		{"max body", func(c *config.Config) {}, "max-body-bytes", "32MiB"},
		{"odd max body", func(c *config.Config) { c.MaxBodyBytes = 1000 }, "max-body-bytes", "1000"},
		{"grace", func(c *config.Config) { c.ShutdownGrace = 5 * time.Second }, "shutdown-grace", "5s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.change(&c)
			red := c.Redacted()
			if got, ok := red[tt.key]; !ok || got != tt.want {
				t.Errorf("Redacted()[%q] = %q (present %v), want %q", tt.key, got, ok, tt.want)
			}
			for k, v := range red {
				if strings.Contains(v, "hunter2") {
					t.Errorf("Redacted()[%q] = %q leaks the secret", k, v)
				}
			}
		})
	}
}

func TestRedactedHasEverySetting(t *testing.T) {
	red := config.Default().Redacted()
	for _, k := range []string{"addr", "data-dir", "database-url", "public-url", "trusted-proxies",
		"smtp-host", "smtp-port", "smtp-username", "smtp-password", "smtp-from", "smtp-tls",
		"s3-endpoint", "s3-bucket", "s3-access-key", "s3-secret-key", "s3-region", "s3-use-ssl",
		"log-format", "log-level", "session-lifetime", "max-body-bytes", "shutdown-grace", "chromium"} {
		if _, ok := red[k]; !ok {
			t.Errorf("Redacted() lacks %q", k)
		}
	}
	if len(red) != 23 {
		t.Errorf("Redacted() has %d keys, want 23", len(red))
	}
}

func TestLogValueHidesSecrets(t *testing.T) {
	c := config.Default()
	c.SMTP.Password, c.S3.SecretKey, c.DatabaseURL = "hunter2", "hunter3", "postgres://u:hunter4@db/hz"
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("config", "config", c)
	out := buf.String()
	for _, s := range []string{"hunter2", "hunter3", "hunter4"} {
		if strings.Contains(out, s) {
			t.Errorf("logged config leaks %s: %s", s, out)
		}
	}
	if !strings.Contains(out, `"smtp-password":"xxxxx"`) || !strings.Contains(out, `"addr":"127.0.0.1:8080"`) {
		t.Errorf("logged config lacks settings: %s", out)
	}
}

func TestNewLogger(t *testing.T) {
	tests := []struct {
		format, level string
		wantJSON      bool
		debugShown    bool
	}{
		{"json", "info", true, false},
		{"text", "debug", false, true},
		{"json", "error", true, false},
	}
	for _, tt := range tests {
		c := config.Default()
		c.LogFormat, c.LogLevel = tt.format, tt.level
		var buf bytes.Buffer
		l := c.NewLogger(&buf)
		l.Debug("dbg")
		l.Error("boom")
		out := buf.String()
		if strings.HasPrefix(out, "{") != tt.wantJSON {
			t.Errorf("%s/%s: output %q, want JSON %v", tt.format, tt.level, out, tt.wantJSON)
		}
		if strings.Contains(out, "dbg") != tt.debugShown {
			t.Errorf("%s/%s: debug shown = %v", tt.format, tt.level, !tt.debugShown)
		}
		if !strings.Contains(out, "boom") {
			t.Errorf("%s/%s: error not logged", tt.format, tt.level)
		}
	}
}
