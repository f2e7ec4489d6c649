package i18n

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// entry is one message of a catalogue file as written: its key, its plural forms (only
// "other" for a plain message) and the line it starts on, for error messages.
type entry struct {
	Key         string
	Description string
	Forms       map[string]string // CLDR plural form ("zero" … "other") → text
	Line        int
}

// pluralFormList names the fields a [table] message may hold besides "description".
const pluralFormList = "zero, one, two, few, many, other"

// parseCatalog reads the subset of TOML our catalogues use, which is also the shape
// go-i18n's own tools read and write:
//
//	# a comment
//	site.name = "海智"          # a plain message; the dots are part of the key
//	mail.body = """
//	several lines
//	"""
//
//	[items.count]               # a message with plural forms (CLDR names)
//	description = "for translators"
//	one = "{{.Count}} item"
//	other = "{{.Count}} items"
//
// Keys are flat: "nav.home" names one message, not a table "nav" holding "home", so a
// key may end in a word such as "other" without being mistaken for a plural form. As in
// TOML, everything after a [table] header belongs to that table, so plain messages must
// come before the first header. Values are basic strings ("…", with \" \\ \n \t \uXXXX
// escapes), literal strings ('…') or multi-line basic strings ("""…""").
func parseCatalog(name string, src []byte) ([]entry, error) {
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%s: not valid UTF-8", name)
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	var (
		entries []entry
		table   = -1 // index in entries of the current [table] message, or -1 at the top
		seen    = map[string]int{}
	)
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	lineNo := 0
	fail := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 || strings.HasPrefix(line, "[[") {
				return nil, fail(lineNo, "malformed table header %q", line)
			}
			if rest := strings.TrimSpace(line[end+1:]); rest != "" && rest[0] != '#' {
				return nil, fail(lineNo, "unexpected text after table header: %q", rest)
			}
			key, err := parseKey(strings.TrimSpace(line[1:end]))
			if err != nil {
				return nil, fail(lineNo, "%v", err)
			}
			if prev, ok := seen[key]; ok {
				return nil, fail(lineNo, "key %q already defined on line %d", key, prev)
			}
			seen[key] = lineNo
			entries = append(entries, entry{Key: key, Forms: map[string]string{}, Line: lineNo})
			table = len(entries) - 1
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			return nil, fail(lineNo, "expected key = \"value\", got %q", line)
		}
		key, err := parseKey(strings.TrimSpace(line[:eq]))
		if err != nil {
			return nil, fail(lineNo, "%v", err)
		}
		startLine := lineNo
		raw := strings.TrimSpace(line[eq+1:])
		var value string
		if strings.HasPrefix(raw, `"""`) {
			// A multi-line string: gather lines until the closing delimiter.
			body := raw[3:]
			for !strings.Contains(body, `"""`) {
				if !sc.Scan() {
					return nil, fail(startLine, "unterminated multi-line string")
				}
				lineNo++
				body += "\n" + sc.Text()
			}
			end := strings.Index(body, `"""`)
			if rest := strings.TrimSpace(body[end+3:]); rest != "" && rest[0] != '#' {
				return nil, fail(lineNo, "unexpected text after string: %q", rest)
			}
			value, err = unescapeMultiline(body[:end])
		} else {
			var rest string
			value, rest, err = parseString(raw)
			if err == nil && rest != "" && rest[0] != '#' {
				err = fmt.Errorf("unexpected text after string: %q", rest)
			}
		}
		if err != nil {
			return nil, fail(startLine, "%v", err)
		}
		if table >= 0 {
			e := &entries[table]
			switch {
			case key == "description":
				e.Description = value
			case isPluralForm(key):
				if _, dup := e.Forms[key]; dup {
					return nil, fail(startLine, "%s.%s defined twice", e.Key, key)
				}
				e.Forms[key] = value
			default:
				return nil, fail(startLine, "%q inside [%s]: a table holds only description and plural forms (%s); put plain messages above the first table",
					key, e.Key, pluralFormList)
			}
			continue
		}
		if prev, ok := seen[key]; ok {
			return nil, fail(startLine, "key %q already defined on line %d", key, prev)
		}
		seen[key] = startLine
		entries = append(entries, entry{Key: key, Forms: map[string]string{"other": value}, Line: startLine})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, e := range entries {
		if _, ok := e.Forms["other"]; !ok {
			return nil, fail(e.Line, "[%s] has no \"other\" form", e.Key)
		}
	}
	return entries, nil
}

func isPluralForm(s string) bool {
	switch s {
	case "zero", "one", "two", "few", "many", "other":
		return true
	}
	return false
}

// parseKey accepts a bare dotted key (letters, digits, '_', '-', '.') or a quoted one.
func parseKey(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("empty key")
	}
	if s[0] == '"' || s[0] == '\'' {
		k, rest, err := parseString(s)
		if err != nil {
			return "", err
		}
		if rest != "" {
			return "", fmt.Errorf("unexpected text after quoted key: %q", rest)
		}
		if k == "" {
			return "", fmt.Errorf("empty key")
		}
		return k, nil
	}
	for _, r := range s {
		ok := r == '_' || r == '-' || r == '.' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
		if !ok {
			return "", fmt.Errorf("invalid character %q in key %q (quote keys with other characters)", r, s)
		}
	}
	if strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return "", fmt.Errorf("malformed dotted key %q", s)
	}
	return s, nil
}

// parseString reads one basic ("…") or literal ('…') string at the start of s and returns
// its value and the trimmed text after it.
func parseString(s string) (value, rest string, err error) {
	if s == "" {
		return "", "", fmt.Errorf("missing value")
	}
	switch s[0] {
	case '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", "", fmt.Errorf("unterminated literal string")
		}
		return s[1 : end+1], strings.TrimSpace(s[end+2:]), nil
	case '"':
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			c := s[i]
			switch c {
			case '"':
				return b.String(), strings.TrimSpace(s[i+1:]), nil
			case '\\':
				n, err := unescape(s[i:], &b)
				if err != nil {
					return "", "", err
				}
				i += n - 1
			default:
				b.WriteByte(c)
			}
		}
		return "", "", fmt.Errorf("unterminated string")
	}
	return "", "", fmt.Errorf("value must be a quoted string, got %q", s)
}

// unescapeMultiline applies TOML's multi-line basic string rules: a newline right after
// the opening delimiter is dropped, and a backslash at the end of a line joins it with the
// next non-blank text.
func unescapeMultiline(s string) (string, error) {
	s = strings.TrimPrefix(s, "\n")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		// A line-ending backslash: skip it and all whitespace that follows.
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && s[j] == '\n' {
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
				j++
			}
			i = j - 1
			continue
		}
		n, err := unescape(s[i:], &b)
		if err != nil {
			return "", err
		}
		i += n - 1
	}
	return b.String(), nil
}

// unescape decodes the escape sequence at the start of s (which begins with '\') into b
// and returns its length in bytes.
func unescape(s string, b *strings.Builder) (int, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("dangling backslash")
	}
	switch s[1] {
	case '"', '\\':
		b.WriteByte(s[1])
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'u', 'U':
		n := 4
		if s[1] == 'U' {
			n = 8
		}
		if len(s) < 2+n {
			return 0, fmt.Errorf("short unicode escape %q", s)
		}
		v, err := strconv.ParseUint(s[2:2+n], 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return 0, fmt.Errorf("bad unicode escape %q", s[:2+n])
		}
		b.WriteRune(rune(v))
		return 2 + n, nil
	default:
		return 0, fmt.Errorf("unknown escape \\%c", s[1])
	}
	return 2, nil
}
