package mail

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"text/template"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/i18n"
)

// Kinds of message, the names of the templates (haizhi.MailMessage.Kind).
const (
	KindVerify        = "verify"         // confirm an email address; data: link (name)
	KindReset         = "reset"          // reset a password; data: link (name)
	KindWelcomeInvite = "welcome_invite" // an admin created the account; data: link, role, unit (name)
	KindTest          = "test"           // a test message from the admin pages; data: (name)
	// KindEntryUpdate tells an applicant of a change to their entry; data: change
	// (submitted, withdrawn, reopened, advanced, rejected), title, edition, link, and
	// round and reason (advanced, rejected), note (optional).
	KindEntryUpdate = "entry_update"
	// KindJudgeAssigned tells a judge their entries of a round are published; data:
	// edition, round, count, link (name).
	KindJudgeAssigned = "judge_assigned"
)

// Locales of the templates.
const (
	LocaleZH      = "zh-CN"
	LocaleEN      = "en"
	DefaultLocale = LocaleZH
)

// SiteName is the value of the "site" key when the caller does not give one.
const SiteName = "海智 Haizhi"

// requiredKinds must each have a template in every locale.
func requiredKinds() []string {
	return []string{KindVerify, KindReset, KindWelcomeInvite, KindTest, KindEntryUpdate, KindJudgeAssigned}
}

func locales() []string { return []string{LocaleZH, LocaleEN} }

//go:embed templates/*.txt
var templateFiles embed.FS

// Composer renders messages from the templates embedded under templates/, one file per
// kind and locale named "<kind>.<locale>.txt". A file's first line is "Subject: …", the
// second is blank and the rest is the plain-text body; both are text/template templates
// over a map[string]string. It is safe for concurrent use.
//
// Data keys: "link" (verify, reset, welcome_invite), "role" and "unit" (welcome_invite)
// are required, and a missing one is an error rather than a message with a hole in it.
// "name" is optional (the greeting then has no name) and "site" defaults to SiteName.
// Values are inserted as given, so the caller passes unit names already in the message's
// language; a "role" that is a role code ("judge") becomes the role's name in the
// message's language, from the same catalogue as the pages.
type Composer struct {
	templates map[string]map[string]*message    // kind → locale → templates
	roleNames map[string]map[haizhi.Role]string // locale → role → name
}

// message is one parsed template file.
type message struct {
	subject *template.Template
	body    *template.Template
}

// Compile-time check that *Composer is a haizhi.MailComposer.
var _ haizhi.MailComposer = (*Composer)(nil)

// NewComposer parses all embedded templates. It fails if a template does not parse or
// lacks its "Subject:" line, or if any kind lacks a template in one of the locales.
func NewComposer() (*Composer, error) {
	c, err := newComposer(templateFiles)
	if err != nil {
		return nil, err
	}
	b, err := i18n.New()
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	c.roleNames = map[string]map[haizhi.Role]string{}
	for _, locale := range locales() {
		l := b.Localizer(locale)
		c.roleNames[locale] = map[haizhi.Role]string{}
		for _, r := range haizhi.Roles() {
			c.roleNames[locale][r] = l.T("role." + string(r))
		}
	}
	return c, nil
}

func newComposer(fsys fs.FS) (*Composer, error) {
	c := &Composer{templates: map[string]map[string]*message{}}
	files, err := fs.Glob(fsys, "templates/*.txt")
	if err != nil {
		return nil, fmt.Errorf("mail: templates: %w", err)
	}
	for _, file := range files {
		base := strings.TrimSuffix(strings.TrimPrefix(file, "templates/"), ".txt")
		dot := strings.LastIndex(base, ".")
		if dot <= 0 {
			return nil, fmt.Errorf("mail: template %s: name is not <kind>.<locale>.txt", file)
		}
		kind, locale := base[:dot], base[dot+1:]
		if !slices.Contains(locales(), locale) {
			return nil, fmt.Errorf("mail: template %s: unknown locale %q", file, locale)
		}
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", file, err)
		}
		m, err := parseMessage(file, string(src))
		if err != nil {
			return nil, err
		}
		if c.templates[kind] == nil {
			c.templates[kind] = map[string]*message{}
		}
		c.templates[kind][locale] = m
	}
	kinds := append(requiredKinds(), slices.Collect(maps.Keys(c.templates))...)
	for _, kind := range kinds {
		for _, locale := range locales() {
			if c.templates[kind][locale] == nil {
				return nil, fmt.Errorf("mail: no template for kind %q in locale %q (templates/%s.%s.txt)", kind, locale, kind, locale)
			}
		}
	}
	return c, nil
}

// parseMessage splits a template file into its subject and body templates.
func parseMessage(file, src string) (*message, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	first, rest, _ := strings.Cut(src, "\n")
	subject, ok := strings.CutPrefix(first, "Subject:")
	if !ok || strings.TrimSpace(subject) == "" {
		return nil, fmt.Errorf("mail: template %s: first line must be \"Subject: …\"", file)
	}
	body, ok := strings.CutPrefix(rest, "\n")
	if !ok {
		return nil, fmt.Errorf("mail: template %s: the subject line must be followed by a blank line", file)
	}
	st, err := template.New(file + ":subject").Option("missingkey=error").Parse(strings.TrimSpace(subject))
	if err != nil {
		return nil, fmt.Errorf("mail: template %s: %w", file, err)
	}
	bt, err := template.New(file).Option("missingkey=error").Parse(body)
	if err != nil {
		return nil, fmt.Errorf("mail: template %s: %w", file, err)
	}
	return &message{subject: st, body: bt}, nil
}

// Kinds returns the kinds of message the Composer knows, sorted.
func (c *Composer) Kinds() []string {
	return slices.Sorted(maps.Keys(c.templates))
}

// Compose renders the message of kind in locale with data. locale is a language tag such
// as "zh-CN", "en" or "en-GB": English tags select the English template, anything else
// (including "") the zh-CN one. An unknown kind, or a required data key that is missing,
// is an error. The subject is one line; the text ends with a single newline.
func (c *Composer) Compose(kind, locale string, data map[string]string) (subject, text string, err error) {
	byLocale, ok := c.templates[kind]
	if !ok {
		return "", "", fmt.Errorf("mail: compose: no template for kind %q", kind)
	}
	locale = NormalizeLocale(locale)
	m := byLocale[locale]
	vars := map[string]string{"site": SiteName, "name": ""}
	for k, v := range data {
		if v != "" || vars[k] == "" {
			vars[k] = v
		}
	}
	if name, ok := c.roleNames[locale][haizhi.Role(vars["role"])]; ok {
		vars["role"] = name
	}
	var sb, tb strings.Builder
	if err := m.subject.Execute(&sb, vars); err != nil {
		return "", "", fmt.Errorf("mail: compose %s: %w", kind, err)
	}
	if err := m.body.Execute(&tb, vars); err != nil {
		return "", "", fmt.Errorf("mail: compose %s: %w", kind, err)
	}
	return oneLine(sb.String()), strings.TrimSpace(tb.String()) + "\n", nil
}

// NormalizeLocale maps a language tag to a template locale: "en" for English tags ("en",
// "en-US", "en_GB"), DefaultLocale (zh-CN) for everything else.
func NormalizeLocale(tag string) string {
	t := strings.ToLower(strings.TrimSpace(tag))
	if t == "en" || strings.HasPrefix(t, "en-") || strings.HasPrefix(t, "en_") {
		return LocaleEN
	}
	return DefaultLocale
}
