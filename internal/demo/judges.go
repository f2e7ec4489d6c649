package demo

import (
	"fmt"

	"github.com/haizhi-dev/haizhi"
)

// loadJudges forms the open edition's judge pool: the demo judges and invited experts of
// every kind, one of them from Inria, where a referred lead works, so the conflict shows.
func (l *loader) loadJudges(ed *haizhi.Edition) error {
	if l.s.Judges == nil {
		return nil
	}
	ctx := l.operatorCtx()
	pool := []haizhi.Judge{
		{Name: "Prof. Anna Müller", Email: "judge@demo.haizhi.org", Locale: "en", Category: haizhi.JudgeTechnical, Institution: "Karlsruhe Institute of Technology",
			Country: "DE", Tracks: []string{"equipment", "ai"}, Keywords: []string{"robotics", "batteries", "电池"}, MaxLoad: 30},
		{Name: "赵立新", Email: "judge2@demo.haizhi.org", Locale: "zh-CN", Category: haizhi.JudgeInvestor, Institution: "杭州创新投资有限公司",
			Country: "CN", Tracks: []string{"ai", "health"}, Keywords: []string{"早期投资", "医疗器械"}, MaxLoad: 40},
		{Name: "Dr. Marc Lefèvre", Email: "marc.lefevre@inria-fr.example", Locale: "en", Category: haizhi.JudgeTechnical, Institution: "Inria",
			Country: "FR", Tracks: []string{"ai"}, Keywords: []string{"computer vision", "机器学习"}, MaxLoad: 25},
		{Name: "陈雅琴", Email: "chen.yaqin@zju-edu-cn.example", Locale: "zh-CN", Category: haizhi.JudgeTechnical, Institution: "浙江大学",
			Country: "CN", Tracks: []string{"health"}, Keywords: []string{"抗体", "生物医药"}, MaxLoad: 25},
		{Name: "孙立", Email: "sun.li@hzic-cn.example", Locale: "zh-CN", Category: haizhi.JudgeEntrepreneur, Institution: "杭州智造科技有限公司",
			Country: "CN", Tracks: []string{"equipment"}, Keywords: []string{"智能制造", "无人机"}, MaxLoad: 20},
	}
	for i := range pool {
		j := pool[i]
		j.EditionID = ed.ID
		if err := l.s.Judges.InviteJudge(ctx, &j); err != nil {
			return fmt.Errorf("judge %s: %w", j.Email, err)
		}
	}
	_, err := l.s.Judges.ComputeConflicts(ctx, ed.ID)
	return err
}
