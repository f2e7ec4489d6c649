package config

import (
	"log/slog"
	"net/url"
	"slices"
	"strings"
)

// mask replaces a secret in Redacted; an unset secret stays empty, so logs still show
// whether it was given.
const mask = "xxxxx"

// Redacted returns every setting as text for logging at start-up, keyed by flag name
// ("smtp-password" for the flagless secrets): the SMTP password and the S3 secret key
// masked when set, the password in the database URL masked, and everything else as is.
func (c Config) Redacted() map[string]string {
	out := make(map[string]string)
	for _, s := range c.settings() {
		key := s.flag
		if key == "" {
			key = strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(s.env, "HAIZHI_"), "_", "-"))
		}
		out[key] = s.value.String()
	}
	for _, secret := range []string{"smtp-password", "s3-secret-key"} {
		if out[secret] != "" {
			out[secret] = mask
		}
	}
	out["database-url"] = redactDSN(c.DatabaseURL) // dsnValue redacts already; be explicit
	out["public-url"] = redactDSN(c.PublicURL)
	return out
}

// LogValue makes a Config logged with slog show Redacted, so that logging the whole
// struct by mistake does not leak its secrets.
func (c Config) LogValue() slog.Value {
	red := c.Redacted()
	keys := make([]string, 0, len(red))
	for k := range red {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	attrs := make([]slog.Attr, len(keys))
	for i, k := range keys {
		attrs[i] = slog.String(k, red[k])
	}
	return slog.GroupValue(attrs...)
}

// redactDSN masks the password of a URL, in the user-info part and in the query. A value
// that does not parse is hidden whole, since there is no telling where a password is.
func redactDSN(dsn string) string {
	if dsn == "" {
		return ""
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL hidden)"
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		// pgx accepts passwords in the query as well as in the user-info part.
		for _, k := range []string{"password", "sslpassword"} {
			if q.Has(k) {
				q.Set(k, mask)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return u.Redacted()
}
