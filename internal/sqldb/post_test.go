package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

func titles(posts []*haizhi.Post) []string {
	var out []string
	for _, p := range posts {
		out = append(out, p.TitleEN)
	}
	return out
}

func TestPostService(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		posts := sqldb.NewPostService(db)
		opY := mustUser(t, db, tr, "op@yuhang.example", "op-password-1", haizhi.RoleOperator, tr.yuhang)
		opG := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		judge := mustUser(t, db, tr, "judge@park.example", "judge-password", haizhi.RoleJudge, tr.park)
		guest := context.Background()

		mk := func(ctx context.Context, unit *haizhi.OrgUnit, kind haizhi.PostKind, title string) *haizhi.Post {
			t.Helper()
			clock.Advance(time.Minute)
			p := &haizhi.Post{UnitID: unit.ID, Kind: kind, TitleEN: title, BodyEN: "Body of " + title, Published: true}
			if err := posts.CreatePost(ctx, p); err != nil {
				t.Fatalf("create %s: %v", title, err)
			}
			return p
		}
		news := mk(as(opY), tr.yuhang, haizhi.PostNews, "Yuhang news")
		policy := mk(as(opY), tr.park, haizhi.PostPolicy, "Park policy")
		gnews := mk(as(opG), tr.gongshu, haizhi.PostNews, "Gongshu news")
		if news.ID == 0 || news.Version != 1 || news.Published || news.AuthorID != opY.ID || news.UnitPath != tr.yuhang.Path {
			t.Fatalf("created %+v", news)
		}
		if err := posts.CreatePost(as(opY), &haizhi.Post{UnitID: tr.gongshu.ID, Kind: haizhi.PostNews, TitleEN: "X", BodyEN: "x"}); haizhi.ErrorCode(err) != haizhi.EFORBIDDEN {
			t.Fatalf("create in a sibling district: %v", err)
		}
		if err := posts.CreatePost(as(judge), &haizhi.Post{UnitID: tr.park.ID, Kind: haizhi.PostNews, TitleEN: "X", BodyEN: "x"}); haizhi.ErrorCode(err) != haizhi.EFORBIDDEN {
			t.Fatalf("create as judge: %v", err)
		}
		if err := posts.CreatePost(as(opY), &haizhi.Post{UnitID: tr.park.ID, Kind: "blog", TitleEN: "X"}); haizhi.ErrorCode(err) != haizhi.EINVALID {
			t.Fatalf("invalid post: %v", err)
		}

		t.Run("drafts are hidden from guests and other units", func(t *testing.T) {
			if list, n, err := posts.FindPosts(guest, haizhi.PostFilter{}); err != nil || n != 0 || len(list) != 0 {
				t.Fatalf("guest sees %d drafts: %v", n, err)
			}
			wantCode(t, func() error { _, err := posts.FindPostByID(guest, news.ID); return err }(), haizhi.ENOTFOUND)
			wantCode(t, func() error { _, err := posts.FindPostByID(as(judge), news.ID); return err }(), haizhi.ENOTFOUND)
			wantCode(t, func() error { _, err := posts.FindPostByID(as(opG), news.ID); return err }(), haizhi.ENOTFOUND)
			if p, err := posts.FindPostByID(as(opY), policy.ID); err != nil || p.TitleEN != "Park policy" {
				t.Fatalf("own draft: %v %v", p, err)
			}
			list, n, err := posts.FindPosts(as(opY), haizhi.PostFilter{Sort: "title"})
			if err != nil || n != 2 || !slices.Equal(titles(list), []string{"Park policy", "Yuhang news"}) {
				t.Fatalf("yuhang operator sees %d: %v %v", n, titles(list), err)
			}
			wantCode(t, func() error { _, err := posts.UpdatePost(as(opG), news.ID, haizhi.PostUpdate{Version: 1}); return err }(), haizhi.ENOTFOUND)
		})
		t.Run("publishing", func(t *testing.T) {
			clock.Advance(time.Hour)
			p, err := posts.SetPostPublished(as(opY), news.ID, true)
			if err != nil || !p.Published || p.PublishedAt == nil || !p.PublishedAt.Equal(clock.Now()) {
				t.Fatalf("publish: %+v %v", p, err)
			}
			first := *p.PublishedAt
			clock.Advance(time.Hour)
			if _, err := posts.SetPostPublished(as(opG), gnews.ID, true); err != nil {
				t.Fatal(err)
			}
			list, n, err := posts.FindPosts(guest, haizhi.PostFilter{})
			if err != nil || n != 2 || !slices.Equal(titles(list), []string{"Gongshu news", "Yuhang news"}) {
				t.Fatalf("guest sees %d: %v %v", n, titles(list), err)
			}
			if p, err := posts.FindPostByID(guest, news.ID); err != nil || !p.PublishedAt.Equal(first) {
				t.Fatalf("guest reads published: %+v %v", p, err)
			}
			// A published post of another district is readable but not editable.
			wantCode(t, func() error { _, err := posts.SetPostPublished(as(opG), news.ID, false); return err }(), haizhi.EFORBIDDEN)
			wantCode(t, func() error { _, err := posts.SetPostPublished(guest, news.ID, false); return err }(), haizhi.EUNAUTHORIZED)

			clock.Advance(time.Hour)
			p, err = posts.SetPostPublished(as(opY), news.ID, false)
			if err != nil || p.Published || !p.PublishedAt.Equal(first) {
				t.Fatalf("withdraw: %+v %v", p, err)
			}
			clock.Advance(time.Hour)
			p, err = posts.SetPostPublished(as(opY), news.ID, true)
			if err != nil || !p.PublishedAt.Equal(first) {
				t.Fatalf("republish keeps the first date: %+v %v", p, err)
			}
		})
		t.Run("version conflict", func(t *testing.T) {
			title := "Park policy (revised)"
			p, err := posts.UpdatePost(as(opY), policy.ID, haizhi.PostUpdate{TitleEN: &title, BodyEN: &title, Version: 1})
			if err != nil || p.Version != 2 || p.TitleEN != title {
				t.Fatalf("update: %+v %v", p, err)
			}
			stale := "Stale edit"
			_, err = posts.UpdatePost(as(opY), policy.ID, haizhi.PostUpdate{TitleEN: &stale, Version: 1})
			if haizhi.ErrorCode(err) != haizhi.ECONFLICT || haizhi.ErrorKey(err) != "error.version_conflict" {
				t.Fatalf("stale update: %v", err)
			}
			empty := ""
			if _, err := posts.UpdatePost(as(opY), policy.ID, haizhi.PostUpdate{TitleEN: &empty, Version: 2}); haizhi.ErrorCode(err) != haizhi.EINVALID {
				t.Fatalf("invalid update: %v", err)
			}
			if p, _ := posts.FindPostByID(as(opY), policy.ID); p.TitleEN != title || p.Version != 2 {
				t.Fatalf("after conflict: %+v", p)
			}
		})
		t.Run("filters, sorts and paging", func(t *testing.T) {
			mk(as(opY), tr.park, haizhi.PostNews, "Park 100% news")
			cases := []struct {
				ctx  context.Context
				f    haizhi.PostFilter
				want []string
				n    int
			}{
				{as(opY), haizhi.PostFilter{}, []string{"Gongshu news", "Yuhang news", "Park 100% news", "Park policy (revised)"}, 4},
				{as(opY), haizhi.PostFilter{Sort: "-updated", Page: haizhi.Page{Limit: 2}}, []string{"Park 100% news", "Park policy (revised)"}, 4},
				{as(opY), haizhi.PostFilter{Page: haizhi.Page{Limit: 2, Offset: 2}}, []string{"Park 100% news", "Park policy (revised)"}, 4},
				{as(opY), haizhi.PostFilter{PublishedOnly: true, Sort: "published"}, []string{"Yuhang news", "Gongshu news"}, 2},
				{as(opY), haizhi.PostFilter{Kind: haizhi.PostNews, Sort: "title"}, []string{"Gongshu news", "Park 100% news", "Yuhang news"}, 3},
				{as(opY), haizhi.PostFilter{UnitID: tr.park.ID, Sort: "title"}, []string{"Park 100% news", "Park policy (revised)"}, 2},
				{as(opY), haizhi.PostFilter{UnitID: tr.yuhang.ID, Kind: haizhi.PostPolicy}, []string{"Park policy (revised)"}, 1},
				{as(opY), haizhi.PostFilter{Query: "100%"}, []string{"Park 100% news"}, 1},
				{as(opY), haizhi.PostFilter{Query: "PARK", Sort: "title"}, []string{"Park 100% news", "Park policy (revised)"}, 2},
				{as(opG), haizhi.PostFilter{Query: "park"}, nil, 0},
				{guest, haizhi.PostFilter{UnitID: tr.yuhang.ID}, []string{"Yuhang news"}, 1},
				{guest, haizhi.PostFilter{Sort: "id; DROP TABLE posts"}, []string{"Gongshu news", "Yuhang news"}, 2},
			}
			for i, c := range cases {
				list, n, err := posts.FindPosts(c.ctx, c.f)
				if err != nil || n != c.n || !slices.Equal(titles(list), c.want) {
					t.Errorf("case %d %+v: got %d %v %v, want %d %v", i, c.f, n, titles(list), err, c.n, c.want)
				}
			}
		})
		t.Run("delete", func(t *testing.T) {
			wantCode(t, posts.DeletePost(as(opG), policy.ID), haizhi.ENOTFOUND)
			wantCode(t, posts.DeletePost(as(opG), news.ID), haizhi.EFORBIDDEN)
			if err := posts.DeletePost(as(opY), policy.ID); err != nil {
				t.Fatal(err)
			}
			wantCode(t, func() error { _, err := posts.FindPostByID(as(opY), policy.ID); return err }(), haizhi.ENOTFOUND)
		})

		mustAuditOK(t, db)
		evs, n, err := sqldb.NewAuditService(db).FindAuditEvents(tr.sys, haizhi.AuditFilter{RecordType: "post"})
		if err != nil || n != 10 {
			t.Fatalf("post events: %d %v", n, err)
		}
		if evs[0].Action != "post.delete" || evs[0].UnitPath != tr.park.Path || evs[0].Actor != opY.Email {
			t.Fatalf("last post event: %+v", evs[0])
		}
	})
}
