package api

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi/internal/httpx"
	"github.com/haizhi-dev/haizhi/internal/web/static"
)

// openAPISpec is the OpenAPI 3.1 document of the API, kept by hand beside the handlers;
// a test fails when it and the route table disagree.
//
//go:embed openapi.json
var openAPISpec []byte

// openAPI answers GET /openapi.json with the embedded document.
func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(a.spec)))
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(a.spec)
	}
}

// docsPageSource is the documentation page: Swagger UI from the vendored assets, started
// by api-docs.js, with no inline script.
const docsPageSource = `<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="{{.CSS}}">
</head>
<body>
<div id="swagger-ui" data-spec-url="{{.SpecURL}}"></div>
<script src="{{.SwaggerJS}}" defer></script>
<script src="{{.DocsJS}}" defer></script>
</body>
</html>
`

// docsPageData fills docsPageSource.
type docsPageData struct {
	Lang, Title                     string
	CSS, SwaggerJS, DocsJS, SpecURL string
}

// docsPage holds the parsed page and the asset URLs, which are fixed at start.
type docsPage struct {
	tmpl *template.Template
	data docsPageData
}

func parseDocsPage(assets *static.Assets) (*docsPage, error) {
	tmpl, err := template.New("docs").Parse(docsPageSource)
	if err != nil {
		return nil, fmt.Errorf("api: docs page: %w", err)
	}
	return &docsPage{tmpl: tmpl, data: docsPageData{
		CSS:       assets.URL("swagger-ui.css"),
		SwaggerJS: assets.URL("swagger-ui.js"),
		DocsJS:    assets.URL("api-docs.js"),
		SpecURL:   Prefix + "openapi.json",
	}}, nil
}

// docs answers GET /docs with the Swagger UI page. Swagger UI sets inline styles, so this
// page alone allows them; scripts stay same-origin only.
func (a *API) docs(w http.ResponseWriter, r *http.Request) {
	data := a.docsPage.data
	l := a.opts.I18n.Localizer(a.locale(r))
	data.Lang, data.Title = l.Locale(), l.T("site.name")+" API"
	var buf bytes.Buffer
	if err := a.docsPage.tmpl.Execute(&buf, data); err != nil {
		a.writeError(w, r, fmt.Errorf("render docs page: %w", err))
		return
	}
	httpx.WithCSP(w, a.docsCSP)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	_, _ = buf.WriteTo(w)
}
