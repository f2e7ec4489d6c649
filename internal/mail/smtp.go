// Package mail sends Haizhi's outgoing mail: SMTPSender delivers a haizhi.MailMessage by
// SMTP (go-mail), and Composer renders the subject and text of each kind of message in
// zh-CN and English from embedded templates.
//
// Delivery errors are sorted for the mail job: IsPermanent tells a refusal that retrying
// cannot fix (the server answered 5xx to the message or its recipient, or the address is
// malformed) from a transient failure (network, timeout, 4xx, a relay that refuses us as a
// whole).
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/haizhi-dev/haizhi"
)

// TLS modes of SMTPConfig.TLS.
const (
	TLSNone     = "none"     // plain SMTP; only for a relay on a trusted network
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which is required
	TLSImplicit = "tls"      // TLS from the first byte ("SMTPS")
)

// DefaultTimeout bounds connecting and each SMTP command when SMTPConfig.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// SMTPConfig says how to reach the outgoing mail server.
type SMTPConfig struct {
	// Host is the SMTP server's name. Empty means mail is not sent: messages stay in the
	// outbox for administrators to read (see Enabled).
	Host string
	// Port defaults by TLS mode: 25 for "none", 587 for "starttls", 465 for "tls".
	Port int
	// Username and Password authenticate when Username is set. The mechanism is chosen
	// from what the server offers; PLAIN and LOGIN are only used over TLS.
	Username string
	Password string
	// From is the sender, an RFC 5322 address such as "海智 Haizhi <noreply@example.org>".
	From string
	// TLS is "none", "starttls" or "tls"; empty means "starttls".
	TLS string
	// Timeout bounds connecting and each command; zero means DefaultTimeout.
	Timeout time.Duration
}

// Enabled reports whether an SMTP server is configured.
func (c SMTPConfig) Enabled() bool {
	return c.Host != ""
}

// Validate checks the configuration of an enabled sender.
func (c SMTPConfig) Validate() error {
	if !c.Enabled() {
		return errors.New("mail: SMTP host is not set")
	}
	switch c.TLS {
	case "", TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return fmt.Errorf("mail: SMTP TLS mode %q: want %q, %q or %q", c.TLS, TLSNone, TLSStartTLS, TLSImplicit)
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("mail: SMTP port %d out of range", c.Port)
	}
	if c.Timeout < 0 {
		return fmt.Errorf("mail: SMTP timeout %v is negative", c.Timeout)
	}
	if _, err := netmail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: SMTP From address %q: %w", c.From, err)
	}
	return nil
}

// tlsMode is the effective TLS mode.
func (c SMTPConfig) tlsMode() string {
	if c.TLS == "" {
		return TLSStartTLS
	}
	return c.TLS
}

// port is the effective port.
func (c SMTPConfig) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.tlsMode() {
	case TLSNone:
		return 25
	case TLSImplicit:
		return 465
	}
	return 587
}

// SMTPSender delivers messages by SMTP. It opens one connection per message, which suits
// the mail job's pace; it is safe for concurrent use.
type SMTPSender struct {
	cfg       SMTPConfig
	from      *netmail.Address
	tlsConfig *tls.Config // nil: system roots, ServerName = Host; tests set their own
}

// Compile-time check that *SMTPSender is a haizhi.MailSender.
var _ haizhi.MailSender = (*SMTPSender)(nil)

// NewSMTPSender returns a sender for cfg, which must be Enabled and Validate.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	from, _ := netmail.ParseAddress(cfg.From) // checked by Validate
	return &SMTPSender{cfg: cfg, from: from}, nil
}

// Send delivers m to m.To with m.Subject and m.Text as a UTF-8 plain-text message. It
// returns nil once the server has accepted the message; an error after that (closing the
// session, say) is ignored, so a retry cannot send the message twice. On failure,
// IsPermanent(err) says whether retrying is pointless. A malformed message (no or invalid
// recipient) is a permanent haizhi.EINVALID error.
func (s *SMTPSender) Send(ctx context.Context, m *haizhi.MailMessage) error {
	msg, err := s.message(m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(s.cfg.Host, s.clientOptions()...)
	if err != nil {
		return &sendError{permanent: false, err: fmt.Errorf("mail: smtp client: %w", err)}
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		// Connecting, greeting, STARTTLS or authentication failed: a fault of the relay or of
		// our configuration, not of this message, so it is worth retrying even on a 5xx.
		return &sendError{permanent: false, err: fmt.Errorf("mail: connect to %s: %w", s.addr(), err)}
	}
	sendErr := client.SendWithSMTPClient(conn, msg)
	_ = client.CloseWithSMTPClient(conn)
	if msg.IsDelivered() {
		return nil
	}
	if sendErr == nil {
		sendErr = errors.New("message not accepted")
	}
	return &sendError{permanent: isPermanentSendError(sendErr), err: fmt.Errorf("mail: send to %s: %w", m.To, sendErr)}
}

func (s *SMTPSender) addr() string {
	return s.cfg.Host + ":" + strconv.Itoa(s.cfg.port())
}

func (s *SMTPSender) clientOptions() []gomail.Option {
	timeout := s.cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.port()), gomail.WithTimeout(timeout)}
	switch s.cfg.tlsMode() {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	}
	if s.tlsConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.tlsConfig))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	return opts
}

// message builds the MIME message of m.
func (s *SMTPSender) message(m *haizhi.MailMessage) (*gomail.Msg, error) {
	if m == nil {
		return nil, invalidMessage("There is no message to send.")
	}
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, invalidMessage("The recipient %q is not a valid address.", m.To)
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(to)
	msg.Subject(oneLine(m.Subject))
	msg.SetDate()
	msg.SetMessageIDWithValue(messageID(m.ID, s.from.Address))
	// Mark the message as automatic so that mail servers do not send vacation replies.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	return msg, nil
}

// oneLine folds a subject onto one line: a line break in a header value is never right.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// messageID is a unique Message-ID in the sender's domain, carrying the outbox ID for
// tracing a message through mail logs.
func messageID(id int64, fromAddr string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	domain := "haizhi.invalid"
	if _, d, ok := strings.Cut(fromAddr, "@"); ok && d != "" {
		domain = d
	}
	return fmt.Sprintf("haizhi.%d.%s@%s", id, hex.EncodeToString(b[:]), domain)
}
