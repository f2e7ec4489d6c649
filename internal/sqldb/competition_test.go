package sqldb_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// hangzhou2018 is the structure of the 2018 Hangzhou competition: five divisions, three
// tracks, four rounds, quotas into the final and three prize tiers.
func hangzhou2018() haizhi.EditionStructure {
	at := func(m time.Month, d int) time.Time { return time.Date(2018, m, d, 1, 0, 0, 0, time.UTC) }
	st := haizhi.EditionStructure{
		Divisions: []haizhi.Division{{Code: "north-america", NameZH: "北美赛区", NameEN: "North America"}, {Code: "europe", NameZH: "欧洲赛区", NameEN: "Europe"},
			{Code: "asia-pacific", NameZH: "亚太赛区", NameEN: "Asia-Pacific"}, {Code: "oceania", NameZH: "大洋洲赛区", NameEN: "Oceania"},
			{Code: "greater-china", NameZH: "大中华赛区", NameEN: "Greater China"}},
		Tracks: []haizhi.Track{{Code: "ai", NameZH: "人工智能", NameEN: "Artificial intelligence"}, {Code: "health", NameZH: "大健康", NameEN: "Health"},
			{Code: "equipment", NameZH: "高端装备", NameEN: "High-end equipment"}},
		// Given out of order: Validate sorts rounds by kind.
		Rounds: []haizhi.Round{
			{Kind: haizhi.RoundFinal, NameZH: "决赛", OpensAt: at(9, 20), ClosesAt: at(9, 22)},
			{Kind: haizhi.RoundScreening, NameZH: "海选", OpensAt: at(4, 1), ClosesAt: at(6, 30)},
			{Kind: haizhi.RoundPreliminary, NameZH: "初赛", OpensAt: at(7, 1), ClosesAt: at(7, 31)},
			{Kind: haizhi.RoundSemifinal, NameZH: "复赛", OpensAt: at(8, 1), ClosesAt: at(8, 31)},
		},
		PrizeTiers: []haizhi.PrizeTier{{Rank: 2, NameZH: "二等奖", Count: 5}, {Rank: 1, NameZH: "一等奖", Count: 3}, {Rank: 3, NameZH: "三等奖", Count: 10}},
	}
	for _, d := range st.Divisions {
		for _, tr := range st.Tracks {
			st.Quotas = append(st.Quotas, haizhi.Quota{Round: haizhi.RoundSemifinal, Division: d.Code, Track: tr.Code, Count: 5})
		}
	}
	return st
}

func TestCompetitionsAndEditions(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewCompetitionService(db)
		yuhangOp := mustUser(t, db, tr, "op@yuhang.example", "op-password-1", haizhi.RoleOperator, tr.yuhang)
		gongshuOp := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		judge := mustUser(t, db, tr, "judge@yuhang.example", "judge-password", haizhi.RoleJudge, tr.yuhang)

		c := &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "Hangzhou-Talent", NameZH: "中国（杭州）海外人才创新创业项目大赛"}
		if err := svc.CreateCompetition(as(yuhangOp), c); err != nil || c.Code != "hangzhou-talent" || c.UnitPath != tr.yuhang.Path {
			t.Fatalf("create competition: %+v %v", c, err)
		}
		// Refusals: a judge, another district, a taken code, bad input.
		wantCode(t, svc.CreateCompetition(as(judge), &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "x-cup", NameZH: "某赛"}), haizhi.EFORBIDDEN)
		wantCode(t, svc.CreateCompetition(as(gongshuOp), &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "x-cup", NameZH: "某赛"}), haizhi.EFORBIDDEN)
		err := svc.CreateCompetition(as(yuhangOp), &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "hangzhou-talent", NameEN: "Again"})
		if haizhi.ErrorCode(err) != haizhi.ECONFLICT || haizhi.ErrorFields(err)["code"] != "error.code_taken" {
			t.Fatalf("taken code: %v", err)
		}
		err = svc.CreateCompetition(as(yuhangOp), &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "No Spaces!"})
		if f := haizhi.ErrorFields(err); f["code"] != "error.unit_code" || f["name_zh"] != "error.required_one_name" {
			t.Fatalf("bad input: %v", err)
		}
		if list, n, err := svc.FindCompetitions(as(gongshuOp), haizhi.CompetitionFilter{}); err != nil || n != 0 || len(list) != 0 {
			t.Fatalf("another district sees %d competitions: %v", n, err)
		}
		if list, n, err := svc.FindCompetitions(as(yuhangOp), haizhi.CompetitionFilter{Query: "杭州"}); err != nil || n != 1 || list[0].ID != c.ID {
			t.Fatalf("search: %d %v", n, err)
		}

		e := &haizhi.Edition{CompetitionID: c.ID, Year: 2018, NameZH: "2018年大赛", NameEN: "2018 competition"}
		if err := svc.CreateEdition(as(yuhangOp), e); err != nil || e.Status != haizhi.EditionDraft || e.Version != 1 {
			t.Fatalf("create edition: %+v %v", e, err)
		}
		err = svc.CreateEdition(as(yuhangOp), &haizhi.Edition{CompetitionID: c.ID, Year: 2018, NameZH: "又一届"})
		if haizhi.ErrorCode(err) != haizhi.ECONFLICT || haizhi.ErrorFields(err)["year"] != "error.edition_year_taken" {
			t.Fatalf("same year twice: %v", err)
		}
		if haizhi.ErrorFields(svc.CreateEdition(as(gongshuOp), &haizhi.Edition{CompetitionID: c.ID, Year: 2019, NameZH: "x"}))["competition_id"] == "" {
			t.Fatal("another district may add an edition")
		}
		wantCode(t, func() error { _, err := svc.FindEditionByID(as(gongshuOp), e.ID); return err }(), haizhi.ENOTFOUND)

		st := hangzhou2018()
		got, err := svc.UpdateEditionStructure(as(yuhangOp), e.ID, 1, st)
		if err != nil {
			t.Fatal(err)
		}
		s := got.Structure
		if got.Version != 2 || len(s.Divisions) != 5 || len(s.Tracks) != 3 || len(s.Rounds) != 4 || len(s.Quotas) != 15 || len(s.PrizeTiers) != 3 ||
			s.Rounds[0].Kind != haizhi.RoundScreening || s.Rounds[3].Kind != haizhi.RoundFinal || s.PrizeTiers[0].Count != 3 ||
			!s.Rounds[3].OpensAt.Equal(time.Date(2018, 9, 20, 1, 0, 0, 0, time.UTC)) {
			t.Fatalf("saved structure: %+v", got)
		}
		europe := s.Divisions[1].ID

		// A stale version is refused and changes nothing.
		_, err = svc.UpdateEditionStructure(as(yuhangOp), e.ID, 1, hangzhou2018())
		if haizhi.ErrorKey(err) != "error.version_conflict" {
			t.Fatalf("stale version: %v", err)
		}
		// Rename and reorder Europe, drop Oceania: Europe keeps its id, Oceania's quotas go.
		st = hangzhou2018()
		st.Divisions = []haizhi.Division{{Code: "europe", NameZH: "欧洲赛区", NameEN: "Europe (incl. UK)"}, st.Divisions[0], st.Divisions[2], st.Divisions[4]}
		var quotas []haizhi.Quota
		for _, q := range st.Quotas {
			if q.Division != "oceania" {
				quotas = append(quotas, q)
			}
		}
		st.Quotas = quotas
		got, err = svc.UpdateEditionStructure(as(yuhangOp), e.ID, 2, st)
		if err != nil {
			t.Fatal(err)
		}
		if s := got.Structure; len(s.Divisions) != 4 || s.Divisions[0].ID != europe || s.Divisions[0].NameEN != "Europe (incl. UK)" || len(s.Quotas) != 12 {
			t.Fatalf("after edit: %+v", got.Structure)
		}
		again, err := svc.FindEditionByID(as(yuhangOp), e.ID)
		if err != nil || fmt.Sprint(again.Structure) != fmt.Sprint(got.Structure) || again.Version != 3 {
			t.Fatalf("read back: %+v %v", again, err)
		}

		// Every problem comes back by field, and nothing is written.
		bad := hangzhou2018()
		bad.Divisions[1].Code = "north-america"
		bad.Rounds[2].OpensAt = time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC) // preliminary overlaps screening
		bad.Quotas[0].Track = "space"
		bad.PrizeTiers[2].Rank = 4
		_, err = svc.UpdateEditionStructure(as(yuhangOp), e.ID, 3, bad)
		f := haizhi.ErrorFields(err)
		if f["divisions.1.code"] != "error.duplicate" || f["rounds.1.opens_at"] != "error.round_overlap" || f["quotas.0.track"] != "error.unknown_choice" ||
			f["prize_tiers.2.rank"] != "error.rank_sequence" {
			t.Fatalf("invalid structure: %v %v", f, err)
		}
		if again, _ := svc.FindEditionByID(as(yuhangOp), e.ID); again.Version != 3 {
			t.Fatal("an invalid structure was written")
		}
		if list, n, err := svc.FindEditions(as(yuhangOp), haizhi.EditionFilter{CompetitionID: c.ID}); err != nil || n != 1 || list[0].Year != 2018 {
			t.Fatalf("editions: %d %v", n, err)
		}
		if list, n, err := svc.FindEditions(as(yuhangOp), haizhi.EditionFilter{CompetitionIDs: []int64{c.ID, c.ID + 1000}}); err != nil || n != 1 || list[0].CompetitionID != c.ID {
			t.Fatalf("editions of a page of competitions: %d %v", n, err)
		}
		if _, n, _ := svc.FindEditions(as(gongshuOp), haizhi.EditionFilter{}); n != 0 {
			t.Fatalf("another district sees %d editions", n)
		}
		res, err := sqldb.NewAuditService(db).VerifyAudit(tr.sys)
		if err != nil || !res.OK {
			t.Fatalf("audit: %+v %v", res, err)
		}
	})
}

func TestEditionStatus(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewCompetitionService(db)
		op, e := mustDraftEdition(t, db, tr)
		// An empty edition cannot open, and says what is missing.
		_, err := svc.SetEditionStatus(as(op), e.ID, 1, haizhi.EditionOpen)
		if f := haizhi.ErrorFields(err); haizhi.ErrorKey(err) != "error.not_ready_to_open" || f["divisions"] == "" || f["tracks"] == "" || f["rounds"] == "" {
			t.Fatalf("open empty: %v", err)
		}
		// Skipping a step is refused.
		if _, err := svc.SetEditionStatus(as(op), e.ID, 1, haizhi.EditionFinished); haizhi.ErrorKey(err) != "error.status_transition" {
			t.Fatalf("draft to finished: %v", err)
		}
		if _, err := svc.UpdateEditionStructure(as(op), e.ID, 1, hangzhou2018()); err != nil {
			t.Fatal(err)
		}
		v := 2
		for _, to := range []haizhi.EditionStatus{haizhi.EditionOpen, haizhi.EditionClosed, haizhi.EditionOpen, haizhi.EditionClosed, haizhi.EditionFinished} {
			got, err := svc.SetEditionStatus(as(op), e.ID, v, to)
			if err != nil || got.Status != to {
				t.Fatalf("to %s: %+v %v", to, got, err)
			}
			v = got.Version
		}
		if _, err := svc.SetEditionStatus(as(op), e.ID, v, haizhi.EditionClosed); haizhi.ErrorKey(err) != "error.status_transition" {
			t.Fatalf("finished is final: %v", err)
		}
		if _, err := svc.SetEditionStatus(as(op), e.ID, v-1, haizhi.EditionClosed); haizhi.ErrorKey(err) != "error.version_conflict" {
			t.Fatalf("stale: %v", err)
		}
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, func() error { _, err := svc.SetEditionStatus(as(other), e.ID, v, haizhi.EditionClosed); return err }(), haizhi.ENOTFOUND)
		if evs, n, err := sqldb.NewAuditService(db).FindAuditEvents(tr.sys, haizhi.AuditFilter{Action: "edition.status"}); err != nil || n != 5 || evs[0].Action != "edition.status" {
			t.Fatalf("audit: %d %v", n, err)
		}
	})
}

// applicationForm is a small bilingual form: a profile section and a project section.
func applicationForm() haizhi.AppForm {
	return haizhi.AppForm{
		Sections: []haizhi.FormSection{{Key: "talent", TitleZH: "人才信息", TitleEN: "About you"}, {Key: "project", TitleZH: "项目信息", TitleEN: "Your project"}},
		Fields: []haizhi.FormField{
			{Key: "degree", Section: "talent", Type: haizhi.FieldSingle, LabelZH: "最高学历", LabelEN: "Highest degree", Required: true,
				Options: []haizhi.FieldOption{{Value: "phd", LabelZH: "博士", LabelEN: "PhD"}, {Value: "master", LabelZH: "硕士", LabelEN: "Master"}}},
			{Key: "years-abroad", Section: "talent", Type: haizhi.FieldNumber, LabelZH: "海外工作年限", LabelEN: "Years worked abroad"},
			{Key: "summary", Section: "project", Type: haizhi.FieldLongText, LabelZH: "项目简介", LabelEN: "Project summary", Required: true},
			{Key: "business-plan", Section: "project", Type: haizhi.FieldFile, LabelZH: "商业计划书", LabelEN: "Business plan (PDF)", Required: true},
		},
	}
}

func TestApplicationForm(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewCompetitionService(db)
		op, e := mustDraftEdition(t, db, tr)
		got, err := svc.UpdateEditionForm(as(op), e.ID, 1, applicationForm())
		if err != nil || got.Version != 2 || len(got.Form.Active()) != 4 {
			t.Fatalf("save form: %+v %v", got, err)
		}
		// Drop the years field and relabel the summary: the years field is retired, kept
		// last with its definition, and the summary keeps its key.
		f := applicationForm()
		f.Fields = append(f.Fields[:1], f.Fields[2:]...)
		f.Fields[1].LabelEN = "What your project does"
		got, err = svc.UpdateEditionForm(as(op), e.ID, 2, f)
		if err != nil || len(got.Form.Active()) != 3 || len(got.Form.Fields) != 4 || !got.Form.Fields[3].Retired ||
			got.Form.Fields[3].Key != "years-abroad" || got.Form.Fields[1].LabelEN != "What your project does" {
			t.Fatalf("revise: %+v %v", got.Form, err)
		}
		// Bringing a retired field back by key makes it active again.
		got, err = svc.UpdateEditionForm(as(op), e.ID, 3, applicationForm())
		if err != nil || len(got.Form.Active()) != 4 || len(got.Form.Fields) != 4 {
			t.Fatalf("restore: %+v %v", got.Form, err)
		}
		back, err := svc.FindEditionByID(as(op), e.ID)
		if err != nil || fmt.Sprint(back.Form) != fmt.Sprint(got.Form) {
			t.Fatalf("read back: %+v %v", back, err)
		}
		// Bad forms: one option, a field in no section, a duplicate key.
		bad := applicationForm()
		bad.Fields[0].Options = bad.Fields[0].Options[:1]
		bad.Fields[1].Section = "nowhere"
		bad.Fields[3].Key = "summary"
		_, err = svc.UpdateEditionForm(as(op), e.ID, 4, bad)
		if f := haizhi.ErrorFields(err); f["fields.0.options"] != "error.need_two_options" || f["fields.1.section"] != "error.unknown_choice" || f["fields.3.key"] != "error.duplicate" {
			t.Fatalf("bad form: %v", err)
		}
		// Once the edition is open, a field's type is fixed.
		if _, err := svc.UpdateEditionStructure(as(op), e.ID, 4, hangzhou2018()); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetEditionStatus(as(op), e.ID, 5, haizhi.EditionOpen); err != nil {
			t.Fatal(err)
		}
		changed := applicationForm()
		changed.Fields[1].Type = haizhi.FieldShortText
		if _, err := svc.UpdateEditionForm(as(op), e.ID, 6, changed); haizhi.ErrorFields(err)["fields.1.type"] != "error.field_type_locked" {
			t.Fatalf("type change while open: %v", err)
		}
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, func() error { _, err := svc.UpdateEditionForm(as(other), e.ID, 6, applicationForm()); return err }(), haizhi.ENOTFOUND)
	})
}

func TestEligibilityRules(t *testing.T) {
	eachDB(t, false, func(t *testing.T, db *sqldb.DB, clock *testClock) {
		tr := mustTree(t, db)
		svc := sqldb.NewCompetitionService(db)
		op, e := mustDraftEdition(t, db, tr)
		if _, err := svc.UpdateEditionForm(as(op), e.ID, 1, applicationForm()); err != nil {
			t.Fatal(err)
		}
		rules := []haizhi.EligibilityRule{
			{Key: "degree", Group: "overseas", Kind: haizhi.RuleOneOf, Field: "degree", Values: []string{"phd", "master"}, ReasonZH: "需海外硕士及以上学历"},
			{Key: "work", Group: "overseas", Kind: haizhi.RuleMin, Field: "years-abroad", Number: 3, ReasonZH: "或海外工作3年以上"},
		}
		got, err := svc.UpdateEditionRules(as(op), e.ID, 2, rules)
		if err != nil || got.Version != 3 || len(got.Rules) != 2 {
			t.Fatalf("save rules: %+v %v", got, err)
		}
		back, err := svc.FindEditionByID(as(op), e.ID)
		if err != nil || fmt.Sprint(back.Rules) != fmt.Sprint(got.Rules) {
			t.Fatalf("read back: %+v %v", back.Rules, err)
		}
		// A rule on an unknown question is refused.
		bad := append(rules, haizhi.EligibilityRule{Key: "salary", Kind: haizhi.RuleMin, Field: "salary", Number: 1, ReasonZH: "x"})
		if _, err := svc.UpdateEditionRules(as(op), e.ID, 3, bad); haizhi.ErrorFields(err)["rules.2.field"] != "error.unknown_choice" {
			t.Fatalf("unknown question: %v", err)
		}
		// The form cannot drop a question a rule tests.
		f := applicationForm()
		f.Fields = append(f.Fields[:1], f.Fields[2:]...) // without years-abroad
		if _, err := svc.UpdateEditionForm(as(op), e.ID, 3, f); haizhi.ErrorKey(err) != "error.field_in_rule" {
			t.Fatalf("drop a tested question: %v", err)
		}
		other := mustUser(t, db, tr, "op@gongshu.example", "op-password-1", haizhi.RoleOperator, tr.gongshu)
		wantCode(t, func() error { _, err := svc.UpdateEditionRules(as(other), e.ID, 3, rules); return err }(), haizhi.ENOTFOUND)
	})
}

// mustDraftEdition creates a Yuhang operator, a competition of Yuhang and a draft 2027
// edition of it (version 1).
func mustDraftEdition(t *testing.T, db *sqldb.DB, tr tree) (*haizhi.User, *haizhi.Edition) {
	t.Helper()
	svc := sqldb.NewCompetitionService(db)
	op := mustUser(t, db, tr, "op@yuhang.example", "op-password-1", haizhi.RoleOperator, tr.yuhang)
	c := &haizhi.Competition{UnitID: tr.yuhang.ID, Code: "cup", NameZH: "杯赛"}
	if err := svc.CreateCompetition(as(op), c); err != nil {
		t.Fatal(err)
	}
	e := &haizhi.Edition{CompetitionID: c.ID, Year: 2027, NameZH: "2027"}
	if err := svc.CreateEdition(as(op), e); err != nil {
		t.Fatal(err)
	}
	return op, e
}
