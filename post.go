package haizhi

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// PostKind says where a portal post appears.
type PostKind string

// Post kinds.
const (
	PostNews   PostKind = "news"   // 新闻动态
	PostPolicy PostKind = "policy" // 政策
)

// Valid reports whether k is a known kind.
func (k PostKind) Valid() bool { return k == PostNews || k == PostPolicy }

// Post is a news item or a policy on the public portal, written in zh and/or en by an
// operator of the owning unit. Drafts are visible only to PermPostManage holders.
type Post struct {
	ID          int64      `json:"id"`
	UnitID      int64      `json:"unit_id"`
	UnitPath    string     `json:"-"`
	Kind        PostKind   `json:"kind"`
	TitleZH     string     `json:"title_zh"`
	TitleEN     string     `json:"title_en"`
	BodyZH      string     `json:"body_zh"`
	BodyEN      string     `json:"body_en"`
	Published   bool       `json:"published"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	AuthorID    int64      `json:"author_id"`
	Version     int        `json:"version"` // optimistic lock: updates must name the version they read
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Title returns the title in the locale, falling back to the other language.
func (p *Post) Title(locale string) string { return Localized(locale, p.TitleZH, p.TitleEN) }

// Body returns the body in the locale, falling back to the other language.
func (p *Post) Body(locale string) string { return Localized(locale, p.BodyZH, p.BodyEN) }

// Validate checks the fields a user types. A post needs a title and body in at least one
// language, and a body in each language that has a title.
func (p *Post) Validate() error {
	fields := map[string]string{}
	p.TitleZH, p.TitleEN = strings.TrimSpace(p.TitleZH), strings.TrimSpace(p.TitleEN)
	p.BodyZH, p.BodyEN = strings.TrimSpace(p.BodyZH), strings.TrimSpace(p.BodyEN)
	if !p.Kind.Valid() {
		fields["kind"] = "error.choose_one"
	}
	if p.TitleZH == "" && p.TitleEN == "" {
		fields["title_zh"] = "error.required_one_title"
	}
	if p.TitleZH != "" && p.BodyZH == "" {
		fields["body_zh"] = "error.required"
	}
	if p.TitleEN != "" && p.BodyEN == "" {
		fields["body_en"] = "error.required"
	}
	if p.BodyZH != "" && p.TitleZH == "" {
		fields["title_zh"] = "error.required"
	}
	if p.BodyEN != "" && p.TitleEN == "" {
		fields["title_en"] = "error.required"
	}
	for name, v := range map[string]string{"title_zh": p.TitleZH, "title_en": p.TitleEN} {
		if utf8.RuneCountInString(v) > 200 {
			fields[name] = "error.too_long"
		}
	}
	for name, v := range map[string]string{"body_zh": p.BodyZH, "body_en": p.BodyEN} {
		if len(v) > 100_000 {
			fields[name] = "error.too_long"
		}
	}
	if p.UnitID <= 0 {
		fields["unit_id"] = "error.choose_one"
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// PostFilter selects posts. Guests and users without PermPostManage see published posts
// only; managers also see drafts of units in their scope.
type PostFilter struct {
	Kind          PostKind
	UnitID        int64 // this unit and its subtree
	Query         string
	PublishedOnly bool
	Sort          string // "-published" (default), "published", "-updated", "title"
	Page          Page
}

// PostUpdate holds changed fields and the Version the editor read.
type PostUpdate struct {
	Kind    *PostKind
	TitleZH *string
	TitleEN *string
	BodyZH  *string
	BodyEN  *string
	Version int
}

// PostService manages portal posts.
type PostService interface {
	// FindPostByID returns a post; drafts only for PermPostManage on its unit.
	FindPostByID(ctx context.Context, id int64) (*Post, error)
	// FindPosts lists posts with the total count.
	FindPosts(ctx context.Context, f PostFilter) ([]*Post, int, error)
	// CreatePost saves a draft (PermPostManage on p.UnitID).
	CreatePost(ctx context.Context, p *Post) error
	// UpdatePost edits a post; ECONFLICT when upd.Version is not the current version.
	UpdatePost(ctx context.Context, id int64, upd PostUpdate) (*Post, error)
	// SetPostPublished publishes or withdraws a post.
	SetPostPublished(ctx context.Context, id int64, published bool) (*Post, error)
	// DeletePost removes a post.
	DeletePost(ctx context.Context, id int64) error
}
