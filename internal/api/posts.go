package api

import (
	"net/http"

	"github.com/haizhi-dev/haizhi"
)

// postList answers GET /posts: published posts for everyone and, for holders of
// PermPostManage, the drafts of their units too (published=true leaves those out),
// filtered by kind, q (titles) and unit_id (that unit and below).
func (a *API) postList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := haizhi.PostFilter{
		Kind:          haizhi.PostKind(q.oneOf("kind", string(haizhi.PostNews), string(haizhi.PostPolicy))),
		Query:         q.str("q"),
		UnitID:        q.id("unit_id"),
		PublishedOnly: q.bool("published"),
		Sort:          q.oneOf("sort", "-published", "published", "-updated", "title"),
		Page:          q.page(),
	}
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	posts, total, err := a.svc.Posts.FindPosts(r.Context(), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, newList(posts, total, f.Page))
}

// postShow answers GET /posts/{id}: a published post to anyone, a draft only to holders
// of PermPostManage on its unit (404 for everyone else).
func (a *API) postShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "post")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	p, err := a.svc.Posts.FindPostByID(r.Context(), id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, p)
}
