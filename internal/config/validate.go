package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// Validate checks c and reports every problem, one line each, naming the environment
// variable to fix:
//
//	HAIZHI_DATABASE_URL: unsupported scheme "mysql" (use postgres:// or leave empty for SQLite)
//
// It also completes c: it derives PublicURL from Addr when PublicURL is empty, drops a
// trailing slash from PublicURL, and lower-cases the database URL's scheme and the
// names in LogFormat, LogLevel and SMTP.TLS.
func (c *Config) Validate() error {
	var errs []error
	fail := func(name, format string, args ...any) {
		errs = append(errs, settingError(name, fmt.Errorf(format, args...)))
	}

	addrErr := checkAddr(c.Addr)
	if addrErr != nil {
		fail("HAIZHI_ADDR", "%v", addrErr)
	}
	if err := c.checkDatabaseURL(); err != nil {
		fail("HAIZHI_DATABASE_URL", "%v", err)
	}
	if strings.TrimSpace(c.DataDir) == "" && (c.DatabaseURL == "" || c.S3.Endpoint == "") {
		fail("HAIZHI_DATA_DIR", "must not be empty (the database or attachments are kept there)")
	}
	if c.PublicURL == "" && addrErr == nil {
		c.PublicURL = publicURLFromAddr(c.Addr)
	}
	c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	if c.PublicURL != "" { // empty only when Addr is wrong, which is reported already
		if err := checkPublicURL(c.PublicURL); err != nil {
			fail("HAIZHI_PUBLIC_URL", "%v", err)
		}
	}

	c.SMTP.TLS = strings.ToLower(c.SMTP.TLS)
	if c.SMTP.Host != "" {
		if _, _, err := net.SplitHostPort(c.SMTP.Host); err == nil {
			fail("HAIZHI_SMTP_HOST", "%q includes a port; give the port in HAIZHI_SMTP_PORT", c.SMTP.Host)
		}
		if c.SMTP.From == "" {
			fail("HAIZHI_SMTP_FROM", "required when HAIZHI_SMTP_HOST is set (e.g. \"Haizhi <noreply@example.org>\")")
		}
	}
	if c.SMTP.From != "" {
		if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
			fail("HAIZHI_SMTP_FROM", "%q is not an email address", c.SMTP.From)
		}
	}
	if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		fail("HAIZHI_SMTP_PORT", "%d is not a port number (1-65535)", c.SMTP.Port)
	}
	switch c.SMTP.TLS {
	case "starttls", "tls", "none":
	default:
		fail("HAIZHI_SMTP_TLS", "%q is not starttls, tls or none", c.SMTP.TLS)
	}

	if c.S3.Endpoint != "" {
		if strings.Contains(c.S3.Endpoint, "://") {
			fail("HAIZHI_S3_ENDPOINT", "%q has a scheme; give host[:port] and set HAIZHI_S3_USE_SSL", c.S3.Endpoint)
		}
		if c.S3.Bucket == "" {
			fail("HAIZHI_S3_BUCKET", "required when HAIZHI_S3_ENDPOINT is set")
		}
	}
	if c.S3.AccessKey != "" && c.S3.SecretKey == "" {
		fail("HAIZHI_S3_SECRET_KEY", "required when HAIZHI_S3_ACCESS_KEY is set")
	}
	if c.S3.SecretKey != "" && c.S3.AccessKey == "" {
		fail("HAIZHI_S3_ACCESS_KEY", "required when HAIZHI_S3_SECRET_KEY is set")
	}

	c.LogFormat = strings.ToLower(c.LogFormat)
	if c.LogFormat != "json" && c.LogFormat != "text" {
		fail("HAIZHI_LOG_FORMAT", "%q is not json or text", c.LogFormat)
	}
	c.LogLevel = strings.ToLower(c.LogLevel)
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		fail("HAIZHI_LOG_LEVEL", "%q is not debug, info, warn or error", c.LogLevel)
	}
	if c.SessionLifetime <= 0 {
		fail("HAIZHI_SESSION_LIFETIME", "must be positive (e.g. 12h), not %s", c.SessionLifetime)
	}
	if c.MaxBodyBytes <= 0 {
		fail("HAIZHI_MAX_BODY_BYTES", "must be positive (e.g. 32MiB), not %d", c.MaxBodyBytes)
	}
	if c.ShutdownGrace < 0 {
		fail("HAIZHI_SHUTDOWN_GRACE", "must not be negative, not %s", c.ShutdownGrace)
	}
	return errors.Join(errs...)
}

func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port (e.g. 127.0.0.1:8080 or :8080)", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q is not a port number (0-65535)", port)
	}
	return nil
}

// publicURLFromAddr is the URL of a server listening on addr, seen from this machine: an
// unspecified host (":8080", "0.0.0.0:8080") becomes localhost.
func publicURLFromAddr(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func checkPublicURL(s string) error {
	const want = "must be an absolute http:// or https:// URL (e.g. https://haizhi.example.org)"
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%q %s", s, want)
	}
	if u.User != nil {
		return errors.New("must not contain a user name or password")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return fmt.Errorf("%q must not have a query or fragment", s)
	}
	return nil
}

// checkDatabaseURL checks the accepted forms and lower-cases the scheme, so that the
// database package, which matches prefixes, sees "postgres://" even for "POSTGRES://".
// Its messages never repeat the URL: it may hold a password.
func (c *Config) checkDatabaseURL() error {
	if c.DatabaseURL == "" {
		return nil
	}
	scheme, rest, ok := strings.Cut(c.DatabaseURL, ":")
	if !ok || scheme == "" {
		return errors.New("not a URL (use postgres://…, sqlite:///path/file.db or file:path, or leave empty for SQLite in the data directory)")
	}
	scheme = strings.ToLower(scheme)
	c.DatabaseURL = scheme + ":" + rest
	switch scheme {
	case "postgres", "postgresql":
		u, err := url.Parse(c.DatabaseURL)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return fmt.Errorf("malformed URL: %v", err)
		}
		if u.Opaque != "" || !strings.HasPrefix(rest, "//") {
			return fmt.Errorf("malformed URL: write %s://user:password@host:port/database", scheme)
		}
		return nil
	case "sqlite", "file":
		if scheme == "sqlite" && !strings.HasPrefix(rest, "//") {
			return errors.New("malformed URL: write sqlite:///path/file.db")
		}
		if c.SQLitePath() == "" {
			return errors.New("no file path (e.g. sqlite:///var/lib/haizhi/haizhi.db)")
		}
		return nil
	default:
		return fmt.Errorf("unsupported scheme %q (use postgres:// or leave empty for SQLite)", scheme)
	}
}

// Dialect returns "postgres" for a PostgreSQL database URL and "sqlite" otherwise.
func (c Config) Dialect() string {
	u := strings.ToLower(c.DatabaseURL)
	if strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// SQLitePath returns the SQLite database file: DataDir/haizhi.db when DatabaseURL is
// empty, the path of a "sqlite://" or "file:" URL without its query otherwise, and "" for
// PostgreSQL. Like the database package, it reads "sqlite:///abs/x.db" as /abs/x.db and
// "sqlite://rel/x.db" as the relative path rel/x.db.
func (c Config) SQLitePath() string {
	if c.DatabaseURL == "" {
		return filepath.Join(c.DataDir, "haizhi.db")
	}
	if c.Dialect() != "sqlite" {
		return ""
	}
	var p string
	switch lower := strings.ToLower(c.DatabaseURL); {
	case strings.HasPrefix(lower, "sqlite://"):
		p = c.DatabaseURL[len("sqlite://"):]
	case strings.HasPrefix(lower, "file:"):
		p = c.DatabaseURL[len("file:"):]
	default:
		return ""
	}
	p, _, _ = strings.Cut(p, "?")
	return p
}

// DSN returns what the database package opens: DatabaseURL, or the SQLite file in DataDir
// when DatabaseURL is empty.
func (c Config) DSN() string {
	if c.DatabaseURL == "" {
		return c.SQLitePath()
	}
	return c.DatabaseURL
}

// BlobDir returns the directory for attachments kept on disk: DataDir/blobs.
func (c Config) BlobDir() string { return filepath.Join(c.DataDir, "blobs") }

// HTTPS reports whether PublicURL is https, so that the server should send
// Strict-Transport-Security and mark cookies Secure.
func (c Config) HTTPS() bool { return strings.HasPrefix(strings.ToLower(c.PublicURL), "https://") }

// Origin returns the scheme and host of PublicURL ("https://haizhi.example.org"), the form
// http.CrossOriginProtection.AddTrustedOrigin takes; "" when PublicURL is not a URL.
func (c Config) Origin() string {
	u, err := url.Parse(c.PublicURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
