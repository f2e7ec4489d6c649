package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// The flag.Value types below bind flags and environment variables to Config fields. Their
// Set errors say what was wrong with the value in words a person can act on.

type stringValue string

func (v *stringValue) String() string     { return string(*v) }
func (v *stringValue) Set(s string) error { *v = stringValue(s); return nil }

// dsnValue is a database URL; String hides its password, because the flag package shows
// it as the default in -help.
type dsnValue string

func (v *dsnValue) String() string     { return redactDSN(string(*v)) }
func (v *dsnValue) Set(s string) error { *v = dsnValue(s); return nil }

type intValue int

func (v *intValue) String() string { return strconv.Itoa(int(*v)) }
func (v *intValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*v = intValue(n)
	return nil
}

type boolValue bool

func (v *boolValue) String() string   { return strconv.FormatBool(bool(*v)) }
func (v *boolValue) IsBoolFlag() bool { return true }
func (v *boolValue) Set(s string) error {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not true or false", s)
	}
	*v = boolValue(b)
	return nil
}

type durationValue time.Duration

func (v *durationValue) String() string { return time.Duration(*v).String() }
func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a duration (use a number and a unit, e.g. 12h, 30m or 90s)", s)
	}
	*v = durationValue(d)
	return nil
}

// sizeValue is a byte count, written plainly or with a unit: KiB, MiB and GiB are powers
// of 1024; KB, MB and GB powers of 1000.
type sizeValue int64

// sizeUnit is a suffix of a size and what it multiplies by.
type sizeUnit struct {
	suffix string
	factor int64
}

func (v *sizeValue) String() string {
	n := int64(*v)
	for _, u := range []sizeUnit{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.factor == 0 {
			return strconv.FormatInt(n/u.factor, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (v *sizeValue) Set(s string) error {
	t := strings.TrimSpace(s)
	factor := int64(1)
	// Longer suffixes first, so that "MiB" is not read as "B".
	units := []sizeUnit{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
	}
	for _, u := range units {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, factor = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n > (1<<62)/factor {
		return fmt.Errorf("%q is not a size (use bytes or a unit, e.g. 512KiB, 32MiB or 1GiB)", s)
	}
	*v = sizeValue(n * factor)
	return nil
}

// prefixesValue is a comma-separated list of CIDR ranges; a bare address stands for itself
// (/32 or /128).
type prefixesValue []netip.Prefix

func (v *prefixesValue) String() string {
	parts := make([]string, len(*v))
	for i, p := range *v {
		parts[i] = p.String()
	}
	return strings.Join(parts, ",")
}

func (v *prefixesValue) Set(s string) error {
	var out []netip.Prefix
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := parsePrefix(part)
		if err != nil {
			return err
		}
		out = append(out, p)
	}
	*v = out
	return nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not a CIDR range (e.g. 10.0.0.0/8 or fd00::/8)", s)
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR range (e.g. 10.0.0.0/8 or fd00::/8)", s)
	}
	return p.Masked(), nil
}

// settingError prefixes a value's error with the name of the setting it came from.
func settingError(name string, err error) error {
	return fmt.Errorf("%s: %w", name, err)
}
