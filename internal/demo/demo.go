// Package demo loads Haizhi's realistic demo data set: deterministic from a seed, shaped
// like the figures of the source documents (a city with its districts, the five industrial
// platforms of the Yuhang competition report, the Sino-EU centre in Gongshu, people of
// every role, portal news and policies, the competition of the report with a finished, a
// judged and an open edition). It writes through the same services as everyone else, so
// every demo record is validated and audited.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

// Password is the password of every demo account. It is printed by `haizhi demo`.
const Password = "haizhi-demo-2026"

// Services are the services the loader writes through.
type Services struct {
	Units haizhi.UnitService
	Users haizhi.UserService
	Posts haizhi.PostService
	// Competitions, when set, gets the demo competition and its editions.
	Competitions haizhi.CompetitionService
	// Entries, when set with Competitions, gets the 444 entries of 2018 and their rounds.
	Entries haizhi.EntryService
	// Rankings, when set, gets 2018's final scores, prizes and due diligence.
	Rankings haizhi.RankingService
	// Judges, when set, gets the judge pools of the judged and the open editions and
	// their conflicts.
	Judges haizhi.JudgeService
	// Assignments and Scoring, when set with Judges and Rankings, judge the current
	// year's edition: the preliminary round's published assignments, every judge's
	// submitted score sheets and the advancement to the final.
	Assignments haizhi.AssignmentService
	Scoring     haizhi.ScoringService
	// Live, when set, gets the judged edition's live final: two rooms, their orders drawn.
	Live haizhi.LiveService
	// Needs and Sites, when set, get the other side of the market: enterprises' needs,
	// landing sites and investors.
	Needs haizhi.NeedService
	Sites haizhi.SiteService
	// Blobs keeps the demo entries' business plans.
	Blobs blob.Store
}

// Login is one demo account to print.
type Login struct {
	Role  haizhi.Role
	Email string
	Unit  string
}

// Clock is a settable clock. The loader moves it to the date of each record it writes so
// that the data set has a history (posts published over two years, not all at once);
// wire Clock.Now into the database options.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time, or the real time when it was never set.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}

// Set moves the clock; the zero time returns it to real time.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Options tune the data set.
type Options struct {
	Seed uint64    // same seed, same data
	Now  time.Time // "today" in the data set; history runs back from it
}

// Loaded reports whether the demo data set is already in the database.
func Loaded(ctx context.Context, s Services) bool {
	ctx = haizhi.NewContextWithActor(ctx, haizhi.SystemActor("demo"))
	_, err := s.Units.FindUnitByCode(ctx, rootCode)
	return err == nil
}

// Load writes the data set and returns the demo accounts, one per role first. clock may
// be nil, in which case every record carries the real time.
func Load(ctx context.Context, s Services, clock *Clock, opts Options) ([]Login, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	l := &loader{s: s, clock: clock, rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)), now: opts.Now.UTC(),
		ctx: haizhi.NewContextWithActor(ctx, haizhi.SystemActor("demo")), units: map[string]*haizhi.OrgUnit{}}
	defer l.at(time.Time{})
	if err := l.loadUnits(); err != nil {
		return nil, fmt.Errorf("demo units: %w", err)
	}
	logins, err := l.loadUsers()
	if err != nil {
		return nil, fmt.Errorf("demo users: %w", err)
	}
	if err := l.loadCompetition(); err != nil {
		return nil, fmt.Errorf("demo competition: %w", err)
	}
	if err := l.loadPosts(); err != nil {
		return nil, fmt.Errorf("demo posts: %w", err)
	}
	if err := l.loadCurrentEdition(); err != nil {
		return nil, fmt.Errorf("demo judged edition: %w", err)
	}
	if err := l.loadNextEdition(); err != nil {
		return nil, fmt.Errorf("demo edition: %w", err)
	}
	if err := l.loadMarket(); err != nil {
		return nil, fmt.Errorf("demo market: %w", err)
	}
	return logins, nil
}

type loader struct {
	s           Services
	competition *haizhi.Competition
	clock       *Clock
	rng         *rand.Rand
	now         time.Time
	ctx         context.Context
	units       map[string]*haizhi.OrgUnit
	users       map[string]*haizhi.User
}

// at moves the clock when there is one.
func (l *loader) at(t time.Time) {
	if l.clock != nil {
		l.clock.Set(t)
	}
}

const rootCode = "hangzhou"

// unitSpec is one unit of the tree: code, parent code, kind, names.
type unitSpec struct {
	code, parent string
	kind         haizhi.UnitKind
	zh, en       string
}

// The tree: Hangzhou with five districts; under Yuhang the five industrial platforms that
// split the 2018 competition's projects by industry (000_…); under Gongshu the Sino-EU
// talent centre's base (001_…); an offshore innovation base for overseas talent.
func unitSpecs() []unitSpec {
	return []unitSpec{
		{"hangzhou", "", haizhi.UnitCity, "杭州市", "Hangzhou"},
		{"yuhang", "hangzhou", haizhi.UnitDistrict, "余杭区", "Yuhang District"},
		{"gongshu", "hangzhou", haizhi.UnitDistrict, "拱墅区", "Gongshu District"},
		{"xihu", "hangzhou", haizhi.UnitDistrict, "西湖区", "Xihu District"},
		{"binjiang", "hangzhou", haizhi.UnitDistrict, "滨江区", "Binjiang District"},
		{"xiaoshan", "hangzhou", haizhi.UnitDistrict, "萧山区", "Xiaoshan District"},
		{"future-sci-tech-city", "yuhang", haizhi.UnitPlatform, "未来科技城", "Future Sci-Tech City"},
		{"yuhang-etdz", "yuhang", haizhi.UnitPlatform, "余杭经济技术开发区", "Yuhang Economic and Technological Development Zone"},
		{"linping-new-city", "yuhang", haizhi.UnitPlatform, "临平新城", "Linping New City"},
		{"liangzhu-new-city", "yuhang", haizhi.UnitPlatform, "良渚新城", "Liangzhu New City"},
		{"renhe-manufacturing", "yuhang", haizhi.UnitPlatform, "仁和先进制造业基地", "Renhe Advanced Manufacturing Base"},
		{"sino-eu-gongshu", "gongshu", haizhi.UnitBase, "中欧人才交流与合作中心拱墅基地", "Sino-EU Talent Exchange Centre, Gongshu Base"},
		{"gongshu-life-science-park", "gongshu", haizhi.UnitPark, "拱墅生命健康产业园", "Gongshu Life and Health Industrial Park"},
		{"xihu-young-talent-park", "xihu", haizhi.UnitPark, "西湖区青年人才创业园", "Xihu Young Talent Entrepreneurship Park"},
		{"binjiang-overseas-park", "binjiang", haizhi.UnitPark, "滨江海外高层次人才创新园", "Binjiang Overseas High-Level Talent Innovation Park"},
		{"hangzhou-offshore-base", "hangzhou", haizhi.UnitBase, "杭州海外人才离岸创新创业基地", "Hangzhou Offshore Innovation and Entrepreneurship Base"},
	}
}

func (l *loader) loadUnits() error {
	l.at(l.now.AddDate(-2, 0, 0))
	for _, sp := range unitSpecs() {
		u := &haizhi.OrgUnit{Kind: sp.kind, Code: sp.code, NameZH: sp.zh, NameEN: sp.en}
		if sp.parent != "" {
			u.ParentID = l.units[sp.parent].ID
		}
		if err := l.s.Units.CreateUnit(l.ctx, u); err != nil {
			return fmt.Errorf("%s: %w", sp.code, err)
		}
		l.units[sp.code] = u
	}
	return nil
}

// userSpec is one demo person.
type userSpec struct {
	email, name, locale string
	role                haizhi.Role
	unit                string
	first               bool // printed as the demo login of its role
}

func userSpecs() []userSpec {
	return []userSpec{
		{"admin@demo.haizhi.org", "王建国", "zh-CN", haizhi.RoleAdmin, "hangzhou", true},
		{"operator@demo.haizhi.org", "陈静", "zh-CN", haizhi.RoleOperator, "hangzhou", true},
		{"yuhang.operator@demo.haizhi.org", "李明", "zh-CN", haizhi.RoleOperator, "yuhang", false},
		{"gongshu.operator@demo.haizhi.org", "周婷", "zh-CN", haizhi.RoleOperator, "gongshu", false},
		{"liaison@demo.haizhi.org", "张伟", "zh-CN", haizhi.RoleLiaison, "future-sci-tech-city", true},
		{"liaison2@demo.haizhi.org", "刘洋", "zh-CN", haizhi.RoleLiaison, "sino-eu-gongshu", false},
		{"judge@demo.haizhi.org", "Prof. Anna Müller", "en", haizhi.RoleJudge, "hangzhou", true},
		{"judge2@demo.haizhi.org", "赵立新", "zh-CN", haizhi.RoleJudge, "hangzhou", false},
		{"applicant@demo.haizhi.org", "Dr. James Whitfield", "en", haizhi.RoleApplicant, "hangzhou", true},
		{"applicant2@demo.haizhi.org", "林晓雯", "zh-CN", haizhi.RoleApplicant, "hangzhou", false},
		{"enterprise@demo.haizhi.org", "孙强 (杭州智造科技有限公司)", "zh-CN", haizhi.RoleEnterprise, "renhe-manufacturing", true},
		{"partner@demo.haizhi.org", "Dr. Sophie Laurent (Paris workstation)", "en", haizhi.RolePartner, "hangzhou-offshore-base", true},
		{"leader@demo.haizhi.org", "郑华", "zh-CN", haizhi.RoleLeader, "hangzhou", true},
		{"yuhang.leader@demo.haizhi.org", "吴刚", "zh-CN", haizhi.RoleLeader, "yuhang", false},
	}
}

// Logins lists the demo account printed for each role, without touching a database.
func Logins() []Login {
	names := map[string]string{}
	for _, u := range unitSpecs() {
		names[u.code] = u.zh
	}
	var out []Login
	for _, sp := range userSpecs() {
		if sp.first {
			out = append(out, Login{Role: sp.role, Email: sp.email, Unit: names[sp.unit]})
		}
	}
	return out
}

func (l *loader) loadUsers() ([]Login, error) {
	l.users = map[string]*haizhi.User{}
	var logins []Login
	for i, sp := range userSpecs() {
		l.at(l.now.AddDate(0, -18, i))
		u, err := l.s.Users.CreateUser(l.ctx, haizhi.NewUser{Email: sp.email, Name: sp.name, Locale: sp.locale,
			Password: Password, Role: sp.role, UnitID: l.units[sp.unit].ID})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sp.email, err)
		}
		l.users[sp.email] = u
		if sp.first {
			logins = append(logins, Login{Role: sp.role, Email: sp.email, Unit: l.units[sp.unit].NameZH})
		}
	}
	// The Gongshu operator is also liaison for projects at the Sino-EU base: people hold
	// several roles on several units.
	if _, err := l.s.Users.GrantRole(l.ctx, l.users["gongshu.operator@demo.haizhi.org"].ID, haizhi.RoleLiaison, l.units["sino-eu-gongshu"].ID); err != nil {
		return nil, err
	}
	return logins, nil
}
