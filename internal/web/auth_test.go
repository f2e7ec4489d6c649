package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

func TestSignIn(t *testing.T) {
	for _, dialect := range apptest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			env := apptest.NewEnv(t, dialect, web.Options{})

			t.Run("unknown user and wrong password get the same message", func(t *testing.T) {
				c := env.Client(t)
				a := apptest.Body(t, env.PostForm(t, c, "/login", url.Values{"email": {"nobody@fixture.test"}, "password": {"whatever-password"}}))
				b := apptest.Body(t, env.PostForm(t, c, "/login", url.Values{"email": {"judge@fixture.test"}, "password": {"wrong-password!"}}))
				const msg = "邮箱或密码不正确"
				if !strings.Contains(a, msg) || !strings.Contains(b, msg) {
					t.Fatalf("messages differ or are missing:\n%s\n---\n%s", excerpt(a), excerpt(b))
				}
			})

			t.Run("too many failures throttle the account", func(t *testing.T) {
				c := env.Client(t)
				for i := 0; i < haizhi.LoginMaxPerAccount; i++ {
					env.PostForm(t, c, "/login", url.Values{"email": {"partner@fixture.test"}, "password": {"wrong-password!"}}).Body.Close()
				}
				res := env.PostForm(t, c, "/login", url.Values{"email": {"partner@fixture.test"}, "password": {apptest.Password}})
				if body := apptest.Body(t, res); res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "登录失败次数过多") {
					t.Fatalf("status %d; body %s", res.StatusCode, excerpt(body))
				}
			})

			t.Run("an expired session goes to sign in and then back to the page asked for", func(t *testing.T) {
				c := env.Login(t, "admin")
				// Age every session past its expiry, as time would.
				if _, err := env.DB.SQL().Exec(`UPDATE sessions SET expiry = '2000-01-01 00:00:00+00:00'`); err != nil {
					t.Fatal(err)
				}
				res := env.Get(t, c, "/admin/units?kind=district")
				res.Body.Close()
				loc := res.Header.Get("Location")
				if res.StatusCode != http.StatusSeeOther || loc != "/login?next="+url.QueryEscape("/admin/units?kind=district") {
					t.Fatalf("expired session: %d %q", res.StatusCode, loc)
				}
				form := url.Values{"email": {"admin@fixture.test"}, "password": {apptest.Password}, "next": {"/admin/units?kind=district"}}
				res = env.PostForm(t, c, "/login", form)
				res.Body.Close()
				if res.Header.Get("Location") != "/admin/units?kind=district" {
					t.Fatalf("after sign-in: %q", res.Header.Get("Location"))
				}
			})

			t.Run("next may not leave the site", func(t *testing.T) {
				c := env.Client(t)
				form := url.Values{"email": {"leader@fixture.test"}, "password": {apptest.Password}, "next": {"//evil.example/x"}}
				res := env.PostForm(t, c, "/login", form)
				res.Body.Close()
				if res.Header.Get("Location") != "/home" {
					t.Fatalf("open redirect: %q", res.Header.Get("Location"))
				}
			})

			t.Run("cross-origin and origin-less form posts are refused", func(t *testing.T) {
				c := env.Login(t, "operator")
				before := tokenCount(t, env, "operator")
				for name, headers := range map[string]map[string]string{
					"wrong origin":   {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
					"missing origin": {},
				} {
					req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/account/tokens", strings.NewReader("name=x&days=30"))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					for k, v := range headers {
						req.Header.Set(k, v)
					}
					res, err := c.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "无法验证请求来源") {
						t.Fatalf("%s: %d %s", name, res.StatusCode, body)
					}
				}
				if n := tokenCount(t, env, "operator"); n != before {
					t.Fatalf("a refused post created a token: %d -> %d", before, n)
				}
			})

			t.Run("oversize bodies get 413", func(t *testing.T) {
				c := env.Login(t, "operator")
				big := strings.Repeat("x", 33<<20)
				res := env.PostForm(t, c, "/account/tokens", url.Values{"name": {big}, "days": {"30"}})
				res.Body.Close()
				if res.StatusCode != http.StatusRequestEntityTooLarge {
					t.Fatalf("oversize: %d", res.StatusCode)
				}
			})

			t.Run("language switch is remembered for the user", func(t *testing.T) {
				c := env.Login(t, "judge")
				// A link cannot change the language: it is a form post.
				res := env.Get(t, c, "/lang?to=en&next=/home")
				res.Body.Close()
				if res.StatusCode != http.StatusMethodNotAllowed && res.StatusCode != http.StatusNotFound {
					t.Fatalf("GET /lang: %d", res.StatusCode)
				}
				// The switch in the header posts, and the account remembers.
				res = env.PostForm(t, c, "/lang", url.Values{"to": {"en"}, "next": {"/home"}})
				res.Body.Close()
				if res.Header.Get("Location") != "/home" {
					t.Fatalf("lang redirect: %q", res.Header.Get("Location"))
				}
				// A fresh client (no cookie) signing in as the same user gets English.
				c2 := env.Login(t, "judge")
				if body := apptest.Body(t, env.Get(t, c2, "/home")); !strings.Contains(body, `lang="en"`) || !strings.Contains(body, "My workspace") {
					t.Fatalf("locale not remembered: %s", excerpt(body))
				}
				// Guests follow Accept-Language.
				req, _ := http.NewRequest(http.MethodGet, env.Server.URL+"/", nil)
				req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				if body := apptest.Body(t, res); !strings.Contains(body, `lang="en"`) {
					t.Fatal("Accept-Language ignored")
				}
			})

			t.Run("password reset by mail", func(t *testing.T) {
				c := env.Client(t)
				res := env.PostForm(t, c, "/forgot", url.Values{"email": {"enterprise@fixture.test"}})
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("forgot: %d", res.StatusCode)
				}
				// Unknown addresses are answered the same way.
				res = env.PostForm(t, c, "/forgot", url.Values{"email": {"nobody@fixture.test"}})
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("forgot unknown: %d", res.StatusCode)
				}
				msgs, _, err := env.Services.Mail.FindMail(apptest.Sys(), haizhi.MailFilter{To: "enterprise@fixture.test"})
				if err != nil || len(msgs) == 0 || msgs[0].Kind != "reset" {
					t.Fatalf("reset mail: %v %v", msgs, err)
				}
				token := regexp.MustCompile(`/reset\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Text)
				if token == nil {
					t.Fatalf("no link in %q", msgs[0].Text)
				}
				if res := env.Get(t, c, "/reset?token="+token[1]); res.StatusCode != http.StatusOK {
					t.Fatalf("reset page: %d", res.StatusCode)
				}
				mismatch := env.PostForm(t, c, "/reset", url.Values{"token": {token[1]}, "new_password": {"new-password-2026"}, "password2": {"other"}})
				if body := apptest.Body(t, mismatch); mismatch.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "两次输入的密码不一致") {
					t.Fatalf("mismatch: %d %s", mismatch.StatusCode, excerpt(body))
				}
				res = env.PostForm(t, c, "/reset", url.Values{"token": {token[1]}, "new_password": {"new-password-2026"}, "password2": {"new-password-2026"}})
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("reset: %d", res.StatusCode)
				}
				again := env.PostForm(t, c, "/reset", url.Values{"token": {token[1]}, "new_password": {"another-pass-2026"}, "password2": {"another-pass-2026"}})
				if body := apptest.Body(t, again); !strings.Contains(body, "链接或令牌无效") {
					t.Fatalf("token reused: %d %s", again.StatusCode, excerpt(body))
				}
				res = env.PostForm(t, env.Client(t), "/login", url.Values{"email": {"enterprise@fixture.test"}, "password": {"new-password-2026"}})
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("sign in with new password: %d", res.StatusCode)
				}
			})

			t.Run("API tokens are shown once and can be revoked", func(t *testing.T) {
				c := env.Login(t, "liaison")
				res := env.PostForm(t, c, "/account/tokens", url.Values{"name": {"sync"}, "days": {"30"}})
				body := apptest.Body(t, res)
				tok := regexp.MustCompile(`hz_[A-Za-z0-9_-]{20,}`).FindString(body)
				if res.StatusCode != http.StatusCreated || tok == "" {
					t.Fatalf("create token: %d", res.StatusCode)
				}
				if list := apptest.Body(t, env.Get(t, c, "/account/tokens")); strings.Contains(list, tok) {
					t.Fatal("token shown again")
				}
				u, err := env.Services.Auth.UserForAPIToken(apptest.Sys(), tok)
				if err != nil || u.Email != "liaison@fixture.test" {
					t.Fatalf("token user: %v %v", u, err)
				}
				bad := env.PostForm(t, c, "/account/tokens", url.Values{"name": {""}, "days": {"9999"}})
				if bad.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("invalid token form: %d", bad.StatusCode)
				}
				bad.Body.Close()
			})

			t.Run("logout ends the session", func(t *testing.T) {
				c := env.Login(t, "applicant")
				res := env.PostForm(t, c, "/logout", nil)
				res.Body.Close()
				res = env.Get(t, c, "/home")
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("after logout: %d", res.StatusCode)
				}
			})
		})
	}
}

func excerpt(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// tokenCount is how many API tokens the fixture user holds.
func tokenCount(t *testing.T, env *apptest.Env, user string) int {
	t.Helper()
	u := env.Users[user]
	ctx := haizhi.NewContextWithActor(context.Background(), u.Actor("", ""))
	list, err := env.Services.Auth.FindAPITokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}
