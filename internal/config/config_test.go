package config_test

import (
	"bytes"
	"flag"
	"io"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/config"
)

// env returns a getenv over m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefault(t *testing.T) {
	c := config.Default()
	want := config.Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./data",
		SMTP:            config.SMTP{Port: 587, TLS: "starttls"},
		S3:              config.S3{UseSSL: true},
		LogFormat:       "json",
		LogLevel:        "info",
		SessionLifetime: 12 * time.Hour,
		MaxBodyBytes:    32 << 20,
		ShutdownGrace:   20 * time.Second,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Default() = %+v, want %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	if c.PublicURL != "http://127.0.0.1:8080" {
		t.Errorf("derived PublicURL = %q", c.PublicURL)
	}
	if c.Dialect() != "sqlite" || c.SQLitePath() != "data/haizhi.db" || c.BlobDir() != "data/blobs" {
		t.Errorf("dialect %q, SQLite path %q, blob dir %q", c.Dialect(), c.SQLitePath(), c.BlobDir())
	}
}

func TestLoadEnv(t *testing.T) {
	tests := []struct {
		env   string
		value string
		get   func(config.Config) any
		want  any
	}{
		{"HAIZHI_ADDR", ":9090", func(c config.Config) any { return c.Addr }, ":9090"},
		{"HAIZHI_DATA_DIR", "/var/lib/haizhi", func(c config.Config) any { return c.DataDir }, "/var/lib/haizhi"},
		{"HAIZHI_DATABASE_URL", "postgres://u:p@db/haizhi", func(c config.Config) any { return c.DatabaseURL }, "postgres://u:p@db/haizhi"},
		{"HAIZHI_PUBLIC_URL", "https://haizhi.example.org", func(c config.Config) any { return c.PublicURL }, "https://haizhi.example.org"},
		{"HAIZHI_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7 ,fd00::/8,", func(c config.Config) any { return c.TrustedProxies },
			[]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32"), netip.MustParsePrefix("fd00::/8")}},
		{"HAIZHI_TRUSTED_PROXIES", "10.1.2.3/8", func(c config.Config) any { return c.TrustedProxies },
			[]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
		{"HAIZHI_SMTP_HOST", "smtp.example.org", func(c config.Config) any { return c.SMTP.Host }, "smtp.example.org"},
		{"HAIZHI_SMTP_PORT", "465", func(c config.Config) any { return c.SMTP.Port }, 465},
		{"HAIZHI_SMTP_USERNAME", "mailer", func(c config.Config) any { return c.SMTP.Username }, "mailer"},
		{"HAIZHI_SMTP_PASSWORD", "s3cret", func(c config.Config) any { return c.SMTP.Password }, "s3cret"},
		{"HAIZHI_SMTP_FROM", "海智 <noreply@example.org>", func(c config.Config) any { return c.SMTP.From }, "海智 <noreply@example.org>"},
		{"HAIZHI_SMTP_TLS", "tls", func(c config.Config) any { return c.SMTP.TLS }, "tls"},
		{"HAIZHI_S3_ENDPOINT", "minio:9000", func(c config.Config) any { return c.S3.Endpoint }, "minio:9000"},
		{"HAIZHI_S3_BUCKET", "haizhi", func(c config.Config) any { return c.S3.Bucket }, "haizhi"},
		{"HAIZHI_S3_ACCESS_KEY", "AKIA", func(c config.Config) any { return c.S3.AccessKey }, "AKIA"},
		{"HAIZHI_S3_SECRET_KEY", "shh", func(c config.Config) any { return c.S3.SecretKey }, "shh"},
		{"HAIZHI_S3_REGION", "cn-north-1", func(c config.Config) any { return c.S3.Region }, "cn-north-1"},
		{"HAIZHI_S3_USE_SSL", "false", func(c config.Config) any { return c.S3.UseSSL }, false},
		{"HAIZHI_LOG_FORMAT", "text", func(c config.Config) any { return c.LogFormat }, "text"},
		{"HAIZHI_LOG_LEVEL", "debug", func(c config.Config) any { return c.LogLevel }, "debug"},
		{"HAIZHI_SESSION_LIFETIME", "90m", func(c config.Config) any { return c.SessionLifetime }, 90 * time.Minute},
		{"HAIZHI_MAX_BODY_BYTES", "1048576", func(c config.Config) any { return c.MaxBodyBytes }, int64(1 << 20)},
		{"HAIZHI_MAX_BODY_BYTES", "64MiB", func(c config.Config) any { return c.MaxBodyBytes }, int64(64 << 20)},
		{"HAIZHI_MAX_BODY_BYTES", "512 kib", func(c config.Config) any { return c.MaxBodyBytes }, int64(512 << 10)},
		{"HAIZHI_MAX_BODY_BYTES", "5MB", func(c config.Config) any { return c.MaxBodyBytes }, int64(5_000_000)},
		{"HAIZHI_MAX_BODY_BYTES", "1GiB", func(c config.Config) any { return c.MaxBodyBytes }, int64(1 << 30)},
		{"HAIZHI_SHUTDOWN_GRACE", "5s", func(c config.Config) any { return c.ShutdownGrace }, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			c := config.Default()
			if err := c.LoadEnv(env(map[string]string{tt.env: tt.value})); err != nil {
				t.Fatalf("LoadEnv: %v", err)
			}
			if got := tt.get(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestLoadEnvEmptyKeepsDefault(t *testing.T) {
	c := config.Default()
	if err := c.LoadEnv(env(map[string]string{"HAIZHI_ADDR": "", "HAIZHI_SMTP_PORT": ""})); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.SMTP.Port != 587 {
		t.Errorf("empty variables changed defaults: %q %d", c.Addr, c.SMTP.Port)
	}
}

func TestLoadEnvErrors(t *testing.T) {
	tests := []struct {
		env, value, want string
	}{
		{"HAIZHI_SMTP_PORT", "abc", `HAIZHI_SMTP_PORT: "abc" is not a whole number`},
		{"HAIZHI_S3_USE_SSL", "maybe", `HAIZHI_S3_USE_SSL: "maybe" is not true or false`},
		{"HAIZHI_SESSION_LIFETIME", "12 hours", `HAIZHI_SESSION_LIFETIME: "12 hours" is not a duration (use a number and a unit, e.g. 12h, 30m or 90s)`},
		{"HAIZHI_SHUTDOWN_GRACE", "20", `HAIZHI_SHUTDOWN_GRACE: "20" is not a duration (use a number and a unit, e.g. 12h, 30m or 90s)`},
		{"HAIZHI_MAX_BODY_BYTES", "lots", `HAIZHI_MAX_BODY_BYTES: "lots" is not a size (use bytes or a unit, e.g. 512KiB, 32MiB or 1GiB)`},
		{"HAIZHI_MAX_BODY_BYTES", "9999999999GiB", `HAIZHI_MAX_BODY_BYTES: "9999999999GiB" is not a size (use bytes or a unit, e.g. 512KiB, 32MiB or 1GiB)`},
		{"HAIZHI_TRUSTED_PROXIES", "10.0.0.0/33", `HAIZHI_TRUSTED_PROXIES: "10.0.0.0/33" is not a CIDR range (e.g. 10.0.0.0/8 or fd00::/8)`},
		{"HAIZHI_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local", `HAIZHI_TRUSTED_PROXIES: "proxy.local" is not a CIDR range (e.g. 10.0.0.0/8 or fd00::/8)`},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			c := config.Default()
			err := c.LoadEnv(env(map[string]string{tt.env: tt.value}))
			if err == nil || err.Error() != tt.want {
				t.Errorf("LoadEnv error = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestLoadEnvReportsEveryError(t *testing.T) {
	c := config.Default()
	err := c.LoadEnv(env(map[string]string{"HAIZHI_SMTP_PORT": "x", "HAIZHI_SESSION_LIFETIME": "y"}))
	if err == nil || strings.Count(err.Error(), "\n") != 1 {
		t.Errorf("LoadEnv error = %v, want two lines", err)
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"default", nil, nil, "127.0.0.1:8080"},
		{"env over default", map[string]string{"HAIZHI_ADDR": ":7000"}, nil, ":7000"},
		{"flag over env", map[string]string{"HAIZHI_ADDR": ":7000"}, []string{"--addr", ":7001"}, ":7001"},
		{"flag over default", nil, []string{"-addr=:7002"}, ":7002"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("haizhi", flag.ContinueOnError)
			c, err := config.Load(fs, tt.args, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.Addr != tt.want {
				t.Errorf("Addr = %q, want %q", c.Addr, tt.want)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	c := config.Default()
	if err := c.LoadEnv(env(map[string]string{
		"HAIZHI_SMTP_PORT":     "2525",
		"HAIZHI_DATABASE_URL":  "postgres://app:hunter2@db/haizhi",
		"HAIZHI_SMTP_PASSWORD": "smtp-secret",
	})); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("haizhi", flag.ContinueOnError)
	var help bytes.Buffer
	fs.SetOutput(&help)
	c.RegisterFlags(fs)
	err := fs.Parse([]string{
		"--data-dir=/srv/haizhi", "--public-url", "https://hz.example.org/", "--trusted-proxies", "10.0.0.0/8",
		"--smtp-host", "mail.example.org", "--smtp-from", "noreply@example.org", "--smtp-tls", "none",
		"--s3-endpoint", "minio:9000", "--s3-bucket", "b", "--s3-use-ssl=false", "--log-format", "text", "--log-level", "warn",
		"--session-lifetime", "1h", "--max-body-bytes", "10MiB", "--shutdown-grace", "3s", "rest",
	})
	if err != nil {
		t.Fatal(err)
	}
	if fs.Arg(0) != "rest" || c.DataDir != "/srv/haizhi" || c.SMTP.Port != 2525 || c.SMTP.TLS != "none" || c.S3.UseSSL ||
		c.LogFormat != "text" || c.LogLevel != "warn" || c.SessionLifetime != time.Hour || c.MaxBodyBytes != 10<<20 ||
		c.ShutdownGrace != 3*time.Second || len(c.TrustedProxies) != 1 {
		t.Errorf("after flags: %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.PublicURL != "https://hz.example.org" || !c.HTTPS() || c.Origin() != "https://hz.example.org" {
		t.Errorf("PublicURL %q HTTPS %v Origin %q", c.PublicURL, c.HTTPS(), c.Origin())
	}
	for _, secret := range []string{"smtp-password", "s3-secret-key"} {
		if fs.Lookup(secret) != nil {
			t.Errorf("secret %s has a flag; it would show in the process list", secret)
		}
	}
	fs.PrintDefaults()
	if strings.Contains(help.String(), "hunter2") || strings.Contains(help.String(), "smtp-secret") {
		t.Errorf("-help shows a secret:\n%s", help.String())
	}
	if !strings.Contains(help.String(), "HAIZHI_SMTP_PORT") || !strings.Contains(help.String(), `(default 2525`) {
		t.Errorf("-help does not show the variable and the default from the environment:\n%s", help.String())
	}
}

func TestLoadErrors(t *testing.T) {
	fs := flag.NewFlagSet("haizhi", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := config.Load(fs, nil, env(map[string]string{"HAIZHI_SMTP_PORT": "x"})); err == nil {
		t.Error("Load with a bad variable returned nil")
	}
	fs = flag.NewFlagSet("haizhi", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := config.Load(fs, []string{"--smtp-port", "x"}, env(nil)); err == nil {
		t.Error("Load with a bad flag returned nil")
	}
	fs = flag.NewFlagSet("haizhi", flag.ContinueOnError)
	if _, err := config.Load(fs, nil, env(map[string]string{"HAIZHI_LOG_LEVEL": "loud"})); err == nil {
		t.Error("Load with an invalid value returned nil")
	}
}
