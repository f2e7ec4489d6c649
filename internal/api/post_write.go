package api

import (
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi"
)

// postCreateRequest is the body of POST /posts.
type postCreateRequest struct {
	UnitID  int64           `json:"unit_id"`
	Kind    haizhi.PostKind `json:"kind"`
	TitleZH string          `json:"title_zh"`
	TitleEN string          `json:"title_en"`
	BodyZH  string          `json:"body_zh"`
	BodyEN  string          `json:"body_en"`
}

// postCreate answers POST /posts: a draft of version 1 (PermPostManage on unit_id).
func (a *API) postCreate(w http.ResponseWriter, r *http.Request) {
	var req postCreateRequest
	if err := a.decode(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	p := &haizhi.Post{UnitID: req.UnitID, Kind: req.Kind, TitleZH: req.TitleZH, TitleEN: req.TitleEN,
		BodyZH: req.BodyZH, BodyEN: req.BodyEN}
	if err := a.svc.Posts.CreatePost(r.Context(), p); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.created(w, r, Prefix+"posts/"+strconv.FormatInt(p.ID, 10), p)
}

// postUpdateRequest is the body of PATCH /posts/{id}: the version the editor read, and
// the fields to change (absent ones stay as they are).
type postUpdateRequest struct {
	Version *int             `json:"version"`
	Kind    *haizhi.PostKind `json:"kind"`
	TitleZH *string          `json:"title_zh"`
	TitleEN *string          `json:"title_en"`
	BodyZH  *string          `json:"body_zh"`
	BodyEN  *string          `json:"body_en"`
}

// postUpdate answers PATCH /posts/{id} (PermPostManage on the post's unit): 409 when the
// version is not the current one, because someone else saved in between.
func (a *API) postUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "post")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var req postUpdateRequest
	if err := a.decode(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	if req.Version == nil {
		a.writeError(w, r, haizhi.Invalid(map[string]string{"version": "error.required"}))
		return
	}
	p, err := a.svc.Posts.UpdatePost(r.Context(), id, haizhi.PostUpdate{Version: *req.Version, Kind: req.Kind,
		TitleZH: req.TitleZH, TitleEN: req.TitleEN, BodyZH: req.BodyZH, BodyEN: req.BodyEN})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, p)
}

// postDelete answers DELETE /posts/{id} with 204 (PermPostManage on the post's unit).
func (a *API) postDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "post")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.svc.Posts.DeletePost(r.Context(), id); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// postPublish answers POST /posts/{id}/publish and /unpublish with the post as it now is
// (PermPostManage on its unit). Doing what is already done changes nothing.
func (a *API) postPublish(published bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "post")
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		p, err := a.svc.Posts.SetPostPublished(r.Context(), id, published)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		a.json(w, r, http.StatusOK, p)
	}
}
