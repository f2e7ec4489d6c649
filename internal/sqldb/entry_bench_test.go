package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/mail"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// Benchmarks of issue 3 (docs/perf.md, "Entries"): listing 100,000 entries with the
// operator table's filters, and submitting with 50 clients at once against the raw insert
// rate of the same database. Everything expensive happens inside the Benchmark functions,
// so `go test ./...` (no -bench) never builds these databases.
//
//	go test ./internal/sqldb/ -run '^$' -bench 'FindEntries100k' -benchtime 20x
//	go test ./internal/sqldb/ -run '^$' -bench 'Submit50Clients|RawInsert50Clients' -benchtime 5000x -count 3
//
// With HAIZHI_TEST_POSTGRES set each benchmark also runs on PostgreSQL. With
// HAIZHI_BENCH_SAVE=/path/file.db the SQLite database of 100,000 entries is copied there,
// for EXPLAIN QUERY PLAN in the sqlite3 shell.

// benchSaveEnv names the file to copy the 100,000-entry SQLite database to.
const benchSaveEnv = "HAIZHI_BENCH_SAVE"

// benchPageSize is the page size of the operator's entries table.
const benchPageSize = 40

// benchSite is a fresh database with the Yuhang operator and an open edition.
type benchSite struct {
	db  *sqldb.DB
	sys context.Context
	tr  tree
	op  *haizhi.User
	ed  *haizhi.Edition
	svc *sqldb.EntryService
}

// mustBenchSite opens a database of the dialect with the real mail composer and a mail
// server configured (a submit queues its mail and a send job, as in production), and
// sets up the Yuhang operator and an open 2026 edition: the hangzhou2018 divisions with
// six tracks, the small application form, the two rules of mustOpenEdition, and a
// screening round from 2026-03-01 to screeningCloses. The clock is the tests' (2026-03-02).
func mustBenchSite(tb testing.TB, dialect string) *benchSite {
	tb.Helper()
	composer, err := mail.NewComposer()
	if err != nil {
		tb.Fatal(err)
	}
	db := apptest.MustOpenDB(tb, dialect, sqldb.Options{Now: newTestClock().Now, Composer: composer,
		PublicURL: "https://haizhi.example", MailEnabled: true})
	s := &benchSite{db: db, sys: haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("bench")), svc: sqldb.NewEntryService(db)}
	s.tr.sys = s.sys
	units := sqldb.NewUnitService(db)
	s.tr.city = &haizhi.OrgUnit{Kind: haizhi.UnitCity, Code: "hangzhou", NameZH: "杭州市", NameEN: "Hangzhou"}
	if err := units.CreateUnit(s.sys, s.tr.city); err != nil {
		tb.Fatal(err)
	}
	s.tr.yuhang = &haizhi.OrgUnit{ParentID: s.tr.city.ID, Kind: haizhi.UnitDistrict, Code: "yuhang", NameZH: "余杭区", NameEN: "Yuhang"}
	if err := units.CreateUnit(s.sys, s.tr.yuhang); err != nil {
		tb.Fatal(err)
	}
	s.op, err = sqldb.NewUserService(db).CreateUser(s.sys, haizhi.NewUser{Email: "op@yuhang.example", Name: "op",
		Password: "op-password-1", Role: haizhi.RoleOperator, UnitID: s.tr.yuhang.ID})
	if err != nil {
		tb.Fatal(err)
	}
	comp := sqldb.NewCompetitionService(db)
	c := &haizhi.Competition{UnitID: s.tr.yuhang.ID, Code: "cup", NameZH: "杯赛"}
	if err := comp.CreateCompetition(as(s.op), c); err != nil {
		tb.Fatal(err)
	}
	ed := &haizhi.Edition{CompetitionID: c.ID, Year: 2026, NameZH: "2026年大赛", NameEN: "2026 competition"}
	if err := comp.CreateEdition(as(s.op), ed); err != nil {
		tb.Fatal(err)
	}
	st := hangzhou2018()
	for i := range st.Rounds {
		r := &st.Rounds[i]
		r.OpensAt, r.ClosesAt = r.OpensAt.AddDate(8, 0, 0), r.ClosesAt.AddDate(8, 0, 0)
		if r.Kind == haizhi.RoundScreening {
			r.OpensAt, r.ClosesAt = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), screeningCloses
		}
	}
	st.Tracks = nil
	for _, t := range benchTracks {
		st.Tracks = append(st.Tracks, haizhi.Track{Code: t.code, NameZH: t.zh, NameEN: t.en})
	}
	steps := []func(v int) (*haizhi.Edition, error){
		func(v int) (*haizhi.Edition, error) { return comp.UpdateEditionStructure(as(s.op), ed.ID, v, st) },
		func(v int) (*haizhi.Edition, error) {
			return comp.UpdateEditionForm(as(s.op), ed.ID, v, applicationForm())
		},
		func(v int) (*haizhi.Edition, error) {
			return comp.UpdateEditionRules(as(s.op), ed.ID, v, []haizhi.EligibilityRule{
				{Key: "degree", Group: "overseas", Kind: haizhi.RuleOneOf, Field: "talent.overseas_degree", Values: []string{"doctorate", "master"}, ReasonEN: "An overseas degree,"},
				{Key: "work", Group: "overseas", Kind: haizhi.RuleMin, Field: "talent.years_abroad", Number: 3, ReasonEN: "or three years abroad."},
				{Key: "age", Kind: haizhi.RuleAgeMax, Field: "talent.born", Number: 55, ReasonEN: "55 or younger."},
			})
		},
		func(v int) (*haizhi.Edition, error) {
			return comp.SetEditionStatus(as(s.op), ed.ID, v, haizhi.EditionOpen)
		},
	}
	for i, step := range steps {
		got, err := step(ed.Version)
		if err != nil {
			tb.Fatalf("open edition step %d: %v", i, err)
		}
		ed = got
	}
	s.ed = ed
	return s
}

// benchWord is a word of a title in both languages.
type benchWord struct{ zh, en string }

// benchTracks are the edition's tracks, how often entries choose them, and the things
// their projects make: a title is a modifier, a thing and a kind of work, so a search for
// one thing ("芯片", "battery") finds a few percent of the entries, as it would.
var benchTracks = []struct {
	code, zh, en string
	weight       int
	things       []benchWord
}{
	{"ai", "人工智能", "Artificial intelligence", 25, []benchWord{{"芯片", "chip"}, {"算法", "algorithm"}, {"机器人", "robot"},
		{"大模型", "language model"}, {"视觉系统", "vision system"}, {"传感器", "sensor"}}},
	{"health", "大健康", "Health", 20, []benchWord{{"疫苗", "vaccine"}, {"抗体", "antibody"}, {"基因测序", "gene sequencing"},
		{"医疗器械", "medical device"}, {"诊断试剂", "diagnostic kit"}, {"靶向药物", "targeted drug"}}},
	{"equipment", "高端装备", "High-end equipment", 15, []benchWord{{"激光器", "laser"}, {"无人机", "drone"}, {"数控机床", "machine tool"},
		{"雷达", "radar"}, {"精密轴承", "precision bearing"}}},
	{"new-energy", "新能源", "New energy", 15, []benchWord{{"电池", "battery"}, {"储能系统", "energy storage"}, {"光伏组件", "solar module"},
		{"氢燃料电池", "hydrogen fuel cell"}, {"充电桩", "charging station"}}},
	{"materials", "新材料", "New materials", 10, []benchWord{{"石墨烯", "graphene"}, {"碳纤维", "carbon fibre"}, {"陶瓷", "ceramic"},
		{"涂层", "coating"}, {"半导体材料", "semiconductor material"}}},
	{"digital", "数字经济", "Digital economy", 15, []benchWord{{"工业软件", "industrial software"}, {"区块链", "blockchain"},
		{"云平台", "cloud platform"}, {"数据库", "database"}, {"网络安全", "cyber security"}}},
}

var benchModifiers = []benchWord{{"高性能", "High-performance"}, {"低功耗", "Low-power"}, {"智能", "Smart"}, {"新型", "Novel"},
	{"柔性", "Flexible"}, {"固态", "Solid-state"}, {"纳米", "Nanoscale"}, {"可穿戴", "Wearable"}, {"工业级", "Industrial-grade"},
	{"医用", "Medical-grade"}, {"车载", "Automotive"}, {"分布式", "Distributed"}, {"高精度", "High-precision"}, {"超快", "Ultrafast"},
	{"低成本", "Low-cost"}, {"绿色", "Green"}}

var benchWorks = []benchWord{{"研发及产业化", "development and commercialisation"}, {"关键技术", "key technology"},
	{"设计与制造", "design and manufacturing"}, {"解决方案", "solutions"}, {"应用示范", "pilot application"}, {"项目", "project"}}

// benchCountries are the leads' countries of residence, their division and how often
// they occur.
var benchCountries = []struct {
	code, division string
	weight         int
}{
	{"US", "north-america", 18}, {"CA", "north-america", 6}, {"BR", "north-america", 1}, {"MX", "north-america", 1},
	{"GB", "europe", 8}, {"DE", "europe", 8}, {"FR", "europe", 5}, {"NL", "europe", 3}, {"SE", "europe", 2}, {"CH", "europe", 2},
	{"IT", "europe", 2}, {"ES", "europe", 2}, {"IE", "europe", 1}, {"DK", "europe", 1}, {"FI", "europe", 1}, {"RU", "europe", 2},
	{"BE", "europe", 1}, {"AT", "europe", 1},
	{"JP", "asia-pacific", 5}, {"KR", "asia-pacific", 3}, {"SG", "asia-pacific", 4}, {"IN", "asia-pacific", 2}, {"IL", "asia-pacific", 2},
	{"MY", "asia-pacific", 1}, {"TH", "asia-pacific", 1},
	{"AU", "oceania", 5}, {"NZ", "oceania", 2},
	{"HK", "greater-china", 3}, {"TW", "greater-china", 1}, {"MO", "greater-china", 1},
}

var (
	benchGiven        = []string{"Anna", "James", "Maria", "David", "Sophie", "Lukas", "Emma", "Noah", "Olivia", "Hiroshi", "Min-jun", "Priya", "Lars", "Chloe", "Mateo", "Yuki", "Elena", "Omar", "Ingrid", "Tom"}
	benchFamily       = []string{"Berg", "Smith", "Garcia", "Müller", "Martin", "Rossi", "Tanaka", "Kim", "Sharma", "Johansson", "Dubois", "Novak", "Cohen", "Brown", "Silva", "Wilson", "Schmidt", "Sato", "Jensen", "Taylor"}
	benchSurnamesZH   = []benchWord{{"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"}, {"陈", "Chen"}, {"杨", "Yang"}, {"黄", "Huang"}, {"赵", "Zhao"}, {"吴", "Wu"}, {"周", "Zhou"}, {"徐", "Xu"}, {"孙", "Sun"}}
	benchGivenZH      = []benchWord{{"伟", "Wei"}, {"芳", "Fang"}, {"娜", "Na"}, {"敏", "Min"}, {"静", "Jing"}, {"磊", "Lei"}, {"强", "Qiang"}, {"洋", "Yang"}, {"艳", "Yan"}, {"杰", "Jie"}, {"晓明", "Xiaoming"}, {"海涛", "Haitao"}}
	benchInstitutions = []string{"MIT", "Stanford University", "University of Cambridge", "ETH Zürich", "TU München", "Imperial College London",
		"National University of Singapore", "University of Tokyo", "KAIST", "University of Toronto", "University of Melbourne",
		"Karolinska Institutet", "Technion", "EPFL", "Sorbonne Université", "University of Sydney", "TU Delft", "Seoul National University",
		"University of Auckland", "Harvard University", "UC Berkeley", "University of Hong Kong"}
	benchEmployers = []string{"Fraunhofer", "Google", "Siemens", "Samsung", "Novartis", "Bosch", "Intel", "Philips", "Roche", "Sony",
		"ASML", "Tesla", "NVIDIA", "Ericsson", "own start-up", ""}
	benchReferrers = []string{"Munich workstation", "Silicon Valley workstation", "London workstation", "Tokyo workstation", "Sydney workstation"}
)

// benchPick returns an index into weights, chosen in proportion to them.
func benchPick(rng *rand.Rand, n int, weight func(int) int) int {
	total := 0
	for i := range n {
		total += weight(i)
	}
	x := rng.IntN(total)
	for i := range n {
		if x -= weight(i); x < 0 {
			return i
		}
	}
	return n - 1
}

// benchEntry makes the complete, varied entry number i of ed, led by email, and when it
// was submitted: most entries arrive in the last weeks before the deadline.
func benchEntry(rng *rand.Rand, ed *haizhi.Edition, i int, email string) (*haizhi.EntryInput, time.Time) {
	one := func(words []benchWord) benchWord { return words[rng.IntN(len(words))] }
	str := func(words []string) string { return words[rng.IntN(len(words))] }
	tr := benchTracks[benchPick(rng, len(benchTracks), func(i int) int { return benchTracks[i].weight })]
	co := benchCountries[benchPick(rng, len(benchCountries), func(i int) int { return benchCountries[i].weight })]
	mod, thing, work := one(benchModifiers), one(tr.things), one(benchWorks)
	p := haizhi.Project{TitleZH: mod.zh + thing.zh + work.zh, TitleEN: mod.en + " " + thing.en + " " + work.en,
		Stage: haizhi.ProjectStages()[rng.IntN(4)], FundingNeed: int64(1+rng.IntN(50)) * 1_000_000,
		Keywords: []string{thing.zh, thing.en, tr.zh}}
	switch x := rng.IntN(100); {
	case x < 12:
		p.TitleEN = ""
	case x < 20:
		p.TitleZH = ""
	}
	patents := rng.IntN(30)
	if p.TitleZH == "" || rng.IntN(10) < 7 {
		p.SummaryEN = fmt.Sprintf("Our team has worked on %s for years and built a %s %s; it holds %d patents and plans to set up in Hangzhou.",
			strings.ToLower(tr.en), strings.ToLower(mod.en), thing.en, patents)
	}
	if p.SummaryEN == "" || rng.IntN(10) < 7 {
		p.SummaryZH = fmt.Sprintf("团队在%s领域深耕多年，研制出%s%s，已获得%d项专利，计划在杭州落地产业化。", tr.zh, mod.zh, thing.zh, patents)
	}
	for range rng.IntN(4) {
		p.Team = append(p.Team, haizhi.TeamMember{Name: str(benchGiven) + " " + str(benchFamily), Role: "Engineer", Institution: str(benchInstitutions)})
	}
	l := haizhi.Talent{Email: email, Locale: haizhi.LocaleEN, Nationality: co.code, Residence: co.code, Category: haizhi.CategoryForeignNonChinese,
		Born:   time.Date(1966+rng.IntN(35), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
		Degree: haizhi.DegreeDoctorate, DegreeCountry: co.code, Institution: str(benchInstitutions), Employer: str(benchEmployers),
		YearsAbroad: rng.IntN(21), Fields: []string{thing.en}}
	l.Name = str(benchGiven) + " " + str(benchFamily)
	if co.division == "greater-china" || rng.IntN(100) < 60 {
		l.Category = haizhi.CategoryChineseAbroad
		if rng.IntN(3) == 0 {
			l.Category = haizhi.CategoryForeignChinese
		}
		s, g := one(benchSurnamesZH), one(benchGivenZH)
		l.Name, l.NameZH, l.Locale, l.Nationality = g.en+" "+s.en, s.zh+g.zh, haizhi.LocaleZH, "CN"
		if l.Category == haizhi.CategoryForeignChinese {
			l.Nationality = co.code
		}
	}
	switch x := rng.IntN(100); {
	case x < 30:
		l.Degree = haizhi.DegreeMaster
	case x < 42:
		l.Degree = haizhi.DegreeBachelor
	case x < 45:
		l.Degree = haizhi.DegreeOther
	}
	if rng.IntN(100) < 15 {
		l.DegreeCountry = "CN"
	}
	degree := "master"
	if l.Degree == haizhi.DegreeDoctorate {
		degree = "phd"
	}
	in := &haizhi.EntryInput{EditionID: ed.ID, DivisionCode: co.division, TrackCode: tr.code, Lead: l, Project: p,
		Answers: map[string][]string{"degree": {degree}, "summary": {"See the business plan."}, "years-abroad": {strconv.Itoa(l.YearsAbroad)}}}
	switch x := rng.IntN(100); {
	case x < 30:
		in.Source, in.Referrer = haizhi.SourcePartner, str(benchReferrers)
	case x < 40:
		in.Source = haizhi.SourceDirect
	}
	// Most entries come in the last weeks: 1 − u³ of the way through the round.
	open := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	u := rng.Float64()
	at := open.Add(time.Duration((1 - u*u*u) * float64(screeningCloses.Sub(open)))).Truncate(time.Second)
	return in, at
}

// mustBenchEntries imports n submitted entries into the site's edition, 10,000 rows per
// import (the way an operator brings a large spreadsheet), then moves them through the
// rounds the way an edition ends: about 60% still pending in screening, 30% rejected
// there, 8% rejected in the preliminary round, 1.7% in the semifinal, 300 in the final.
// The rounds are set in SQL: the decisions' own cost is not what is measured here.
func mustBenchEntries(tb testing.TB, s *benchSite, n int) {
	tb.Helper()
	const batch = 10_000
	rng := rand.New(rand.NewPCG(2026, 3))
	rows := make([]haizhi.ImportRow, 0, batch)
	for i := range n {
		in, at := benchEntry(rng, s.ed, i, fmt.Sprintf("lead%06d@example.org", i))
		rows = append(rows, haizhi.ImportRow{Row: len(rows) + 2, Input: *in, SubmittedAt: at})
		if len(rows) == batch || i == n-1 {
			res, err := s.svc.ImportEntries(as(s.op), s.ed.ID, rows, haizhi.ImportAllOrNothing)
			if err != nil || res.Created != len(rows) {
				tb.Fatalf("import: %+v %v", res, err)
			}
			rows = rows[:0]
		}
	}
	var ids []int64
	q, err := s.db.SQL().Query(s.db.Rebind(`SELECT id FROM entries WHERE edition_id = ? ORDER BY id`), s.ed.ID)
	if err != nil {
		tb.Fatal(err)
	}
	for q.Next() {
		var id int64
		if err := q.Scan(&id); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := q.Err(); err != nil {
		tb.Fatal(err)
	}
	q.Close()
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	shares := []struct {
		round   haizhi.RoundKind
		outcome haizhi.RoundOutcome
		n       int
	}{
		{haizhi.RoundFinal, haizhi.OutcomePending, 300},
		{haizhi.RoundSemifinal, haizhi.OutcomeRejected, n * 17 / 1000},
		{haizhi.RoundPreliminary, haizhi.OutcomeRejected, n * 8 / 100},
		{haizhi.RoundScreening, haizhi.OutcomeRejected, n * 30 / 100},
	}
	tx, err := s.db.SQL().Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for _, sh := range shares {
		part := ids[:min(sh.n, len(ids))]
		ids = ids[len(part):]
		for len(part) > 0 {
			chunk := part[:min(500, len(part))]
			part = part[len(chunk):]
			args := []any{string(sh.round), string(sh.outcome)}
			for _, id := range chunk {
				args = append(args, id)
			}
			marks := strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")
			if _, err := tx.Exec(s.db.Rebind(`UPDATE entries SET round = ?, outcome = ? WHERE id IN (`+marks+`)`), args...); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if s.db.Dialect() == "postgres" {
		// What autovacuum does a minute after a bulk load on a default server; without
		// statistics PostgreSQL guesses ~760 entries per edition and joins whole tables.
		if _, err := s.db.SQL().Exec(`ANALYZE entries, talents, projects, editions, competitions, org_units, edition_divisions, edition_tracks`); err != nil {
			tb.Fatal(err)
		}
	}
	// What the hourly housekeeping does on SQLite (PRAGMA optimize).
	if err := s.db.Optimize(context.Background()); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkFindEntries100k lists the first page (40 rows, the operator table's page) of
// an edition with 100,000 submitted entries, as its operator, with each of the table's
// filters and sorts, and the last page. One op is one FindEntries: the COUNT and the page.
// "matches" is the total the filter finds.
func BenchmarkFindEntries100k(b *testing.B) {
	const n = 100_000
	for _, dialect := range apptest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			start := time.Now()
			s := mustBenchSite(b, dialect)
			mustBenchEntries(b, s, n)
			b.Logf("%s: %d entries built in %s", dialect, n, time.Since(start).Round(time.Millisecond))
			if path := os.Getenv(benchSaveEnv); path != "" && dialect == "sqlite" {
				// A copy to read query plans from with the sqlite3 shell.
				if _, err := s.db.SQL().Exec(`VACUUM INTO ?`, path); err != nil {
					b.Fatalf("save %s: %v", path, err)
				}
			}
			cell := func(division, track string) (d, t int64) {
				for _, x := range s.ed.Structure.Divisions {
					if x.Code == division {
						d = x.ID
					}
				}
				for _, x := range s.ed.Structure.Tracks {
					if x.Code == track {
						t = x.ID
					}
				}
				return d, t
			}
			europe, ai := cell("europe", "ai")
			cases := []struct {
				name string
				f    haizhi.EntryFilter
			}{
				{"no-filter", haizhi.EntryFilter{}},
				{"division-track", haizhi.EntryFilter{DivisionID: europe, TrackID: ai}},
				{"country", haizhi.EntryFilter{Country: "DE"}},
				{"eligible-no", haizhi.EntryFilter{Eligible: "no"}},
				{"round-final", haizhi.EntryFilter{Round: haizhi.RoundFinal, Outcome: haizhi.OutcomePending}},
				{"round-final-country", haizhi.EntryFilter{Round: haizhi.RoundFinal, Country: "DE"}}, // fewer than a page
				{"query-zh", haizhi.EntryFilter{Query: "芯片"}},
				{"query-en", haizhi.EntryFilter{Query: "battery"}},
				{"sort-title", haizhi.EntryFilter{Sort: "title"}},
				{"sort-country", haizhi.EntryFilter{Sort: "country"}},
				{"last-page", haizhi.EntryFilter{Page: haizhi.Page{Offset: n - benchPageSize}}},
			}
			ctx := as(s.op)
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					f := c.f
					f.EditionID = s.ed.ID
					if f.Page.Limit == 0 {
						f.Page.Limit = benchPageSize
					}
					var total int
					for b.Loop() {
						list, t, err := s.svc.FindEntries(ctx, f)
						if err != nil || len(list) == 0 {
							b.Fatalf("find %+v: %d rows, %v", f, len(list), err)
						}
						total = t
					}
					b.ReportMetric(float64(total), "matches")
					b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/query")
				})
			}
		})
	}
}

// benchClients is how many clients submit or insert at once.
const benchClients = 50

// BenchmarkSubmit50Clients submits b.N complete drafts (a business plan attached, owners'
// addresses confirmed), prepared before the timer starts, from 50 clients at once: each
// client is one applicant submitting its own drafts one after another. One op is one
// SubmitEntry; "entries/s" is the throughput.
func BenchmarkSubmit50Clients(b *testing.B) {
	for _, dialect := range apptest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			s := mustBenchSite(b, dialect)
			rng := rand.New(rand.NewPCG(2026, 50))
			users := make([]*haizhi.User, benchClients)
			for i := range users {
				users[i] = mustBenchApplicant(b, s, fmt.Sprintf("client%02d@example.org", i))
			}
			drafts := make([][]int64, benchClients) // per client
			for i := range b.N {
				u := users[i%benchClients]
				in, _ := benchEntry(rng, s.ed, i, u.Email)
				in.Source, in.Referrer = "", ""
				e, err := s.svc.SaveEntry(as(u), in)
				if err != nil {
					b.Fatalf("draft %d: %v", i, err)
				}
				for _, slot := range []haizhi.AttachmentSlot{haizhi.SlotBusinessPlan, haizhi.FormSlot("business-plan")} {
					a := &haizhi.Attachment{EntryID: e.ID, Slot: slot, Name: "plan.pdf", ContentType: "application/pdf", Size: 1 << 20,
						SHA256: strings.Repeat("ab", 32), BlobKey: fmt.Sprintf("entries/%d/%s", e.ID, slot)}
					if _, err := s.svc.AddAttachment(as(u), a); err != nil {
						b.Fatalf("attach %d: %v", i, err)
					}
				}
				drafts[i%benchClients] = append(drafts[i%benchClients], e.ID)
			}
			b.ResetTimer()
			err := benchClientsRun(func(c int) error {
				ctx := as(users[c])
				for _, id := range drafts[c] {
					e, err := s.svc.SubmitEntry(ctx, id)
					if err != nil {
						return fmt.Errorf("submit %d: %w", id, err)
					}
					if e.Status != haizhi.EntrySubmitted {
						return fmt.Errorf("submit %d: status %s", id, e.Status)
					}
				}
				return nil
			})
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// BenchmarkRawInsert50Clients is the yardstick for BenchmarkSubmit50Clients: the same
// database, pools and durability settings, 50 clients each inserting one row of about
// an entry's width per transaction through the writer pool. One op is one committed
// row; "rows/s" is the throughput.
func BenchmarkRawInsert50Clients(b *testing.B) {
	for _, dialect := range apptest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			s := mustBenchSite(b, dialect)
			w := s.db.SQL()
			if _, err := w.Exec(`CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, edition_id INTEGER NOT NULL, talent_id INTEGER NOT NULL,
				project_id INTEGER NOT NULL, division_id INTEGER, track_id INTEGER, status TEXT NOT NULL, source TEXT NOT NULL,
				owner_id INTEGER, referrer TEXT NOT NULL, create_key TEXT NOT NULL, round TEXT NOT NULL, outcome TEXT NOT NULL,
				eligible BOOLEAN, failed TEXT NOT NULL, country TEXT NOT NULL, category TEXT NOT NULL, title TEXT NOT NULL,
				search_tokens TEXT NOT NULL, submitted_at TIMESTAMP, version INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,
				updated_at TIMESTAMP NOT NULL)`); err != nil {
				b.Fatal(err)
			}
			insert := s.db.Rebind(`INSERT INTO bench_raw (id, edition_id, talent_id, project_id, division_id, track_id, status, source,
				owner_id, referrer, create_key, round, outcome, eligible, failed, country, category, title, search_tokens, submitted_at,
				version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			tokens := strings.Repeat("高性能 芯片 设计 high perform chip design ", 8)
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			b.ResetTimer()
			err := benchClientsRun(func(c int) error {
				for id := c + 1; id <= b.N; id += benchClients {
					tx, err := w.Begin()
					if err != nil {
						return err
					}
					if _, err := tx.Exec(insert, id, 1, id, id, 2, 3, "submitted", "direct", 4, "", "key-"+strconv.Itoa(id),
						"screening", "pending", true, "", "DE", "foreign_non_chinese", "高性能芯片设计", tokens, now, 2, now, now); err != nil {
						tx.Rollback()
						return fmt.Errorf("insert %d: %w", id, err)
					}
					if err := tx.Commit(); err != nil {
						return fmt.Errorf("commit %d: %w", id, err)
					}
				}
				return nil
			})
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// benchClientsRun runs fn(c) for each of the 50 clients at once and returns the first error.
func benchClientsRun(fn func(c int) error) error {
	var wg sync.WaitGroup
	errs := make([]error, benchClients)
	for c := range benchClients {
		wg.Go(func() { errs[c] = fn(c) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// mustBenchApplicant creates an applicant account on Yuhang with a confirmed address.
func mustBenchApplicant(tb testing.TB, s *benchSite, email string) *haizhi.User {
	tb.Helper()
	u, err := sqldb.NewUserService(s.db).CreateUser(s.sys, haizhi.NewUser{Email: email, Name: "Applicant " + email,
		Locale: haizhi.LocaleEN, Role: haizhi.RoleApplicant, UnitID: s.tr.yuhang.ID})
	if err != nil {
		tb.Fatalf("applicant %s: %v", email, err)
	}
	if _, err := s.db.SQL().Exec(s.db.Rebind(`UPDATE users SET email_verified_at = ? WHERE id = ?`), time.Now().UTC(), u.ID); err != nil {
		tb.Fatal(err)
	}
	return u
}
