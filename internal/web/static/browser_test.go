package static

import (
	"context"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// probeJS runs first on the styleguide page in the browser tests. It records CSP
// violations and script errors, then after load writes what it measured into a hidden
// <pre id="probe"> for --dump-dom to carry out.
const probeJS = `(function () {
  var problems = [];
  document.addEventListener("securitypolicyviolation", function (e) {
    problems.push("CSP " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
  });
  window.addEventListener("error", function (e) { problems.push("error: " + e.message); });
  window.addEventListener("load", function () {
    setTimeout(function () {
      function display(sel) { var el = document.querySelector(sel); return el ? getComputedStyle(el).display : "missing"; }
      // For the failure message: what reaches past the right edge (content of scrolling
      // boxes such as .table-wrap is listed too, but only the page width is judged).
      var wide = [];
      document.querySelectorAll("body *").forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 1) { wide.push(el.tagName.toLowerCase() + "." + el.className + " right=" + Math.round(r.right)); }
      });
      var out = {
        problems: problems,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        tooWide: wide.slice(0, 20),
        jsClass: document.documentElement.classList.contains("js"),
        htmxSafe: !!window.htmx && htmx.config.allowEval === false && htmx.config.includeIndicatorStyles === false,
        inlineStyles: document.querySelectorAll("style").length,
        timeTitle: (document.querySelector("time[data-local]") || {}).title || "",
        nav: display(".nav"),
        toggle: display(".nav-toggle-label"),
        jsHide: display(".js-hide"),
        font: getComputedStyle(document.body).fontFamily
      };
      var pre = document.createElement("pre");
      pre.id = "probe";
      pre.hidden = true;
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
    }, 100);
  });
})();`

// frameJS runs in the page that frames the styleguide at an exact width (headless
// Chromium will not make a window narrower than 500px) and copies the probe's result out
// of the frame, so that --dump-dom of the outer page carries it.
const frameJS = `window.addEventListener("load", function () {
  var f = document.getElementById("frame");
  (function poll() {
    var p = f.contentDocument && f.contentDocument.getElementById("probe");
    if (!p) { setTimeout(poll, 50); return; }
    var out = document.createElement("pre");
    out.id = "probe";
    out.hidden = true;
    out.textContent = p.textContent;
    document.body.appendChild(out);
  })();
});`

// framePage frames the styleguide in a viewport of width × height CSS pixels.
func framePage(width, height int) string {
	return `<!doctype html><html><head><meta charset="utf-8"><script src="/testdata/frame.js"></script></head>` +
		`<body><iframe id="frame" src="/testdata/styleguide.html" width="` + strconv.Itoa(width) +
		`" height="` + strconv.Itoa(height) + `" frameborder="0"></iframe></body></html>`
}

// probeResult is what probeJS reports.
type probeResult struct {
	Problems     []string `json:"problems"`
	ScrollWidth  int      `json:"scrollWidth"`
	InnerWidth   int      `json:"innerWidth"`
	TooWide      []string `json:"tooWide"`
	JSClass      bool     `json:"jsClass"`
	HTMXSafe     bool     `json:"htmxSafe"`
	InlineStyles int      `json:"inlineStyles"`
	TimeTitle    string   `json:"timeTitle"`
	Nav          string   `json:"nav"`
	Toggle       string   `json:"toggle"`
	JSHide       string   `json:"jsHide"`
	Font         string   `json:"font"`
}

// chromium returns the browser named by HAIZHI_CHROMIUM, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("HAIZHI_CHROMIUM")
	if bin == "" {
		t.Skip("HAIZHI_CHROMIUM is not set")
	}
	return bin
}

// runChromium runs headless Chromium on a URL at a window size with extra flags and
// returns its standard output.
func runChromium(t *testing.T, bin, url string, width, height int, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--disable-dev-shm-usage", "--disable-extensions", "--user-data-dir=" + t.TempDir(),
		"--window-size=" + strconv.Itoa(width) + "," + strconv.Itoa(height),
	}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}

var probePre = regexp.MustCompile(`(?s)<pre id="probe" hidden="">(.*?)</pre>`)

// TestStyleguideInBrowser loads the styleguide under a strict Content-Security-Policy at a
// phone's and a desktop's width and checks what a person would see: no CSP violation or
// script error, nothing wider than the phone's screen, the menu collapsed on the phone and
// open on the desktop, app.js at work, and the CJK font in use.
func TestStyleguideInBrowser(t *testing.T) {
	bin := chromium(t)
	a := MustAssets(t)
	srv := serveStatic(t, a, func(page string) string {
		return strings.Replace(page, "<head>", `<head><script src="/testdata/probe.js"></script>`, 1)
	})
	shots := os.Getenv("HAIZHI_STYLEGUIDE_SCREENSHOTS")
	for _, vp := range []struct {
		name          string
		width, height int
		menuCollapsed bool // nav hidden behind the toggle
	}{
		{"phone", 390, 844, true},
		{"desktop", 1280, 800, false},
	} {
		t.Run(vp.name, func(t *testing.T) {
			frame := srv.URL + "/testdata/frame.html?w=" + strconv.Itoa(vp.width) + "&h=" + strconv.Itoa(vp.height)
			dom := runChromium(t, bin, frame, vp.width+40, vp.height+40, "--dump-dom", "--virtual-time-budget=8000")
			m := probePre.FindStringSubmatch(dom)
			if m == nil {
				t.Fatalf("no probe result in the page:\n%.2000s", dom)
			}
			var got probeResult
			if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &got); err != nil {
				t.Fatal(err)
			}
			t.Logf("%+v", got)
			for _, p := range got.Problems {
				t.Errorf("page problem: %s", p)
			}
			if got.InnerWidth != vp.width {
				t.Errorf("viewport is %dpx wide, want %d", got.InnerWidth, vp.width)
			}
			if got.ScrollWidth > got.InnerWidth {
				t.Errorf("page is %dpx wide in a %dpx viewport; past the edge: %v", got.ScrollWidth, got.InnerWidth, got.TooWide)
			}
			if !got.JSClass || !got.HTMXSafe {
				t.Errorf("app.js did not run or did not configure htmx: %+v", got)
			}
			if got.InlineStyles != 0 {
				t.Errorf("%d <style> elements were added to the page", got.InlineStyles)
			}
			if got.TimeTitle == "" {
				t.Error("time[data-local] got no local-time tooltip")
			}
			if navHidden, toggleHidden := got.Nav == "none", got.Toggle == "none"; navHidden != vp.menuCollapsed || toggleHidden == vp.menuCollapsed {
				t.Errorf("nav display %q and toggle %q; want the menu collapsed: %v", got.Nav, got.Toggle, vp.menuCollapsed)
			}
			if got.JSHide != "none" {
				t.Errorf(".js-hide is %q with JavaScript on", got.JSHide)
			}
			if !strings.HasPrefix(got.Font, `"Noto Sans CJK SC"`) {
				t.Errorf("body font %q", got.Font)
			}
			if shots != "" {
				if err := os.MkdirAll(shots, 0o755); err != nil {
					t.Fatal(err)
				}
				file := filepath.Join(shots, "styleguide-"+vp.name+".png")
				abs, err := filepath.Abs(file)
				if err != nil {
					t.Fatal(err)
				}
				const tall = 7000
				runChromium(t, bin, srv.URL+"/testdata/frame.html?w="+strconv.Itoa(vp.width)+"&h="+strconv.Itoa(tall),
					vp.width+40, tall+40, "--screenshot="+abs, "--virtual-time-budget=3000")
				t.Logf("screenshot: %s", abs)
			}
		})
	}
}
