package match

import (
	"errors"
	"fmt"
	"math"
)

// Labelled is an evaluation set: projects, needs, and the (project, need) pairs judged
// relevant. Needs and projects not named in a pair count as not relevant to each other.
type Labelled struct {
	Projects []Project
	Needs    []Need
	Relevant []Judgement
}

// Judgement says that a need is relevant to a project.
type Judgement struct {
	Project string
	Need    string
}

// Metrics are the ranking quality of ForProject's needs, averaged over the projects with
// at least one relevant need (Projects of them).
type Metrics struct {
	PrecisionAt5 float64 `json:"precision_at_5"` // relevant needs among the first 5, over 5
	RecallAt10   float64 `json:"recall_at_10"`   // relevant needs among the first 10, over all relevant
	NDCGAt10     float64 `json:"ndcg_at_10"`     // binary-gain DCG of the first 10 over the ideal DCG
	Projects     int     `json:"projects"`
}

// Evaluate ranks the top 10 needs of every project of l that has a relevant need and
// measures the ranking against the judgements. It returns an error naming the field of
// invalid input (projects[2].id, relevant[5].need) or when no project has a relevant need.
func Evaluate(l Labelled, opt Options) (Metrics, error) {
	c := Corpus{Projects: l.Projects, Needs: l.Needs}
	if err := c.Validate(); err != nil {
		return Metrics{}, err
	}
	projects, needs := map[string]bool{}, map[string]bool{}
	for _, p := range l.Projects {
		projects[p.ID] = true
	}
	for _, n := range l.Needs {
		needs[n.ID] = true
	}
	relevant := map[string]map[string]bool{}
	for i, j := range l.Relevant {
		switch {
		case !projects[j.Project]:
			return Metrics{}, fmt.Errorf("relevant[%d].project: unknown project %q", i, j.Project)
		case !needs[j.Need]:
			return Metrics{}, fmt.Errorf("relevant[%d].need: unknown need %q", i, j.Need)
		}
		if relevant[j.Project] == nil {
			relevant[j.Project] = map[string]bool{}
		}
		relevant[j.Project][j.Need] = true
	}
	if len(relevant) == 0 {
		return Metrics{}, errors.New("relevant: no project has a relevant need")
	}
	m, err := New(c, opt)
	if err != nil {
		return Metrics{}, err
	}
	var mt Metrics
	for _, p := range l.Projects {
		rel := relevant[p.ID]
		if len(rel) == 0 {
			continue
		}
		recs, err := m.ForProject(p.ID, KindNeed, 10, nil)
		if err != nil {
			return Metrics{}, err
		}
		ranked := make([]string, len(recs))
		for i, r := range recs {
			ranked[i] = r.Target
		}
		p5, r10, n10 := rankMetrics(ranked, rel)
		mt.PrecisionAt5 += p5
		mt.RecallAt10 += r10
		mt.NDCGAt10 += n10
		mt.Projects++
	}
	n := float64(mt.Projects)
	mt.PrecisionAt5 /= n
	mt.RecallAt10 /= n
	mt.NDCGAt10 /= n
	return mt, nil
}

// rankMetrics returns precision@5, recall@10 and nDCG@10 of a ranking against the set of
// relevant ids (not empty). A ranking shorter than 5 still divides by 5.
func rankMetrics(ranked []string, relevant map[string]bool) (p5, r10, ndcg10 float64) {
	var dcg, ideal float64
	hits5, hits10 := 0, 0
	for i := 0; i < 10 && i < len(ranked); i++ {
		if relevant[ranked[i]] {
			if i < 5 {
				hits5++
			}
			hits10++
			dcg += 1 / math.Log2(float64(i)+2)
		}
	}
	for i := 0; i < 10 && i < len(relevant); i++ {
		ideal += 1 / math.Log2(float64(i)+2)
	}
	return float64(hits5) / 5, float64(hits10) / float64(len(relevant)), dcg / ideal
}

// LabelledFile is the JSON form of a Labelled set, the input of `haizhi match eval`:
//
//	{"projects": [{"id", "title", "summary", "industry", "keywords": [...], "stage"}],
//	 "needs":    [{"id", "title", "description", "industry", "keywords": [...]}],
//	 "relevant": [{"project", "need"}]}
type LabelledFile struct {
	Projects []LabelledProject `json:"projects"`
	Needs    []LabelledNeed    `json:"needs"`
	Relevant []struct {
		Project string `json:"project"`
		Need    string `json:"need"`
	} `json:"relevant"`
}

// LabelledProject is a project of a LabelledFile.
type LabelledProject struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Industry string   `json:"industry"`
	Keywords []string `json:"keywords"`
	Stage    string   `json:"stage"`
}

// LabelledNeed is a need of a LabelledFile.
type LabelledNeed struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Industry    string   `json:"industry"`
	Keywords    []string `json:"keywords"`
}

// Labelled converts the file's contents for Evaluate.
func (f *LabelledFile) Labelled() Labelled {
	var l Labelled
	for _, p := range f.Projects {
		l.Projects = append(l.Projects, Project{ID: p.ID, Title: p.Title, Summary: p.Summary,
			Industry: p.Industry, Keywords: p.Keywords, Stage: p.Stage})
	}
	for _, n := range f.Needs {
		l.Needs = append(l.Needs, Need{ID: n.ID, Title: n.Title, Description: n.Description,
			Industry: n.Industry, Keywords: n.Keywords})
	}
	for _, r := range f.Relevant {
		l.Relevant = append(l.Relevant, Judgement{Project: r.Project, Need: r.Need})
	}
	return l
}
