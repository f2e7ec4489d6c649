package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// postSortKeys whitelists the orders of the post manager's list; the first is the default.
var postSortKeys = []string{"-published", "published", "-updated", "title"}

// postRow is one line of the post manager's list.
type postRow struct {
	*haizhi.Post
	UnitName  string
	CanManage bool
}

// managePosts lists the posts an operator works on: drafts and published posts of their
// units, filtered by kind, status, unit and a search, sorted and paged in SQL.
func (s *Server) managePosts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := haizhi.ActorFromContext(ctx)
	q := r.URL.Query()
	f := haizhi.PostFilter{
		Kind:          haizhi.PostKind(q.Get("kind")),
		Query:         strings.TrimSpace(q.Get("q")),
		PublishedOnly: q.Get("status") == "published",
		UnitID:        queryID(q, "unit"),
		Sort:          cmp.Or(chosenSort(q, postSortKeys), postSortKeys[0]),
		Page:          pageOf(r, 20),
	}
	if !f.Kind.Valid() {
		f.Kind = ""
	}
	units, err := s.unitsWith(ctx, haizhi.PermPostManage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	selected := f.UnitID
	if f.UnitID == 0 {
		// "All my units": for the usual single-unit operator, keep other units' published
		// posts out of the list in SQL, since there is nothing to manage about them.
		f.UnitID = scopeUnitID(a, haizhi.PermPostManage)
	}
	posts, total, err := s.svc.Posts.FindPosts(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "posts.title", nil)
	names := unitNames(units, v.Locale)
	rows := make([]postRow, len(posts))
	for i, p := range posts {
		rows[i] = postRow{Post: p, UnitName: names[p.UnitID], CanManage: a.Can(haizhi.PermPostManage, p.UnitPath)}
	}
	v.Data = map[string]any{
		"Posts": rows, "Query": f.Query, "Kind": string(f.Kind), "Status": q.Get("status"), "SortKey": chosenSort(q, postSortKeys),
		"Units": selectOptions(unitOptions(units, v.Locale), strconv.FormatInt(selected, 10)),
		"Tabs":  postKindTabs(r.URL, f.Kind),
		"Sort": sortHeaders(r.URL, f.Sort, map[string][]string{
			"title": {"title"}, "published": {"-published", "published"}, "updated": {"-updated"},
		}),
		"Pager":    newPager(r.URL, f.Page, total),
		"Filtered": f.Query != "" || f.Kind != "" || f.PublishedOnly || selected != 0,
	}
	s.render(w, r, http.StatusOK, "manage_posts", v)
}

// postTab is one kind tab above the post list.
type postTab struct {
	Key     string
	URL     string
	Current bool
}

// postKindTabs links to the list of every kind and of each kind, keeping the other
// filters and going back to the first page.
func postKindTabs(u *url.URL, current haizhi.PostKind) []postTab {
	var tabs []postTab
	for _, k := range []haizhi.PostKind{"", haizhi.PostNews, haizhi.PostPolicy} {
		key := "posts.kind_all"
		if k != "" {
			key = "post_kind." + string(k)
		}
		tabs = append(tabs, postTab{Key: key, URL: listURL(u, "kind", string(k)), Current: k == current})
	}
	return tabs
}

// postNew shows an empty post form.
func (s *Server) postNew(w http.ResponseWriter, r *http.Request) {
	s.renderPostForm(w, r, http.StatusOK, nil, nil)
}

// postCreate saves a new draft and goes back to the list.
func (s *Server) postCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	p := &haizhi.Post{Kind: haizhi.PostKind(pf.Get("kind")), UnitID: formID(pf, "unit_id"),
		TitleZH: pf.Get("title_zh"), BodyZH: pf.Get("body_zh"), TitleEN: pf.Get("title_en"), BodyEN: pf.Get("body_en")}
	if err := s.svc.Posts.CreatePost(r.Context(), p); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderPostForm(w, r, formStatus(err), nil, err)
		return
	}
	s.setFlash(r, "success", "posts.created")
	redirect(w, r, "/manage/posts")
}

// postEdit shows the form of a post the actor may manage.
func (s *Server) postEdit(w http.ResponseWriter, r *http.Request) {
	p, err := s.managedPost(r, pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPostForm(w, r, http.StatusOK, p, nil)
}

// postUpdate saves the text of a post. A save based on an old version is refused with
// 409 and the form comes back with the user's text, so nothing typed is lost.
func (s *Server) postUpdate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id, pf := pathID(r, "id"), r.PostForm
	version, _ := strconv.Atoi(pf.Get("version"))
	kind := haizhi.PostKind(pf.Get("kind"))
	text := func(name string) *string { v := pf.Get(name); return &v }
	upd := haizhi.PostUpdate{Kind: &kind, TitleZH: text("title_zh"), BodyZH: text("body_zh"),
		TitleEN: text("title_en"), BodyEN: text("body_en"), Version: version}
	if _, err := s.svc.Posts.UpdatePost(r.Context(), id, upd); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		p, ferr := s.managedPost(r, id)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		s.renderPostForm(w, r, formStatus(err), p, err)
		return
	}
	s.setFlash(r, "success", "posts.saved")
	redirect(w, r, "/manage/posts/"+strconv.FormatInt(id, 10)+"/edit")
}

// postPublish publishes or withdraws a post, then goes back to the page the button was on.
func (s *Server) postPublish(published bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, badForm(err))
			return
		}
		if _, err := s.svc.Posts.SetPostPublished(r.Context(), pathID(r, "id"), published); err != nil {
			s.fail(w, r, err)
			return
		}
		key := "posts.unpublished"
		if published {
			key = "posts.published"
		}
		s.setFlash(r, "success", key)
		redirect(w, r, backTo(r, "/manage/posts"))
	}
}

// postDelete removes a post.
func (s *Server) postDelete(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	if err := s.svc.Posts.DeletePost(r.Context(), pathID(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "posts.deleted")
	next := backTo(r, "/manage/posts")
	if strings.HasSuffix(next, "/edit") {
		next = "/manage/posts" // the post's own page is gone
	}
	redirect(w, r, next)
}

// managedPost loads a post and refuses (403) one the actor may read but not manage, such
// as another district's published news.
func (s *Server) managedPost(r *http.Request, id int64) (*haizhi.Post, error) {
	p, err := s.svc.Posts.FindPostByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !haizhi.ActorFromContext(r.Context()).Can(haizhi.PermPostManage, p.UnitPath) {
		return nil, haizhi.ErrForbidden
	}
	return p, nil
}

// renderPostForm shows the new-post form (p nil) or the edit form of p, with the problems
// of err beside their fields.
func (s *Server) renderPostForm(w http.ResponseWriter, r *http.Request, status int, p *haizhi.Post, err error) {
	units, uerr := s.unitsWith(r.Context(), haizhi.PermPostManage)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	title := "posts.new_title"
	if p != nil {
		title = "posts.edit_title"
	}
	v := s.newView(r, title, nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	kinds := []option{{Value: "", Label: v.T("admin.choose")}}
	for _, k := range []haizhi.PostKind{haizhi.PostNews, haizhi.PostPolicy} {
		kinds = append(kinds, option{Value: string(k), Label: v.T("post_kind." + string(k))})
	}
	def := map[string]string{"kind": r.URL.Query().Get("kind")}
	if len(units) == 1 {
		def["unit_id"] = strconv.FormatInt(units[0].ID, 10)
	}
	data := map[string]any{"Post": p, "Conflict": haizhi.ErrorKey(err) == "error.version_conflict"}
	if p != nil {
		def = map[string]string{"kind": string(p.Kind), "title_zh": p.TitleZH, "body_zh": p.BodyZH, "title_en": p.TitleEN, "body_en": p.BodyEN}
		data["UnitName"] = unitNames(units, v.Locale)[p.UnitID]
		data["Version"] = strconv.Itoa(p.Version)
		if v.Form != nil && v.Form.Values.Has("version") {
			data["Version"] = v.Form.Value("version") // a conflict keeps the version the user edited
		}
	}
	blank := option{Value: "", Label: v.T("admin.choose")}
	data["Kind"] = newField(v, "kind", "select", "field.post_kind", true, def["kind"]).withOptions(kinds...)
	data["Unit"] = newField(v, "unit_id", "select", "field.unit", true, def["unit_id"]).withOptions(append([]option{blank}, unitOptions(units, v.Locale)...)...)
	for _, name := range []string{"title_zh", "body_zh", "title_en", "body_en"} {
		typ := "text"
		if strings.HasPrefix(name, "body") {
			typ = "textarea"
		}
		data[name] = newField(v, name, typ, "field."+name, false, def[name])
	}
	v.Data = data
	s.render(w, r, status, "post_form", v)
}

// formStatus is the status of a form shown again with its problems: 409 when the record
// changed or already exists (a stale version, a taken code or email), 422 otherwise.
func formStatus(err error) int {
	if haizhi.ErrorCode(err) == haizhi.ECONFLICT {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// queryID reads a numeric id from a query parameter; 0 when absent or malformed.
func queryID(q url.Values, name string) int64 {
	id, err := strconv.ParseInt(q.Get(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// formID reads a numeric id from a posted form field; 0 when absent or malformed.
func formID(f url.Values, name string) int64 { return queryID(f, name) }

// listURL returns the list at u with key set to value (removed when empty), back on its
// first page: a new filter or order makes the old page number meaningless.
func listURL(u *url.URL, key, value string) string {
	c := *u
	q := c.Query()
	q.Del("page")
	c.RawQuery = q.Encode()
	return withQuery(&c, key, value)
}

// chosenSort returns the order the request asked for (?sort=) when it is one of keys, or
// "" so that the list's default applies.
func chosenSort(q url.Values, keys []string) string {
	if s := q.Get("sort"); slices.Contains(keys, s) {
		return s
	}
	return ""
}

// sortHeader is a sortable column header: the link that sorts by the column and, when
// the list is sorted by it, its aria-sort state ("ascending" or "descending").
type sortHeader struct{ URL, Aria string }

// sortHeaders builds the column headers of a list sorted by current. cols maps a column to
// its sort keys: the first is applied when the column is chosen ("-published" for newest
// first), a second one, if any, when it is chosen again.
func sortHeaders(u *url.URL, current string, cols map[string][]string) map[string]sortHeader {
	out := make(map[string]sortHeader, len(cols))
	for name, keys := range cols {
		h := sortHeader{URL: listURL(u, "sort", keys[0])}
		if i := slices.Index(keys, current); i >= 0 {
			h.Aria = "ascending"
			if strings.HasPrefix(current, "-") {
				h.Aria = "descending"
			}
			h.URL = listURL(u, "sort", keys[(i+1)%len(keys)])
		}
		out[name] = h
	}
	return out
}

// backTo returns the page a button asked to go back to (its "next" field) when it is a
// path on this site, or def.
func backTo(r *http.Request, def string) string {
	if next := r.PostForm.Get("next"); next != "" && safeNext(next) == next {
		return next
	}
	return def
}
