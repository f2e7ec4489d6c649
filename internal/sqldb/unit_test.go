package sqldb_test

import (
	"context"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

func TestUnitService(t *testing.T) {
	apptest.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		units := sqldb.NewUnitService(db)
		sys := haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("test"))
		city := &haizhi.OrgUnit{Kind: haizhi.UnitCity, Code: "hangzhou", NameZH: "杭州市", NameEN: "Hangzhou"}
		if err := units.CreateUnit(sys, city); err != nil {
			t.Fatal(err)
		}
		if city.Path != "/1/" || city.Depth != 0 {
			t.Fatalf("root path = %q depth %d", city.Path, city.Depth)
		}
		yuhang := &haizhi.OrgUnit{ParentID: city.ID, Kind: haizhi.UnitDistrict, Code: "yuhang", NameZH: "余杭区", NameEN: "Yuhang"}
		gongshu := &haizhi.OrgUnit{ParentID: city.ID, Kind: haizhi.UnitDistrict, Code: "gongshu", NameZH: "拱墅区", NameEN: "Gongshu"}
		for _, u := range []*haizhi.OrgUnit{yuhang, gongshu} {
			if err := units.CreateUnit(sys, u); err != nil {
				t.Fatal(err)
			}
		}
		park := &haizhi.OrgUnit{ParentID: yuhang.ID, Kind: haizhi.UnitPark, Code: "future-sci-tech", NameZH: "未来科技城", NameEN: "Future Sci-Tech City"}
		if err := units.CreateUnit(sys, park); err != nil {
			t.Fatal(err)
		}
		if park.Path != yuhang.Path+"4/" || park.Depth != 2 {
			t.Fatalf("park path = %q depth %d", park.Path, park.Depth)
		}

		t.Run("duplicate code is a conflict on the field", func(t *testing.T) {
			err := units.CreateUnit(sys, &haizhi.OrgUnit{ParentID: city.ID, Kind: haizhi.UnitDistrict, Code: "yuhang", NameZH: "重复"})
			if haizhi.ErrorCode(err) != haizhi.ECONFLICT || haizhi.ErrorFields(err)["code"] == "" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("invalid input names the fields", func(t *testing.T) {
			err := units.CreateUnit(sys, &haizhi.OrgUnit{ParentID: city.ID, Kind: "galaxy", Code: "X!"})
			f := haizhi.ErrorFields(err)
			if haizhi.ErrorCode(err) != haizhi.EINVALID || f["code"] == "" || f["kind"] == "" || f["name_zh"] == "" {
				t.Fatalf("err = %v", err)
			}
		})

		// A district operator sees its subtree only; an admin of the district may add
		// below it but not beside it.
		districtAdmin := haizhi.NewContextWithActor(context.Background(), &haizhi.Actor{UserID: 9, Email: "a@yuhang",
			Grants: []haizhi.Grant{{Role: haizhi.RoleAdmin, UnitID: yuhang.ID, UnitPath: yuhang.Path}}})
		list, total, err := units.FindUnits(districtAdmin, haizhi.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(list) != 2 || list[0].Code != "yuhang" || list[1].Code != "future-sci-tech" {
			t.Fatalf("district admin sees %d units: %v", total, list)
		}
		if _, err := units.FindUnitByID(districtAdmin, gongshu.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
			t.Fatalf("sibling district visible: %v", err)
		}
		if _, err := units.FindUnitByID(districtAdmin, city.ID); err != nil {
			t.Fatalf("own parent should be readable: %v", err)
		}
		err = units.CreateUnit(districtAdmin, &haizhi.OrgUnit{ParentID: gongshu.ID, Kind: haizhi.UnitPark, Code: "x-park", NameZH: "某园"})
		if haizhi.ErrorCode(err) != haizhi.EFORBIDDEN {
			t.Fatalf("create under sibling: %v", err)
		}
		if err := units.CreateUnit(districtAdmin, &haizhi.OrgUnit{ParentID: yuhang.ID, Kind: haizhi.UnitPlatform, Code: "ai-town", NameZH: "人工智能小镇"}); err != nil {
			t.Fatal(err)
		}
		// Counts by kind follow the scope: the city sees both districts, the district admin
		// its own district and what lies below; a count-only page returns no rows.
		if byKind, err := units.CountUnitsByKind(sys, haizhi.UnitFilter{}); err != nil || byKind[haizhi.UnitCity] != 1 ||
			byKind[haizhi.UnitDistrict] != 2 || byKind[haizhi.UnitPark] != 1 || byKind[haizhi.UnitPlatform] != 1 {
			t.Fatalf("counts by kind (city): %v %v", byKind, err)
		}
		if byKind, err := units.CountUnitsByKind(districtAdmin, haizhi.UnitFilter{}); err != nil || len(byKind) != 3 ||
			byKind[haizhi.UnitDistrict] != 1 || byKind[haizhi.UnitPark] != 1 || byKind[haizhi.UnitPlatform] != 1 {
			t.Fatalf("counts by kind (district): %v %v", byKind, err)
		}
		if l, n, err := units.FindUnits(districtAdmin, haizhi.UnitFilter{Page: haizhi.CountOnly}); err != nil || n != 3 || len(l) != 0 {
			t.Fatalf("count only: %d %v %v", n, l, err)
		}
		q, n, err := units.FindUnits(sys, haizhi.UnitFilter{Query: "科技", Page: haizhi.Page{Limit: 10}})
		if err != nil || n != 1 || q[0].Code != "future-sci-tech" {
			t.Fatalf("search: %v %d %v", q, n, err)
		}
		name := "余杭区人民政府"
		u, err := units.UpdateUnit(districtAdmin, yuhang.ID, haizhi.UnitUpdate{NameZH: &name})
		if err != nil || u.NameZH != name {
			t.Fatalf("update: %v %v", u, err)
		}

		// Every write is in the audit chain, and the chain verifies.
		audit := sqldb.NewAuditService(db)
		res, err := audit.VerifyAudit(sys)
		if err != nil || !res.OK || res.Checked != 6 {
			t.Fatalf("verify: %+v %v", res, err)
		}
		evs, n, err := audit.FindAuditEvents(districtAdmin, haizhi.AuditFilter{})
		if err != nil || n != 4 || evs[0].Action != "unit.update" || evs[0].Actor != "a@yuhang" {
			t.Fatalf("district audit view: n=%d %v %v", n, evs, err)
		}
	})
}
