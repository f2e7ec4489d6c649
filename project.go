package haizhi

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ProjectStage is how far a project has come.
type ProjectStage string

// Project stages.
const (
	StageIdea      ProjectStage = "idea"
	StagePrototype ProjectStage = "prototype"
	StageRevenue   ProjectStage = "revenue"
	StageScaling   ProjectStage = "scaling"
)

// ProjectStages lists the stages in order.
func ProjectStages() []ProjectStage {
	return []ProjectStage{StageIdea, StagePrototype, StageRevenue, StageScaling}
}

// Valid reports whether s is a known stage.
func (s ProjectStage) Valid() bool { return slices.Contains(ProjectStages(), s) }

// MaxTeamMembers is the most team members a project lists besides its lead.
const MaxTeamMembers = 10

// TeamMember is a member of a project's team besides the lead applicant.
type TeamMember struct {
	Name        string `json:"name"`
	Role        string `json:"role"`
	Institution string `json:"institution"`
}

// Project is what a talent brings: the technology and business that may land. Its title
// and summary may be in Chinese, English or both. FundingNeed is in yuan.
type Project struct {
	ID                int64        `json:"id"`
	TalentID          int64        `json:"talent_id"`
	TitleZH           string       `json:"title_zh"`
	TitleEN           string       `json:"title_en"`
	SummaryZH         string       `json:"summary_zh"`
	SummaryEN         string       `json:"summary_en"`
	Industry          string       `json:"industry"` // code of a track
	Keywords          []string     `json:"keywords"`
	Stage             ProjectStage `json:"stage"`
	FundingNeed       int64        `json:"funding_need"` // yuan
	RegisteredLocally bool         `json:"registered_locally"`
	PitchURL          string       `json:"pitch_url"`
	Team              []TeamMember `json:"team"`
	CreatedAt         time.Time    `json:"created_at"`
	UpdatedAt         time.Time    `json:"updated_at"`
}

// Title is the project's title in locale, falling back to the other language.
func (p *Project) Title(locale string) string { return Localized(locale, p.TitleZH, p.TitleEN) }

// Summary is the project's summary in locale, falling back to the other language.
func (p *Project) Summary(locale string) string { return Localized(locale, p.SummaryZH, p.SummaryEN) }

// Validate normalises the project and reports problems by field. complete asks for what a
// submitted entry needs: a title and summary in at least one language, a stage.
func (p *Project) Validate(complete bool) error {
	fields := map[string]string{}
	for _, s := range []*string{&p.TitleZH, &p.TitleEN, &p.SummaryZH, &p.SummaryEN, &p.PitchURL, &p.Industry} {
		*s = strings.TrimSpace(*s)
	}
	p.Keywords = cleanList(p.Keywords, 10)
	checkText(fields, "project.title_zh", p.TitleZH, 100, false)
	checkText(fields, "project.title_en", p.TitleEN, 200, false)
	checkText(fields, "project.summary_zh", p.SummaryZH, 3000, false)
	checkText(fields, "project.summary_en", p.SummaryEN, 6000, false)
	if p.TitleZH == "" && p.TitleEN == "" {
		fields["project.title_zh"] = "error.required_one_name"
	}
	if complete && p.SummaryZH == "" && p.SummaryEN == "" {
		fields["project.summary_zh"] = "error.required_one_name"
	}
	if p.Stage == "" && complete {
		fields["project.stage"] = "error.required"
	} else if p.Stage != "" && !p.Stage.Valid() {
		fields["project.stage"] = "error.choose_one"
	}
	if p.FundingNeed < 0 || p.FundingNeed > 100_000_000_000 {
		fields["project.funding_need"] = "error.count_range"
	}
	if p.PitchURL != "" && !ValidWebURL(p.PitchURL) {
		fields["project.pitch_url"] = "error.url_invalid"
	}
	var team []TeamMember
	for i, m := range p.Team {
		m.Name, m.Role, m.Institution = strings.TrimSpace(m.Name), strings.TrimSpace(m.Role), strings.TrimSpace(m.Institution)
		if m.Name == "" && m.Role == "" && m.Institution == "" {
			continue
		}
		prefix := "project.team." + strconv.Itoa(i) + "."
		checkText(fields, prefix+"name", m.Name, 100, true)
		checkText(fields, prefix+"role", m.Role, 100, false)
		checkText(fields, prefix+"institution", m.Institution, 200, false)
		team = append(team, m)
	}
	if len(team) > MaxTeamMembers {
		fields["project.team"] = "error.too_many"
	}
	p.Team = team
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// ValidWebURL reports whether s is an absolute http or https URL with a host.
func ValidWebURL(s string) bool {
	if len(s) > 500 {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && utf8.ValidString(s)
}

// AttachmentSlot says what an attachment is for.
type AttachmentSlot string

// Attachment slots of a project; a file question of the form uses "form:" + its key.
const (
	SlotBusinessPlan AttachmentSlot = "business_plan" // one PDF, required on submit
	SlotImage        AttachmentSlot = "image"         // up to MaxImages pictures
)

// MaxImages is how many images a project may carry.
const MaxImages = 4

// MaxAttachmentBytes is the largest attachment accepted (a business plan of 20 MB).
const MaxAttachmentBytes = 20 << 20

// FormSlot is the slot of the file question key of an edition's form.
func FormSlot(key string) AttachmentSlot { return AttachmentSlot("form:" + key) }

// Attachment is a file kept in the blob store and attached to an entry's project.
type Attachment struct {
	ID          int64          `json:"id"`
	EntryID     int64          `json:"entry_id"`
	Slot        AttachmentSlot `json:"slot"`
	Name        string         `json:"name"` // the uploader's file name
	ContentType string         `json:"content_type"`
	Size        int64          `json:"size"`
	SHA256      string         `json:"sha256"`
	BlobKey     string         `json:"-"`
	CreatedAt   time.Time      `json:"created_at"`
}
