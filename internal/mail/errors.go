package mail

import (
	"errors"
	"fmt"
	"net/textproto"

	gomail "github.com/wneessen/go-mail"

	"github.com/haizhi-dev/haizhi"
)

// sendError is what SMTPSender.Send returns: the failure, already sorted into permanent
// or temporary where the context to do so was at hand.
type sendError struct {
	permanent bool
	err       error
}

func (e *sendError) Error() string { return e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

// IsPermanent reports whether a Send error is one that retrying cannot fix:
//
//   - the message is malformed (no or invalid recipient address);
//   - the server refused the message or a recipient with a 5xx reply during the mail
//     transaction (MAIL FROM, RCPT TO, DATA), e.g. "550 mailbox unavailable".
//
// Everything else is temporary: network errors, timeouts, a canceled context, 4xx replies,
// and failures while connecting, greeting, starting TLS or authenticating, even with a 5xx
// reply. Those are faults of the relay or of our configuration (a wrong password answers
// "535"); once an administrator fixes them the queued messages should still go out, so
// the mail job retries them until its attempts run out. IsPermanent(nil) is false.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	var se *sendError
	if errors.As(err, &se) {
		return se.permanent
	}
	if haizhi.ErrorCode(err) == haizhi.EINVALID {
		return true
	}
	return isPermanentSendError(err)
}

// isPermanentSendError classifies an error of a go-mail send (not of connecting).
func isPermanentSendError(err error) bool {
	var ge *gomail.SendError
	if errors.As(err, &ge) {
		switch ge.Reason {
		case gomail.ErrGetSender, gomail.ErrGetRcpts:
			return true // an address go-mail cannot use
		}
		if c := ge.ErrorCode(); c >= 500 && c <= 599 {
			return true
		}
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code >= 500 && te.Code <= 599
	}
	return false
}

// invalidMessage is the permanent error of a message that cannot be sent as it is.
func invalidMessage(format string, args ...any) error {
	e := haizhi.Errorf(haizhi.EINVALID, "error.email_invalid", format, args...)
	return &sendError{permanent: true, err: fmt.Errorf("mail: %w", e)}
}
