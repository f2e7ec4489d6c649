package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/httpx"
)

// wwwAuthenticate is the challenge sent with every 401: the API takes bearer tokens only.
const wwwAuthenticate = `Bearer realm="haizhi"`

// tokenUserKey carries the token's user, as loaded with grants, for GET /me.
type tokenUserKey struct{}

// tokenRequired is the answer to a request without a token on a route that needs one.
func tokenRequired() error {
	return &haizhi.Error{Code: haizhi.EUNAUTHORIZED, Key: "error.token_required",
		Message: "This request needs a personal API token: send Authorization: Bearer hz_…"}
}

// tokenInvalid is the answer to a malformed, unknown, expired or revoked token, and to a
// token of a disabled user.
func tokenInvalid() error {
	return &haizhi.Error{Code: haizhi.EUNAUTHORIZED, Key: "error.token_invalid",
		Message: "The API token is invalid, expired or revoked."}
}

// authenticate returns r with the actor of its bearer token in the context, or with no
// actor (a guest) when there is no Authorization header. Whatever actor the web server
// put there from a session cookie is dropped: the API trusts tokens alone, so a page on
// another site cannot ride on a signed-in user's cookie. A header that is present but
// does not hold a valid token is an error even on public routes, so that a client with an
// expired token learns it instead of silently seeing less.
func (a *API) authenticate(r *http.Request) (*http.Request, error) {
	r = withoutActor(r)
	header := r.Header.Get("Authorization")
	if header == "" {
		return r, nil
	}
	scheme, token, _ := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return r, tokenInvalid()
	}
	ctx := r.Context()
	u, err := a.svc.Auth.UserForAPIToken(ctx, token)
	if err != nil {
		if haizhi.ErrorCode(err) == haizhi.EUNAUTHORIZED {
			return r, tokenInvalid()
		}
		return r, err
	}
	ctx = haizhi.NewContextWithActor(ctx, u.Actor(httpx.ClientIPFrom(ctx), httpx.RequestIDFrom(ctx)))
	ctx = context.WithValue(ctx, tokenUserKey{}, u)
	return r.WithContext(ctx), nil
}

// withoutActor returns r with no actor in its context: a guest until a token says more.
func withoutActor(r *http.Request) *http.Request {
	return r.WithContext(haizhi.NewContextWithActor(r.Context(), nil))
}

// tokenUser returns the user that the request's token belongs to, or nil.
func tokenUser(ctx context.Context) *haizhi.User {
	u, _ := ctx.Value(tokenUserKey{}).(*haizhi.User)
	return u
}
