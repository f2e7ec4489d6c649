package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/config"
)

func TestValidateFailures(t *testing.T) {
	tests := []struct {
		name   string
		change func(*config.Config)
		want   string
	}{
		{"addr without port", func(c *config.Config) { c.Addr = "localhost" },
			`HAIZHI_ADDR: "localhost" is not host:port (e.g. 127.0.0.1:8080 or :8080)`},
		{"addr bad port", func(c *config.Config) { c.Addr = ":99999" },
			`HAIZHI_ADDR: "99999" is not a port number (0-65535)`},
		{"addr named port", func(c *config.Config) { c.Addr = ":http" },
			`HAIZHI_ADDR: "http" is not a port number (0-65535)`},
		{"unsupported scheme", func(c *config.Config) { c.DatabaseURL = "mysql://u:p@h/db" },
			`HAIZHI_DATABASE_URL: unsupported scheme "mysql" (use postgres:// or leave empty for SQLite)`},
		{"no scheme", func(c *config.Config) { c.DatabaseURL = "/var/lib/haizhi.db" },
			`HAIZHI_DATABASE_URL: not a URL (use postgres://…, sqlite:///path/file.db or file:path, or leave empty for SQLite in the data directory)`},
		{"keyword DSN", func(c *config.Config) { c.DatabaseURL = "host=db password=hunter2" },
			`HAIZHI_DATABASE_URL: not a URL (use postgres://…, sqlite:///path/file.db or file:path, or leave empty for SQLite in the data directory)`},
		{"malformed postgres", func(c *config.Config) { c.DatabaseURL = "postgres://u:hunter2@db:port/x" },
			`HAIZHI_DATABASE_URL: malformed URL: invalid port ":port" after host`},
		{"postgres without slashes", func(c *config.Config) { c.DatabaseURL = "postgres:db" },
			`HAIZHI_DATABASE_URL: malformed URL: write postgres://user:password@host:port/database`},
		{"sqlite without slashes", func(c *config.Config) { c.DatabaseURL = "sqlite:x.db" },
			`HAIZHI_DATABASE_URL: malformed URL: write sqlite:///path/file.db`},
		{"sqlite without path", func(c *config.Config) { c.DatabaseURL = "sqlite://" },
			`HAIZHI_DATABASE_URL: no file path (e.g. sqlite:///var/lib/haizhi/haizhi.db)`},
		{"file without path", func(c *config.Config) { c.DatabaseURL = "file:?mode=ro" },
			`HAIZHI_DATABASE_URL: no file path (e.g. sqlite:///var/lib/haizhi/haizhi.db)`},
		{"empty data dir", func(c *config.Config) { c.DataDir = "" },
			`HAIZHI_DATA_DIR: must not be empty (the database or attachments are kept there)`},
		{"public url relative", func(c *config.Config) { c.PublicURL = "haizhi.example.org" },
			`HAIZHI_PUBLIC_URL: "haizhi.example.org" must be an absolute http:// or https:// URL (e.g. https://haizhi.example.org)`},
		{"public url ftp", func(c *config.Config) { c.PublicURL = "ftp://haizhi.example.org" },
			`HAIZHI_PUBLIC_URL: "ftp://haizhi.example.org" must be an absolute http:// or https:// URL (e.g. https://haizhi.example.org)`},
		{"public url no host", func(c *config.Config) { c.PublicURL = "https:///x" },
			`HAIZHI_PUBLIC_URL: "https:///x" must be an absolute http:// or https:// URL (e.g. https://haizhi.example.org)`},
		{"public url with user", func(c *config.Config) { c.PublicURL = "https://me:pw@haizhi.example.org" },
			`HAIZHI_PUBLIC_URL: must not contain a user name or password`},
		{"public url with query", func(c *config.Config) { c.PublicURL = "https://haizhi.example.org/?a=1" },
			`HAIZHI_PUBLIC_URL: "https://haizhi.example.org/?a=1" must not have a query or fragment`},
		{"smtp host with port", func(c *config.Config) { c.SMTP.Host, c.SMTP.From = "smtp.example.org:25", "a@example.org" },
			`HAIZHI_SMTP_HOST: "smtp.example.org:25" includes a port; give the port in HAIZHI_SMTP_PORT`},
		{"smtp without from", func(c *config.Config) { c.SMTP.Host = "smtp.example.org" },
			`HAIZHI_SMTP_FROM: required when HAIZHI_SMTP_HOST is set (e.g. "Haizhi <noreply@example.org>")`},
		{"smtp bad from", func(c *config.Config) { c.SMTP.From = "noreply" },
			`HAIZHI_SMTP_FROM: "noreply" is not an email address`},
		{"smtp port zero", func(c *config.Config) { c.SMTP.Port = 0 },
			`HAIZHI_SMTP_PORT: 0 is not a port number (1-65535)`},
		{"smtp port high", func(c *config.Config) { c.SMTP.Port = 70000 },
			`HAIZHI_SMTP_PORT: 70000 is not a port number (1-65535)`},
		{"smtp tls", func(c *config.Config) { c.SMTP.TLS = "ssl" },
			`HAIZHI_SMTP_TLS: "ssl" is not starttls, tls or none`},
		{"s3 endpoint with scheme", func(c *config.Config) { c.S3.Endpoint, c.S3.Bucket = "https://s3.example.org", "b" },
			`HAIZHI_S3_ENDPOINT: "https://s3.example.org" has a scheme; give host[:port] and set HAIZHI_S3_USE_SSL`},
		{"s3 without bucket", func(c *config.Config) { c.S3.Endpoint = "minio:9000" },
			`HAIZHI_S3_BUCKET: required when HAIZHI_S3_ENDPOINT is set`},
		{"s3 access key alone", func(c *config.Config) { c.S3.AccessKey = "AK" },
			`HAIZHI_S3_SECRET_KEY: required when HAIZHI_S3_ACCESS_KEY is set`},
		{"s3 secret key alone", func(c *config.Config) { c.S3.SecretKey = "SK" },
			`HAIZHI_S3_ACCESS_KEY: required when HAIZHI_S3_SECRET_KEY is set`},
		{"log format", func(c *config.Config) { c.LogFormat = "xml" },
			`HAIZHI_LOG_FORMAT: "xml" is not json or text`},
		{"log level", func(c *config.Config) { c.LogLevel = "verbose" },
			`HAIZHI_LOG_LEVEL: "verbose" is not debug, info, warn or error`},
		{"session lifetime zero", func(c *config.Config) { c.SessionLifetime = 0 },
			`HAIZHI_SESSION_LIFETIME: must be positive (e.g. 12h), not 0s`},
		{"session lifetime negative", func(c *config.Config) { c.SessionLifetime = -time.Hour },
			`HAIZHI_SESSION_LIFETIME: must be positive (e.g. 12h), not -1h0m0s`},
		{"max body", func(c *config.Config) { c.MaxBodyBytes = 0 },
			`HAIZHI_MAX_BODY_BYTES: must be positive (e.g. 32MiB), not 0`},
		{"shutdown grace", func(c *config.Config) { c.ShutdownGrace = -time.Second },
			`HAIZHI_SHUTDOWN_GRACE: must not be negative, not -1s`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.change(&c)
			err := c.Validate()
			if err == nil || err.Error() != tt.want {
				t.Errorf("Validate() = %v\nwant %s", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Errorf("message leaks a password: %v", err)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := config.Default()
	c.LogFormat, c.LogLevel, c.SMTP.Port = "xml", "loud", -1
	err := c.Validate()
	if err == nil || len(strings.Split(err.Error(), "\n")) != 3 {
		t.Errorf("Validate() = %v, want three lines", err)
	}
}

func TestValidateBadAddrAloneReported(t *testing.T) {
	c := config.Default()
	c.Addr = "nonsense"
	err := c.Validate()
	if err == nil || strings.Contains(err.Error(), "PUBLIC_URL") {
		t.Errorf("Validate() = %v, want only the address error", err)
	}
}

func TestValidateCompletes(t *testing.T) {
	tests := []struct {
		name         string
		change       func(*config.Config)
		wantPublic   string
		wantDatabase string
	}{
		{"public from loopback addr", func(c *config.Config) {}, "http://127.0.0.1:8080", ""},
		{"public from any-host addr", func(c *config.Config) { c.Addr = ":8080" }, "http://localhost:8080", ""},
		{"public from 0.0.0.0", func(c *config.Config) { c.Addr = "0.0.0.0:80" }, "http://localhost:80", ""},
		{"public from ipv6 addr", func(c *config.Config) { c.Addr = "[::1]:8080" }, "http://[::1]:8080", ""},
		{"public from [::]", func(c *config.Config) { c.Addr = "[::]:8080" }, "http://localhost:8080", ""},
		{"trailing slash dropped", func(c *config.Config) { c.PublicURL = "https://hz.example.org/haizhi/" }, "https://hz.example.org/haizhi", ""},
		{"scheme lower-cased", func(c *config.Config) { c.DatabaseURL = "POSTGRES://u@db/hz" }, "http://127.0.0.1:8080", "postgres://u@db/hz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.change(&c)
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			if c.PublicURL != tt.wantPublic {
				t.Errorf("PublicURL = %q, want %q", c.PublicURL, tt.wantPublic)
			}
			if c.DatabaseURL != tt.wantDatabase {
				t.Errorf("DatabaseURL = %q, want %q", c.DatabaseURL, tt.wantDatabase)
			}
		})
	}
	c := config.Default()
	c.LogFormat, c.LogLevel, c.SMTP.TLS = "TEXT", "Debug", "STARTTLS"
	if err := c.Validate(); err != nil || c.LogFormat != "text" || c.LogLevel != "debug" || c.SMTP.TLS != "starttls" {
		t.Errorf("names not lower-cased: %v %q %q %q", err, c.LogFormat, c.LogLevel, c.SMTP.TLS)
	}
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(*config.Config)
	}{
		{"postgres", func(c *config.Config) { c.DatabaseURL = "postgres://u:p@db:5432/haizhi?sslmode=disable" }},
		{"postgresql", func(c *config.Config) { c.DatabaseURL = "postgresql://db/haizhi" }},
		{"postgres socket", func(c *config.Config) { c.DatabaseURL = "postgres:///haizhi" }},
		{"postgres and s3 need no data dir", func(c *config.Config) {
			c.DatabaseURL, c.DataDir, c.S3.Endpoint, c.S3.Bucket = "postgres://db/hz", "", "minio:9000", "b"
		}},
		{"sqlite absolute", func(c *config.Config) { c.DatabaseURL = "sqlite:///var/lib/haizhi/haizhi.db" }},
		{"file", func(c *config.Config) { c.DatabaseURL = "file:data/x.db?mode=rwc" }},
		{"smtp", func(c *config.Config) {
			c.SMTP = config.SMTP{Host: "smtp.example.org", Port: 465, From: "海智 <noreply@example.org>", TLS: "tls"}
		}},
		{"s3", func(c *config.Config) {
			c.S3 = config.S3{Endpoint: "oss.example.org:443", Bucket: "hz", AccessKey: "a", SecretKey: "s", UseSSL: true}
		}},
		{"port zero for tests", func(c *config.Config) { c.Addr = "127.0.0.1:0" }},
		{"grace zero", func(c *config.Config) { c.ShutdownGrace = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.change(&c)
			if err := c.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

func TestDialectAndPaths(t *testing.T) {
	tests := []struct {
		url, dialect, sqlitePath, dsn string
	}{
		{"", "sqlite", "data/haizhi.db", "data/haizhi.db"},
		{"postgres://u:p@db/hz", "postgres", "", "postgres://u:p@db/hz"},
		{"postgresql://db/hz", "postgres", "", "postgresql://db/hz"},
		{"sqlite:///var/lib/haizhi/hz.db", "sqlite", "/var/lib/haizhi/hz.db", "sqlite:///var/lib/haizhi/hz.db"},
		{"sqlite://rel/hz.db?x=1", "sqlite", "rel/hz.db", "sqlite://rel/hz.db?x=1"},
		{"file:data/x.db?mode=rwc", "sqlite", "data/x.db", "file:data/x.db?mode=rwc"},
	}
	for _, tt := range tests {
		c := config.Default()
		c.DatabaseURL = tt.url
		if c.Dialect() != tt.dialect || c.SQLitePath() != tt.sqlitePath || c.DSN() != tt.dsn {
			t.Errorf("%q: dialect %q path %q dsn %q, want %q %q %q", tt.url, c.Dialect(), c.SQLitePath(), c.DSN(), tt.dialect, tt.sqlitePath, tt.dsn)
		}
	}
}
