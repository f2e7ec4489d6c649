package sqldb_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// TestNeeds: an enterprise in the park drafts a need (bad input comes back by field),
// which only it and the park's district operators see until it is published; then
// every signed-in user finds it, in Chinese or English words; another district's
// operator cannot change it; a stale version is refused; an operator publishes on
// another enterprise's behalf; lists filter, sort and page.
func TestNeeds(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewNeedService(db)
		ent := mustUser(t, db, tr, "hr@drone.example", "a long password 1", haizhi.RoleEnterprise, tr.park)
		other := mustUser(t, db, tr, "hr@other.example", "a long password 1", haizhi.RoleEnterprise, tr.park)
		op := mustUser(t, db, tr, "op@yuhang.example", "a long password 1", haizhi.RoleOperator, tr.yuhang)
		far := mustUser(t, db, tr, "op@gongshu.example", "a long password 1", haizhi.RoleOperator, tr.gongshu)
		talent := mustUser(t, db, tr, "talent@x.example", "a long password 1", haizhi.RoleApplicant, tr.city)

		bad := &haizhi.Need{UnitID: tr.park.ID, Kind: haizhi.NeedChallenge, Enterprise: "杭州翼飞无人机有限公司", Industry: "equipment", BudgetYuan: -1}
		errs := haizhi.ErrorFields(svc.SaveNeed(as(ent), bad))
		for field, key := range map[string]string{"title_zh": "error.need_title", "description_zh": "error.need_description",
			"budget_yuan": "error.amount_range", "reward_yuan": "error.challenge_reward", "deadline": "error.challenge_deadline"} {
			if errs[field] != key {
				t.Errorf("field %s: %q, want %q (%v)", field, errs[field], key, errs)
			}
		}
		n := &haizhi.Need{UnitID: tr.park.ID, Kind: haizhi.NeedTechnology, Enterprise: "杭州翼飞无人机有限公司", TitleZH: "长航时无人机固态电池",
			DescriptionZH: "寻求能量密度 400Wh/kg 以上的固态电池技术，用于工业巡检无人机。", Industry: "equipment",
			Keywords: []string{"固态电池", "无人机"}, Location: "余杭区未来科技城", BudgetYuan: 5_000_000}
		if err := svc.SaveNeed(as(ent), n); err != nil || n.ID == 0 || n.Status != haizhi.NeedDraft || n.OwnerID != ent.ID {
			t.Fatalf("draft: %+v %v", n, err)
		}
		for name, u := range map[string]*haizhi.User{"another enterprise": other, "a talent": talent, "another district": far} {
			if _, err := svc.FindNeedByID(as(u), n.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
				t.Errorf("%s reads a draft: %v", name, err)
			}
		}
		if _, err := svc.FindNeedByID(as(op), n.ID); err != nil {
			t.Fatalf("the district's operator: %v", err)
		}
		if _, err := svc.SetNeedStatus(as(other), n.ID, haizhi.NeedPublished); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("another enterprise publishes: %v", err)
		}
		clock.Advance(time.Hour)
		pub, err := svc.SetNeedStatus(as(ent), n.ID, haizhi.NeedPublished)
		if err != nil || pub.Status != haizhi.NeedPublished || pub.PublishedAt == nil {
			t.Fatalf("publish: %+v %v", pub, err)
		}
		for _, q := range []string{"电池", "固态电池", "无人机", "翼飞"} {
			list, total, err := svc.FindNeeds(as(talent), haizhi.NeedFilter{Query: q})
			if err != nil || total != 1 || list[0].ID != n.ID {
				t.Errorf("search %q: %d %v", q, total, err)
			}
		}
		// Another district's operator reads it but cannot change it.
		if _, err := svc.FindNeedByID(as(far), n.ID); err != nil {
			t.Fatalf("a published need: %v", err)
		}
		stale := *pub
		stale.TitleZH = "改"
		if err := svc.SaveNeed(as(far), &stale); haizhi.ErrorCode(err) != haizhi.EFORBIDDEN {
			t.Fatalf("another district edits: %v", err)
		}
		edit := *pub
		edit.TitleEN = "Solid-state batteries for long-endurance drones"
		if err := svc.SaveNeed(as(ent), &edit); err != nil || edit.Version != pub.Version+1 {
			t.Fatalf("edit: %+v %v", edit, err)
		}
		if err := svc.SaveNeed(as(op), &stale); haizhi.ErrorKey(err) != "error.version_conflict" {
			t.Fatalf("stale edit: %v", err)
		}
		if list, _, _ := svc.FindNeeds(as(talent), haizhi.NeedFilter{Query: "batteries"}); len(list) != 1 {
			t.Errorf("English search after the edit: %d", len(list))
		}
		// The operator publishes others on enterprises' behalf.
		for i := range 25 {
			x := &haizhi.Need{UnitID: tr.yuhang.ID, Kind: haizhi.NeedTalent, Enterprise: fmt.Sprintf("企业%02d", i), TitleEN: fmt.Sprintf("Vision engineer %02d", i),
				DescriptionEN: "Machine vision for quality inspection.", Industry: "ai", BudgetYuan: int64(i) * 100_000}
			if err := svc.SaveNeed(as(op), x); err != nil || x.OwnerID != 0 {
				t.Fatalf("on behalf: %+v %v", x, err)
			}
			if i%2 == 0 {
				if _, err := svc.SetNeedStatus(as(op), x.ID, haizhi.NeedPublished); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, total, _ := svc.FindNeeds(as(op), haizhi.NeedFilter{Industry: "ai"}); total != 25 {
			t.Errorf("the operator's AI needs: %d", total)
		}
		if _, total, _ := svc.FindNeeds(as(talent), haizhi.NeedFilter{Industry: "ai"}); total != 13 {
			t.Errorf("a talent sees published only: %d", total)
		}
		page, total, err := svc.FindNeeds(as(talent), haizhi.NeedFilter{Sort: "budget", Page: haizhi.Page{Limit: 5, Offset: 5}})
		if err != nil || total != 14 || len(page) != 5 || page[0].BudgetYuan < page[4].BudgetYuan {
			t.Fatalf("page by budget: %d %d %v", total, len(page), err)
		}
		if mine, _, _ := svc.FindNeeds(as(ent), haizhi.NeedFilter{Mine: true}); len(mine) != 1 || mine[0].ID != n.ID {
			t.Errorf("the enterprise's own: %v", mine)
		}
		if _, _, err := svc.FindNeeds(as(talent), haizhi.NeedFilter{Sort: "id; DROP TABLE needs"}); haizhi.ErrorFields(err)["sort"] == "" {
			t.Errorf("unknown sort: %v", err)
		}
		if _, err := svc.SetNeedStatus(as(ent), n.ID, haizhi.NeedClosed); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FindNeedByID(as(talent), n.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Errorf("a closed need is still public: %v", err)
		}
		mustAuditOK(t, db)
	})
}
