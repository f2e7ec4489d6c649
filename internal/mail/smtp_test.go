package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/haizhi-dev/haizhi"
)

// received is one message accepted by the test server.
type received struct {
	from  string
	to    []string
	data  []byte
	tls   bool
	authd string // user name that authenticated, if any
}

// testBackend is a go-smtp backend that records what it accepts. Recipients starting
// with "reject" get 550, "busy" 451, and "spamtrap" makes DATA fail with 554.
type testBackend struct {
	user, pass string // PLAIN credentials required when user != ""

	mu   sync.Mutex
	msgs []received
}

func (b *testBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &testSession{b: b, tls: isTLS}, nil
}

func (b *testBackend) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slicesClone(b.msgs)
}

func slicesClone[T any](s []T) []T { return append([]T(nil), s...) }

type testSession struct {
	b     *testBackend
	tls   bool
	authd string
	cur   received
}

func (s *testSession) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.b.user || pass != s.b.pass {
			return smtp.ErrAuthFailed
		}
		s.authd = user
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.authd == "" {
		return smtp.ErrAuthRequired
	}
	s.cur = received{from: from}
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	switch {
	case strings.HasPrefix(to, "reject"):
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox unavailable"}
	case strings.HasPrefix(to, "busy"):
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	for _, to := range s.cur.to {
		if strings.HasPrefix(to, "spamtrap") {
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Message refused"}
		}
	}
	s.cur.data, s.cur.tls, s.cur.authd = data, s.tls, s.authd
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, s.cur)
	s.b.mu.Unlock()
	return nil
}

func (s *testSession) Reset()        { s.cur = received{} }
func (s *testSession) Logout() error { return nil }

// testServer runs a go-smtp server on 127.0.0.1:0. mode is the TLS the server offers:
// "none" (no STARTTLS), "starttls" or "tls" (implicit). It returns the server's
// certificate pool for the client.
func testServer(tb testing.TB, be *testBackend, mode string) (port int, roots *x509.CertPool) {
	tb.Helper()
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	if mode != TLSNone {
		cert, pool := selfSignedCert(tb)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		roots = pool
		if mode == TLSImplicit {
			l = tls.NewListener(l, srv.TLSConfig)
		}
	}
	go func() { _ = srv.Serve(l) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return l.Addr().(*net.TCPAddr).Port, roots
}

// selfSignedCert makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSignedCert(tb testing.TB) (tls.Certificate, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "haizhi test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// MustSender returns a sender for cfg that trusts roots.
func MustSender(tb testing.TB, cfg SMTPConfig, roots *x509.CertPool) *SMTPSender {
	tb.Helper()
	s, err := NewSMTPSender(cfg)
	if err != nil {
		tb.Fatalf("NewSMTPSender: %v", err)
	}
	if roots != nil {
		s.tlsConfig = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	}
	return s
}

func testConfig(port int, mode string) SMTPConfig {
	return SMTPConfig{
		Host: "127.0.0.1", Port: port, TLS: mode, Timeout: 5 * time.Second,
		From: "海智 Haizhi <noreply@haizhi.example>",
	}
}

// decoded is a received message with its headers and body decoded.
type decoded struct {
	header  netmail.Header
	subject string
	from    *netmail.Address
	to      *netmail.Address
	body    string
}

func decode(tb testing.TB, raw []byte) decoded {
	tb.Helper()
	m, err := netmail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		tb.Fatalf("received message does not parse: %v\n%s", err, raw)
	}
	var d decoded
	d.header = m.Header
	if d.subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		tb.Fatalf("subject: %v", err)
	}
	if d.from, err = firstAddress(m.Header, "From"); err != nil {
		tb.Fatalf("From: %v", err)
	}
	if d.to, err = firstAddress(m.Header, "To"); err != nil {
		tb.Fatalf("To: %v", err)
	}
	body := m.Body
	switch strings.ToLower(m.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "7bit", "8bit", "":
	default:
		tb.Fatalf("unexpected transfer encoding %q", m.Header.Get("Content-Transfer-Encoding"))
	}
	b, err := io.ReadAll(body)
	if err != nil {
		tb.Fatalf("body: %v", err)
	}
	d.body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return d
}

func firstAddress(h netmail.Header, key string) (*netmail.Address, error) {
	l, err := h.AddressList(key)
	if err != nil {
		return nil, err
	}
	return l[0], nil
}

func TestSMTPSendsChineseMessage(t *testing.T) {
	be := &testBackend{}
	port, _ := testServer(t, be, TLSNone)
	s := MustSender(t, testConfig(port, TLSNone), nil)

	subject, text, err := MustComposer(t).Compose(KindVerify, LocaleZH, map[string]string{
		"name": "李雷", "link": "https://haizhi.example/verify?token=Zm9vYmFy&next=%2F",
	})
	if err != nil {
		t.Fatal(err)
	}
	m := &haizhi.MailMessage{ID: 42, To: "李雷 <lilei@example.com>", Subject: subject, Text: text, Kind: KindVerify}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}

	msgs := be.messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if got.from != "noreply@haizhi.example" || len(got.to) != 1 || got.to[0] != "lilei@example.com" {
		t.Errorf("envelope from %q to %v", got.from, got.to)
	}
	head, _, _ := strings.Cut(string(got.data), "\r\n\r\n")
	for _, r := range head {
		if r > 0x7e {
			t.Fatalf("raw header has a non-ASCII character %q; it must use encoded words:\n%s", r, head)
		}
	}
	d := decode(t, got.data)
	if d.subject != subject {
		t.Errorf("decoded subject = %q, want %q", d.subject, subject)
	}
	if d.from.Name != "海智 Haizhi" || d.from.Address != "noreply@haizhi.example" {
		t.Errorf("From = %v", d.from)
	}
	if d.to.Name != "李雷" || d.to.Address != "lilei@example.com" {
		t.Errorf("To = %v", d.to)
	}
	if d.body != text {
		t.Errorf("decoded body differs:\n got %q\nwant %q", d.body, text)
	}
	if ct := d.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "charset=utf-8") {
		t.Errorf("Content-Type = %q", ct)
	}
	if id := d.header.Get("Message-Id"); !strings.HasPrefix(id, "<haizhi.42.") || !strings.HasSuffix(id, "@haizhi.example>") {
		t.Errorf("Message-ID = %q", id)
	}
	if _, err := d.header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if d.header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", d.header.Get("Auto-Submitted"))
	}
}

func TestSMTPStartTLSWithAuth(t *testing.T) {
	be := &testBackend{user: "mailer", pass: "s3cret-密码"}
	port, roots := testServer(t, be, TLSStartTLS)
	cfg := testConfig(port, "") // empty means starttls
	cfg.Username, cfg.Password = "mailer", "s3cret-密码"
	s := MustSender(t, cfg, roots)
	err := s.Send(context.Background(), &haizhi.MailMessage{To: "ada@example.com", Subject: "测试邮件", Text: "正文\n"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := be.messages()
	if len(msgs) != 1 || !msgs[0].tls || msgs[0].authd != "mailer" {
		t.Fatalf("messages = %+v, want one sent over TLS after authenticating", msgs)
	}
	if d := decode(t, msgs[0].data); d.subject != "测试邮件" || d.body != "正文\n" {
		t.Errorf("decoded %q / %q", d.subject, d.body)
	}

	// A wrong password is a relay/configuration fault: temporary, so the queue survives
	// until an administrator fixes it.
	cfg.Password = "wrong"
	err = MustSender(t, cfg, roots).Send(context.Background(), &haizhi.MailMessage{To: "ada@example.com", Subject: "s", Text: "t"})
	if err == nil || IsPermanent(err) {
		t.Errorf("Send with a wrong password = %v, permanent %v; want a temporary error", err, IsPermanent(err))
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	be := &testBackend{}
	port, roots := testServer(t, be, TLSImplicit)
	s := MustSender(t, testConfig(port, TLSImplicit), roots)
	if err := s.Send(context.Background(), &haizhi.MailMessage{To: "ada@example.com", Subject: "Hello", Text: "Body"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if msgs := be.messages(); len(msgs) != 1 || !msgs[0].tls {
		t.Fatalf("messages = %+v, want one over TLS", msgs)
	}
	// A server certificate we do not trust is refused.
	err := MustSender(t, testConfig(port, TLSImplicit), x509.NewCertPool()).
		Send(context.Background(), &haizhi.MailMessage{To: "ada@example.com", Subject: "Hello", Text: "Body"})
	if err == nil {
		t.Error("Send to an untrusted certificate succeeded")
	}
}

func TestSMTPErrors(t *testing.T) {
	be := &testBackend{}
	port, _ := testServer(t, be, TLSNone)
	plain := MustSender(t, testConfig(port, TLSNone), nil)

	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()

	// A server that accepts connections but never speaks.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = silent.Close() })
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	silentCfg := testConfig(silent.Addr().(*net.TCPAddr).Port, TLSNone)
	silentCfg.Timeout = 300 * time.Millisecond

	canceled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name      string
		sender    *SMTPSender
		ctx       context.Context
		msg       *haizhi.MailMessage
		permanent bool
	}{
		{"550 recipient refused", plain, context.Background(), &haizhi.MailMessage{To: "reject@example.com", Subject: "s", Text: "t"}, true},
		{"554 message refused", plain, context.Background(), &haizhi.MailMessage{To: "spamtrap@example.com", Subject: "s", Text: "t"}, true},
		{"451 try later", plain, context.Background(), &haizhi.MailMessage{To: "busy@example.com", Subject: "s", Text: "t"}, false},
		{"closed port", MustSender(t, testConfig(closedPort, TLSNone), nil), context.Background(), &haizhi.MailMessage{To: "a@example.com", Subject: "s", Text: "t"}, false},
		{"silent server", MustSender(t, silentCfg, nil), context.Background(), &haizhi.MailMessage{To: "a@example.com", Subject: "s", Text: "t"}, false},
		{"STARTTLS not offered", MustSender(t, testConfig(port, TLSStartTLS), nil), context.Background(), &haizhi.MailMessage{To: "a@example.com", Subject: "s", Text: "t"}, false},
		{"canceled context", plain, canceled, &haizhi.MailMessage{To: "a@example.com", Subject: "s", Text: "t"}, false},
		{"invalid recipient", plain, context.Background(), &haizhi.MailMessage{To: "not an address", Subject: "s", Text: "t"}, true},
		{"empty recipient", plain, context.Background(), &haizhi.MailMessage{Subject: "s", Text: "t"}, true},
		{"nil message", plain, context.Background(), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.sender.Send(tt.ctx, tt.msg)
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if IsPermanent(err) != tt.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tt.permanent)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("Send took %v", time.Since(start))
			}
		})
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("the server accepted %d messages, want none", n)
	}

	err = plain.Send(context.Background(), &haizhi.MailMessage{To: "bad", Subject: "s", Text: "t"})
	if haizhi.ErrorCode(err) != haizhi.EINVALID || haizhi.ErrorKey(err) != "error.email_invalid" {
		t.Errorf("invalid recipient = %v, want EINVALID error.email_invalid", err)
	}
	if IsPermanent(nil) || IsPermanent(errors.New("anything")) || IsPermanent(context.DeadlineExceeded) {
		t.Error("IsPermanent is true for nil or an unclassified error")
	}
}

func TestSMTPConfig(t *testing.T) {
	if (SMTPConfig{}).Enabled() || !(SMTPConfig{Host: "smtp.example.com"}).Enabled() {
		t.Error("Enabled should be Host != \"\"")
	}
	ok := SMTPConfig{Host: "smtp.example.com", From: "noreply@example.com"}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate(%+v) = %v", ok, err)
	}
	for name, c := range map[string]SMTPConfig{
		"no host":      {From: "noreply@example.com"},
		"no from":      {Host: "smtp.example.com"},
		"bad from":     {Host: "smtp.example.com", From: "noreply"},
		"bad TLS":      {Host: "smtp.example.com", From: "a@example.com", TLS: "ssl"},
		"bad port":     {Host: "smtp.example.com", From: "a@example.com", Port: 70000},
		"negative tmo": {Host: "smtp.example.com", From: "a@example.com", Timeout: -time.Second},
	} {
		if _, err := NewSMTPSender(c); err == nil {
			t.Errorf("%s: NewSMTPSender succeeded", name)
		}
	}
	for mode, want := range map[string]int{"": 587, TLSStartTLS: 587, TLSNone: 25, TLSImplicit: 465} {
		if got := (SMTPConfig{TLS: mode}).port(); got != want {
			t.Errorf("default port for %q = %d, want %d", mode, got, want)
		}
	}
	if got := (SMTPConfig{TLS: TLSImplicit, Port: 2465}).port(); got != 2465 {
		t.Errorf("explicit port = %d", got)
	}
}
