package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

// openEntry is an entry of the open edition: who enters it, how far it got.
type openEntry struct {
	by     string // the demo account
	submit bool
	in     haizhi.EntryInput
}

func openEntries(year int) []openEntry {
	born := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return []openEntry{
		{by: "applicant@demo.haizhi.org", in: haizhi.EntryInput{DivisionCode: "europe", TrackCode: "ai",
			Lead: haizhi.Talent{Name: "Dr. James Whitfield", Email: "applicant@demo.haizhi.org", Locale: "en", Nationality: "GB", Category: haizhi.CategoryForeignNonChinese,
				Residence: "GB", Born: born(1983, 3, 14), Degree: haizhi.DegreeDoctorate, DegreeCountry: "GB", Institution: "University of Cambridge",
				Employer: "Arm Ltd", YearsAbroad: 0, Fields: []string{"hardware security", "post-quantum cryptography"}},
			Project: haizhi.Project{TitleEN: "Quantum-safe security chip for IoT devices", TitleZH: "面向物联网设备的抗量子安全芯片",
				SummaryEN: "A low-power secure element that runs lattice-based post-quantum algorithms in hardware, so that meters, cameras and sensors stay safe once quantum computers arrive.",
				Keywords:  []string{"芯片", "post-quantum", "IoT"}, Stage: haizhi.StagePrototype, FundingNeed: 15_000_000,
				Team: []haizhi.TeamMember{{Name: "Dr. Priya Natarajan", Role: "CTO", Institution: "Arm Ltd"}}},
			Answers: map[string][]string{"landing-plan": {"within-1-year"}, "landing-needs": {"space", "partners"}}}},
		{by: "applicant2@demo.haizhi.org", in: haizhi.EntryInput{DivisionCode: "north-america", TrackCode: "health",
			Lead: haizhi.Talent{Name: "Lin Xiaowen", NameZH: "林晓雯", Email: "applicant2@demo.haizhi.org", Locale: "zh-CN", Nationality: "CN", Category: haizhi.CategoryChineseAbroad,
				Residence: "US", Born: born(1988, 9, 2), Degree: haizhi.DegreeDoctorate, DegreeCountry: "US", Institution: "Johns Hopkins University",
				Employer: "Genentech", YearsAbroad: 6, Fields: []string{"抗体药物", "生物制药"}},
			Project: haizhi.Project{TitleZH: "双特异性抗体肿瘤免疫治疗平台", TitleEN: "Bispecific antibody platform for cancer immunotherapy",
				SummaryZH: "基于自主知识产权的双特异性抗体设计平台，已完成两个候选分子的临床前研究，计划在杭州建设中试基地。",
				Keywords:  []string{"抗体", "肿瘤", "immunotherapy"}, Stage: haizhi.StagePrototype, FundingNeed: 30_000_000},
			Answers: map[string][]string{"landing-plan": {"1-3-years"}, "patents": {"4"}}}},
		{by: "partner@demo.haizhi.org", submit: true, in: haizhi.EntryInput{DivisionCode: "europe", TrackCode: "equipment", Referrer: "杭州海外人才工作站（巴黎）",
			Lead: haizhi.Talent{Name: "Dr. Camille Dubois", Email: "camille.dubois@cnrs-fr.example", Locale: "en", Nationality: "FR", Category: haizhi.CategoryForeignNonChinese,
				Residence: "FR", Born: born(1979, 11, 23), Degree: haizhi.DegreeDoctorate, DegreeCountry: "FR", Institution: "École Polytechnique",
				Employer: "CNRS", YearsAbroad: 4, Fields: []string{"solid-state batteries", "electrochemistry"}},
			Project: haizhi.Project{TitleEN: "Sulfide solid-state battery cells for drones", TitleZH: "无人机用硫化物固态电池",
				SummaryEN: "Solid-state cells with a sulfide electrolyte reaching 420 Wh/kg, tested in 200 flight cycles with a French drone maker.",
				SummaryZH: "采用硫化物电解质的固态电池，能量密度达到每公斤420瓦时，已与法国无人机企业完成200次飞行循环测试。",
				Keywords:  []string{"电池", "battery", "drones"}, Stage: haizhi.StagePrototype, FundingNeed: 20_000_000},
			Answers: map[string][]string{"landing-plan": {"within-1-year"}, "heard-from": {"workstation"}, "patents": {"7"}}}},
		{by: "partner@demo.haizhi.org", submit: true, in: haizhi.EntryInput{DivisionCode: "europe", TrackCode: "ai", Referrer: "杭州海外人才工作站（巴黎）",
			Lead: haizhi.Talent{Name: "Dr. Zhou Yifan", NameZH: "周一凡", Email: "zhou.yifan@inria-fr.example", Locale: "zh-CN", Nationality: "FR", Category: haizhi.CategoryForeignChinese,
				Residence: "FR", Born: born(1986, 5, 8), Degree: haizhi.DegreeDoctorate, DegreeCountry: "FR", Institution: "Sorbonne Université",
				Employer: "Inria", YearsAbroad: 9, Fields: []string{"computer vision", "机器人"}},
			Project: haizhi.Project{TitleZH: "工业质检视觉大模型", TitleEN: "Vision foundation model for industrial inspection",
				SummaryZH: "面向电子制造的视觉检测大模型，少样本即可适配新产线，已在两家欧洲工厂试用，漏检率降低60%。",
				Keywords:  []string{"视觉", "质检", "AI"}, Stage: haizhi.StageRevenue, FundingNeed: 10_000_000},
			Answers: map[string][]string{"landing-plan": {"within-1-year"}, "heard-from": {"workstation"}}}},
	}
}

// loadOpenEntries enters the first entries of the open edition: the demo applicants'
// drafts and the Paris workstation's referrals, two of them submitted with their
// business plans.
func (l *loader) loadOpenEntries(ed *haizhi.Edition) error {
	if l.s.Entries == nil {
		return nil
	}
	for i, oe := range openEntries(ed.Year) {
		l.at(l.now.Add(time.Duration(-8+i) * 24 * time.Hour))
		u := l.users[oe.by]
		if u == nil {
			return fmt.Errorf("no demo user %s", oe.by)
		}
		ctx := haizhi.NewContextWithActor(l.ctx, u.Actor("", ""))
		in := oe.in
		in.EditionID, in.CreateKey = ed.ID, fmt.Sprintf("demo-open-%d", i)
		e, err := l.s.Entries.SaveEntry(ctx, &in)
		if err != nil {
			return fmt.Errorf("open entry %d: %w", i, err)
		}
		if !oe.submit {
			continue
		}
		if err := l.attachPlan(ctx, e); err != nil {
			return err
		}
		if _, err := l.s.Entries.SubmitEntry(ctx, e.ID); err != nil {
			return fmt.Errorf("submit open entry %d: %w", i, err)
		}
	}
	return nil
}

// attachPlan stores a small business plan PDF for an entry.
func (l *loader) attachPlan(ctx context.Context, e *haizhi.Entry) error {
	if l.s.Blobs == nil {
		return fmt.Errorf("demo: entries need an attachment store")
	}
	pdf := demoPDF(e.Project.TitleEN)
	key := blob.NewKey(fmt.Sprintf("entries/%d", e.ID), ".pdf")
	if err := l.s.Blobs.Put(ctx, key, bytes.NewReader(pdf), int64(len(pdf)), "application/pdf"); err != nil {
		return err
	}
	sum := sha256.Sum256(pdf)
	_, err := l.s.Entries.AddAttachment(ctx, &haizhi.Attachment{EntryID: e.ID, Slot: haizhi.SlotBusinessPlan, Name: "business-plan.pdf",
		ContentType: "application/pdf", Size: int64(len(pdf)), SHA256: hex.EncodeToString(sum[:]), BlobKey: key})
	return err
}

// demoPDF is a one-page PDF with the title on it.
func demoPDF(title string) []byte {
	text := "Business plan: " + title
	stream := fmt.Sprintf("BT /F1 18 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
