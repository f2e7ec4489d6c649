package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// PostService implements haizhi.PostService.
type PostService struct{ db *DB }

// NewPostService returns the post service of db.
func NewPostService(db *DB) *PostService { return &PostService{db: db} }

var _ haizhi.PostService = (*PostService)(nil)

const postColumns = `p.id, p.unit_id, o.path, p.kind, p.title_zh, p.title_en, p.body_zh, p.body_en, p.published, p.published_at,
	COALESCE(p.author_id, 0), p.version, p.created_at, p.updated_at`

const postFrom = ` FROM posts p JOIN org_units o ON o.id = p.unit_id`

func scanPost(s interface{ Scan(...any) error }) (*haizhi.Post, error) {
	p := &haizhi.Post{}
	var published sql.NullTime
	err := s.Scan(&p.ID, &p.UnitID, &p.UnitPath, &p.Kind, &p.TitleZH, &p.TitleEN, &p.BodyZH, &p.BodyEN, &p.Published, &published,
		&p.AuthorID, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	p.PublishedAt = timePtr(published)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

// findPost loads a post without permission checks.
func findPost(tx *Tx, id int64) (*haizhi.Post, error) {
	p, err := scanPost(tx.QueryRow(`SELECT `+postColumns+postFrom+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("post")
	} else if err != nil {
		return nil, fmt.Errorf("find post: %w", err)
	}
	return p, nil
}

// findManagedPost loads a post the actor may change: ENOTFOUND when it is a draft they
// cannot see, EFORBIDDEN (or EUNAUTHORIZED) when it is published but not theirs to manage.
func findManagedPost(tx *Tx, id int64) (*haizhi.Post, error) {
	p, err := findPost(tx, id)
	if err != nil {
		return nil, err
	}
	if !p.Published && !tx.Actor().Can(haizhi.PermPostManage, p.UnitPath) {
		return nil, haizhi.NotFound("post")
	}
	if err := haizhi.Authorize(tx.ctx, haizhi.PermPostManage, p.UnitPath); err != nil {
		return nil, err
	}
	return p, nil
}

// FindPostByID returns a published post to anyone, a draft only to holders of
// PermPostManage on its unit; ENOTFOUND otherwise.
func (s *PostService) FindPostByID(ctx context.Context, id int64) (*haizhi.Post, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := findPost(tx, id)
	if err != nil {
		return nil, err
	}
	if !p.Published && !tx.Actor().Can(haizhi.PermPostManage, p.UnitPath) {
		return nil, haizhi.NotFound("post")
	}
	return p, nil
}

// postSorts whitelists the sort orders of FindPosts. "published_at IS NULL" first puts
// drafts (never published) last in both databases, which order NULLs differently.
var postSorts = map[string]string{
	"-published": "p.published_at IS NULL, p.published_at DESC, p.id DESC",
	"published":  "p.published_at IS NULL, p.published_at, p.id",
	"-updated":   "p.updated_at DESC, p.id DESC",
	"title":      "p.title_zh, p.title_en, p.id",
}

// FindPosts lists published posts and, for holders of PermPostManage, the drafts within
// their scope, with the total count before paging.
func (s *PostService) FindPosts(ctx context.Context, f haizhi.PostFilter) ([]*haizhi.Post, int, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	a := tx.Actor()
	var where []string
	var args []any
	if f.PublishedOnly {
		where = append(where, "p.published = TRUE")
	} else {
		scope, sargs := scopeClause("o.path", a.Scope(haizhi.PermPostManage))
		where, args = append(where, "(p.published = TRUE OR "+scope+")"), append(args, sargs...)
	}
	if f.Kind != "" {
		where, args = append(where, "p.kind = ?"), append(args, string(f.Kind))
	}
	if f.UnitID != 0 {
		where, args = append(where, "o.path LIKE ((SELECT path FROM org_units WHERE id = ?) || '%')"), append(args, f.UnitID)
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		where = append(where, `(lower(p.title_zh) LIKE ? ESCAPE '\' OR lower(p.title_en) LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRow(`SELECT COUNT(*)`+postFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count posts: %w", err)
	}
	order, ok := postSorts[f.Sort]
	if !ok {
		order = postSorts["-published"]
	}
	if f.Sort == "title" && strings.HasPrefix(readerLocale(a), "en") {
		order = "p.title_en, p.title_zh, p.id"
	}
	if f.Page.CountOnly {
		return nil, total, nil
	}
	p := f.Page.Normalize()
	rows, err := tx.Query(`SELECT `+postColumns+postFrom+` WHERE `+cond+` ORDER BY `+order+pageClause(p),
		append(args, p.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find posts: %w", err)
	}
	defer rows.Close()
	var out []*haizhi.Post
	for rows.Next() {
		post, err := scanPost(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan post: %w", err)
		}
		out = append(out, post)
	}
	return out, total, rows.Err()
}

// CreatePost saves p as a draft of version 1 written by the actor (PermPostManage on
// p.UnitID). It sets ID, UnitPath, AuthorID, Version and the times.
func (s *PostService) CreatePost(ctx context.Context, p *haizhi.Post) error {
	if err := p.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	unit, err := findUnit(tx, "id", p.UnitID)
	if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return haizhi.Invalid(map[string]string{"unit_id": "error.choose_one"})
	} else if err != nil {
		return err
	}
	if err := haizhi.Authorize(ctx, haizhi.PermPostManage, unit.Path); err != nil {
		return err
	}
	var author any // NULL for the system
	if a := tx.Actor(); a.UserID != 0 {
		author = a.UserID
	}
	p.UnitPath, p.AuthorID, p.Version = unit.Path, tx.Actor().UserID, 1
	p.Published, p.PublishedAt, p.CreatedAt, p.UpdatedAt = false, nil, tx.now, tx.now
	p.ID, err = tx.InsertID(`INSERT INTO posts (unit_id, kind, title_zh, title_en, body_zh, body_en, published, author_id, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.UnitID, string(p.Kind), p.TitleZH, p.TitleEN, p.BodyZH, p.BodyEN, false, author, p.Version, p.CreatedAt, p.UpdatedAt)
	if err != nil {
		return fmt.Errorf("create post: %w", err)
	}
	tx.Audit("post.create", "post", p.ID, unit.Path, map[string]any{"kind": p.Kind, "title_zh": p.TitleZH, "title_en": p.TitleEN})
	return tx.Commit()
}

// UpdatePost edits a post (PermPostManage on its unit) and advances its version.
// ECONFLICT "error.version_conflict" when upd.Version is not the current version.
func (s *PostService) UpdatePost(ctx context.Context, id int64, upd haizhi.PostUpdate) (*haizhi.Post, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := findManagedPost(tx, id)
	if err != nil {
		return nil, err
	}
	var changed []string
	set := func(name string, dst *string, v *string) {
		if v != nil && *v != *dst {
			*dst = *v
			changed = append(changed, name)
		}
	}
	if upd.Kind != nil && *upd.Kind != p.Kind {
		p.Kind = *upd.Kind
		changed = append(changed, "kind")
	}
	set("title_zh", &p.TitleZH, upd.TitleZH)
	set("title_en", &p.TitleEN, upd.TitleEN)
	set("body_zh", &p.BodyZH, upd.BodyZH)
	set("body_en", &p.BodyEN, upd.BodyEN)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// The version in the condition is the optimistic lock: if someone saved since the
	// editor read the post, no row matches.
	res, err := tx.Exec(`UPDATE posts SET kind = ?, title_zh = ?, title_en = ?, body_zh = ?, body_en = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		string(p.Kind), p.TitleZH, p.TitleEN, p.BodyZH, p.BodyEN, tx.now, id, upd.Version)
	if err != nil {
		return nil, fmt.Errorf("update post: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict",
			Message: fmt.Sprintf("Post %d was changed by someone else (version %d is not current).", id, upd.Version)}
	}
	p.Version, p.UpdatedAt = upd.Version+1, tx.now
	tx.Audit("post.update", "post", id, p.UnitPath, map[string]any{"version": p.Version, "changed": changed,
		"title_zh": p.TitleZH, "title_en": p.TitleEN})
	return p, tx.Commit()
}

// SetPostPublished publishes or withdraws a post (PermPostManage on its unit). The first
// publication sets PublishedAt, which later withdrawals and republications keep. Setting
// the state a post already has changes nothing. The version is not advanced: publishing
// does not touch the text an editor may be changing.
func (s *PostService) SetPostPublished(ctx context.Context, id int64, published bool) (*haizhi.Post, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := findManagedPost(tx, id)
	if err != nil {
		return nil, err
	}
	if p.Published == published {
		return p, nil
	}
	if _, err := tx.Exec(`UPDATE posts SET published = ?, published_at = COALESCE(published_at, ?), updated_at = ? WHERE id = ?`,
		published, tx.now, tx.now, id); err != nil {
		return nil, fmt.Errorf("publish post: %w", err)
	}
	p.Published, p.UpdatedAt = published, tx.now
	if p.PublishedAt == nil && published {
		now := tx.now
		p.PublishedAt = &now
	}
	action := "post.withdraw"
	if published {
		action = "post.publish"
	}
	tx.Audit(action, "post", id, p.UnitPath, nil)
	return p, tx.Commit()
}

// DeletePost removes a post (PermPostManage on its unit).
func (s *PostService) DeletePost(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p, err := findManagedPost(tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM posts WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete post: %w", err)
	}
	tx.Audit("post.delete", "post", id, p.UnitPath, map[string]any{"kind": p.Kind, "title_zh": p.TitleZH, "title_en": p.TitleEN})
	return tx.Commit()
}
