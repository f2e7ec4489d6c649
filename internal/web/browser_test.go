package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// browser starts headless Chromium (HAIZHI_CHROMIUM, else Debian's /usr/bin/chromium) and
// returns a context for new tabs; the test is skipped when there is no browser.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := os.Getenv("HAIZHI_CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("no browser at %s (set HAIZHI_CHROMIUM)", bin)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(cancelCtx)
	// The first call starts the browser; it lives as long as ctx.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return ctx
}

// artifacts is where screenshots go: HAIZHI_ARTIFACTS, else testdata/screenshots.
func artifacts(t *testing.T) string {
	dir := os.Getenv("HAIZHI_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(artifacts(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRolesInBrowser signs in as each role in a real browser, sees that role's home,
// switches language, and is refused a page outside the role.
func TestRolesInBrowser(t *testing.T) {
	root := browser(t)
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	base := env.Server.URL
	refused := map[string]string{
		"admin": "", "operator": "/admin/audit", "leader": "/manage/posts", "liaison": "/admin/users",
		"judge": "/admin/units", "applicant": "/manage/posts", "enterprise": "/admin/outbox", "partner": "/admin/jobs",
	}
	for _, role := range haizhi.Roles() {
		name := string(role)
		t.Run(name, func(t *testing.T) {
			// Each role in its own browser context: its own cookies, like a separate person.
			ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
			defer cancel()
			ctx, cancelT := context.WithTimeout(ctx, 30*time.Second)
			defer cancelT()
			if err := signIn(ctx, base, name+"@fixture.test", apptest.Password, name); err != nil {
				t.Fatalf("sign in as %s: %v", name, err)
			}
			heading := text(t, ctx, `h1.page-title`)
			if !strings.Contains(heading, name) {
				t.Errorf("home heading %q does not greet %s", heading, name)
			}
			screenshot(t, ctx, "home-"+name+"-zh")

			err := chromedp.Do(ctx,
				chromedp.Click(css(`.lang-switch button[lang="en"]`)),
				chromedp.WaitVisible(css(`html[lang="en"] h1.page-title`)),
			)
			if heading = text(t, ctx, `h1.page-title`); err != nil || !strings.HasPrefix(heading, "Hello") {
				t.Fatalf("switch to English: heading=%q err=%v", heading, err)
			}
			screenshot(t, ctx, "home-"+name+"-en")

			if p := refused[name]; p != "" {
				if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
					t.Fatal(err)
				}
				if body := text(t, ctx, `main`); !strings.Contains(body, "403") || !strings.Contains(body, "You do not have access") {
					t.Errorf("%s on %s: %q", name, p, body)
				}
				screenshot(t, ctx, "refused-"+name)
			}
		})
	}
}

// TestPhoneLayout opens the portal and a home at a phone's width: nothing may be wider
// than the screen, and the menu opens from its button.
func TestPhoneLayout(t *testing.T) {
	root := browser(t)
	env := apptest.NewEnv(t, "sqlite", web.Options{})
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 30*time.Second)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, env.Server.URL, "operator@fixture.test", apptest.Password, "operator"); err != nil {
		t.Fatal(err)
	}
	if overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); err != nil || overflow {
		t.Errorf("home is wider than a phone screen (err %v)", err)
	}
	const navDisplay = `getComputedStyle(document.querySelector('#site-nav')).display`
	if d, err := chromedp.Run(ctx, chromedp.Evaluate[string](navDisplay)); err != nil || d != "none" {
		t.Errorf("menu open on a phone before tapping: display=%s err=%v", d, err)
	}
	screenshot(t, ctx, "phone-home-operator")
	if err := chromedp.Do(ctx, chromedp.Click(css(`label.nav-toggle-label`))); err != nil {
		t.Fatal(err)
	}
	if d, err := chromedp.Run(ctx, chromedp.Evaluate[string](navDisplay)); err != nil || d == "none" {
		t.Errorf("menu does not open from its button: display=%s err=%v", d, err)
	}
	screenshot(t, ctx, "phone-menu-operator")
}

type css = chromedp.CSS

// signIn fills in the sign-in form and waits for the home card of role.
func signIn(ctx context.Context, base, email, password, role string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css(`#f-email`)),
		chromedp.SendKeys(css(`#f-email`), email),
		chromedp.SendKeys(css(`#f-password`), password),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(css(`.card[data-role="`+role+`"]`)),
	)
}

// text returns the visible text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	// A form post navigates twice (the POST, then its redirect): a node found in the
	// first document can be gone by the time its text is read, so try again.
	var err error
	for range 5 {
		var s string
		if s, err = chromedp.Run(ctx, chromedp.Text(css(sel))); err == nil {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("text of %s: %v", sel, err)
	return ""
}
