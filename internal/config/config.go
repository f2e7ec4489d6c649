// Package config holds Haizhi's configuration as one struct, filled from defaults, then
// environment variables, then command-line flags, each overriding the one before. Nothing
// here is global: main builds a Config and passes what each part needs down.
//
// The usual sequence is Load, or by hand:
//
//	cfg := config.Default()
//	if err := cfg.LoadEnv(os.Getenv); err != nil { … }  // env over defaults
//	cfg.RegisterFlags(fs)                                // flag defaults now show env values
//	if err := fs.Parse(args); err != nil { … }           // flags over env
//	if err := cfg.Validate(); err != nil { … }           // check, normalise, derive
package config

import (
	"errors"
	"flag"
	"net/netip"
	"time"
)

// Config is everything Haizhi needs to start. Each field names its flag and environment
// variable.
type Config struct {
	// Addr is the address to listen on: --addr, HAIZHI_ADDR; "127.0.0.1:8080" by default.
	Addr string
	// DataDir holds the SQLite database (haizhi.db) and, without S3, attachments (blobs/):
	// --data-dir, HAIZHI_DATA_DIR; "./data" by default.
	DataDir string
	// DatabaseURL selects the database: --database-url, HAIZHI_DATABASE_URL. Empty means
	// SQLite in DataDir; also accepted are "postgres://…", "postgresql://…",
	// "sqlite:///path/file.db" and "file:path".
	DatabaseURL string
	// PublicURL is the absolute URL users reach Haizhi at, used in links sent by mail and as
	// the trusted origin for cross-origin protection behind a proxy: --public-url,
	// HAIZHI_PUBLIC_URL. When empty, Validate derives "http://" + Addr.
	PublicURL string
	// TrustedProxies are the networks of the reverse proxies whose X-Forwarded-For is
	// believed: --trusted-proxies, HAIZHI_TRUSTED_PROXIES, comma-separated CIDRs (a bare
	// address means just that address).
	TrustedProxies []netip.Prefix
	// SMTP is the mail server; no host means mail is kept in the outbox, not sent.
	SMTP SMTP
	// S3 is the S3-compatible attachment store; no endpoint means attachments on disk.
	S3 S3
	// LogFormat is "json" (the default) or "text": --log-format, HAIZHI_LOG_FORMAT.
	LogFormat string
	// LogLevel is "debug", "info" (the default), "warn" or "error": --log-level,
	// HAIZHI_LOG_LEVEL.
	LogLevel string
	// SessionLifetime is how long a sign-in lasts: --session-lifetime,
	// HAIZHI_SESSION_LIFETIME; 12h by default.
	SessionLifetime time.Duration
	// MaxBodyBytes caps request bodies, uploads included: --max-body-bytes,
	// HAIZHI_MAX_BODY_BYTES, in bytes or with a unit (32MiB, 500KB); 32 MiB by default.
	MaxBodyBytes int64
	// ShutdownGrace is how long requests in flight may take to finish at shutdown:
	// --shutdown-grace, HAIZHI_SHUTDOWN_GRACE; 20s by default.
	ShutdownGrace time.Duration
	// Chromium is the headless browser that prints PDFs (score sheets): --chromium,
	// HAIZHI_CHROMIUM. Empty means the first of /usr/bin/chromium, chromium-browser and
	// google-chrome that exists (looked up at start); without one the PDF links answer
	// "unavailable".
	Chromium string
}

// SMTP configures outgoing mail. The password has no flag, so that it never shows in the
// process list: set HAIZHI_SMTP_PASSWORD.
type SMTP struct {
	// Host is the mail server (--smtp-host, HAIZHI_SMTP_HOST); empty disables sending.
	Host string
	// Port is the mail server's port (--smtp-port, HAIZHI_SMTP_PORT); 587 by default.
	Port int
	// Username signs in to the mail server (--smtp-username, HAIZHI_SMTP_USERNAME).
	Username string
	// Password goes with Username; it is read from HAIZHI_SMTP_PASSWORD only.
	Password string
	// From is the sender of every mail (--smtp-from, HAIZHI_SMTP_FROM), for example
	// "Haizhi <noreply@example.org>".
	From string
	// TLS is "starttls" (the default), "tls" or "none" (--smtp-tls, HAIZHI_SMTP_TLS).
	TLS string
}

// S3 configures an S3-compatible attachment store. The secret key has no flag, so that it
// never shows in the process list: set HAIZHI_S3_SECRET_KEY.
type S3 struct {
	// Endpoint is the store's host[:port], without a scheme (--s3-endpoint,
	// HAIZHI_S3_ENDPOINT); empty keeps attachments on disk.
	Endpoint string
	// Bucket holds the attachments (--s3-bucket, HAIZHI_S3_BUCKET).
	Bucket string
	// AccessKey is the access key id (--s3-access-key, HAIZHI_S3_ACCESS_KEY).
	AccessKey string
	// SecretKey goes with AccessKey; it is read from HAIZHI_S3_SECRET_KEY only.
	SecretKey string
	// Region is the store's region, if it needs one (--s3-region, HAIZHI_S3_REGION).
	Region string
	// UseSSL reaches the store over https (--s3-use-ssl, HAIZHI_S3_USE_SSL); true by
	// default.
	UseSSL bool
}

// Default returns the configuration used when nothing is set: SQLite and attachments in
// ./data, listening on 127.0.0.1:8080, JSON logs at info level.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./data",
		SMTP:            SMTP{Port: 587, TLS: "starttls"},
		S3:              S3{UseSSL: true},
		LogFormat:       "json",
		LogLevel:        "info",
		SessionLifetime: 12 * time.Hour,
		MaxBodyBytes:    32 << 20,
		ShutdownGrace:   20 * time.Second,
	}
}

// setting ties one field to its flag and environment variable. A setting without a flag
// name is read from the environment only (secrets).
type setting struct {
	flag, env, usage string
	value            flag.Value
}

// settings lists every setting of c, bound to c's fields. It is the one place that names
// flags and variables; RegisterFlags, LoadEnv and Redacted all read it.
func (c *Config) settings() []setting {
	return []setting{
		{"addr", "HAIZHI_ADDR", "`address` to listen on (host:port)", (*stringValue)(&c.Addr)},
		{"data-dir", "HAIZHI_DATA_DIR", "`directory` for the SQLite database and attachments", (*stringValue)(&c.DataDir)},
		{"database-url", "HAIZHI_DATABASE_URL", "database `URL`: postgres://… or sqlite:///path/file.db; empty for SQLite in the data directory", (*dsnValue)(&c.DatabaseURL)},
		{"public-url", "HAIZHI_PUBLIC_URL", "absolute `URL` users reach Haizhi at (default http:// + addr)", (*stringValue)(&c.PublicURL)},
		{"trusted-proxies", "HAIZHI_TRUSTED_PROXIES", "comma-separated `CIDRs` of reverse proxies whose X-Forwarded-For is trusted", (*prefixesValue)(&c.TrustedProxies)},
		{"smtp-host", "HAIZHI_SMTP_HOST", "SMTP server `host`; empty keeps mail in the outbox", (*stringValue)(&c.SMTP.Host)},
		{"smtp-port", "HAIZHI_SMTP_PORT", "SMTP server `port`", (*intValue)(&c.SMTP.Port)},
		{"smtp-username", "HAIZHI_SMTP_USERNAME", "SMTP user `name`", (*stringValue)(&c.SMTP.Username)},
		{"", "HAIZHI_SMTP_PASSWORD", "SMTP password", (*stringValue)(&c.SMTP.Password)},
		{"smtp-from", "HAIZHI_SMTP_FROM", "sender `address` of mail, e.g. \"Haizhi <noreply@example.org>\"", (*stringValue)(&c.SMTP.From)},
		{"smtp-tls", "HAIZHI_SMTP_TLS", "SMTP `security`: starttls, tls or none", (*stringValue)(&c.SMTP.TLS)},
		{"s3-endpoint", "HAIZHI_S3_ENDPOINT", "S3-compatible store `host:port` for attachments; empty keeps them on disk", (*stringValue)(&c.S3.Endpoint)},
		{"s3-bucket", "HAIZHI_S3_BUCKET", "S3 `bucket`", (*stringValue)(&c.S3.Bucket)},
		{"s3-access-key", "HAIZHI_S3_ACCESS_KEY", "S3 access `key` id", (*stringValue)(&c.S3.AccessKey)},
		{"", "HAIZHI_S3_SECRET_KEY", "S3 secret key", (*stringValue)(&c.S3.SecretKey)},
		{"s3-region", "HAIZHI_S3_REGION", "S3 `region`", (*stringValue)(&c.S3.Region)},
		{"s3-use-ssl", "HAIZHI_S3_USE_SSL", "reach the S3 store over https", (*boolValue)(&c.S3.UseSSL)},
		{"log-format", "HAIZHI_LOG_FORMAT", "log `format`: json or text", (*stringValue)(&c.LogFormat)},
		{"log-level", "HAIZHI_LOG_LEVEL", "log `level`: debug, info, warn or error", (*stringValue)(&c.LogLevel)},
		{"session-lifetime", "HAIZHI_SESSION_LIFETIME", "how long a sign-in lasts (`duration`, e.g. 12h)", (*durationValue)(&c.SessionLifetime)},
		{"max-body-bytes", "HAIZHI_MAX_BODY_BYTES", "largest request body (`size`, e.g. 32MiB)", (*sizeValue)(&c.MaxBodyBytes)},
		{"shutdown-grace", "HAIZHI_SHUTDOWN_GRACE", "time requests in flight get to finish at shutdown (`duration`)", (*durationValue)(&c.ShutdownGrace)},
		{"chromium", "HAIZHI_CHROMIUM", "`path` of the headless Chromium that prints PDFs", (*stringValue)(&c.Chromium)},
	}
}

// RegisterFlags defines a flag on fs for every setting that has one, bound to c's fields.
// The defaults shown by -help are c's values at the time of the call, so call it after
// LoadEnv: a flag given on the command line then overrides the environment, which
// overrides the default. Secrets (HAIZHI_SMTP_PASSWORD, HAIZHI_S3_SECRET_KEY) have no flag.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	for _, s := range c.settings() {
		if s.flag != "" {
			fs.Var(s.value, s.flag, s.usage+" (env "+s.env+")")
		}
	}
}

// LoadEnv sets each field whose environment variable is set and not empty, reading
// variables through getenv (os.Getenv in main, a map in tests). It reports every value it
// cannot parse, one line each, naming the variable:
//
//	HAIZHI_SMTP_PORT: "abc" is not a whole number
func (c *Config) LoadEnv(getenv func(string) string) error {
	var errs []error
	for _, s := range c.settings() {
		if v := getenv(s.env); v != "" {
			if err := s.value.Set(v); err != nil {
				errs = append(errs, settingError(s.env, err))
			}
		}
	}
	return errors.Join(errs...)
}

// Load returns the configuration from defaults, the environment (through getenv) and the
// flags in args, in that order of precedence, validated. The flags are defined on fs, so a
// caller may add its own before calling Load and read fs.Args() after.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	c := Default()
	if err := c.LoadEnv(getenv); err != nil {
		return c, err
	}
	c.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}
