package web

import (
	"net/http"
	"net/url"

	"github.com/haizhi-dev/haizhi"
)

// Route is one line of the route table: a ServeMux pattern and the permission it needs.
type Route struct {
	Pattern string
	Perm    haizhi.Permission
	handler http.HandlerFunc
}

// Routes is the whole table: every page, its method and its permission, in one place.
// PermPublic routes serve guests; every other route sends a guest to sign in and refuses
// (403) a signed-in user who holds the permission on no unit. Handlers then check the
// record's own unit through the services.
func (s *Server) Routes() []Route {
	return append(s.pageRoutes(), s.mounts()...)
}

// mounts are the handlers that are not pages, declared like the pages: the static files,
// the metrics (restrict them at the proxy if they must not be public) and the JSON API,
// which admits bearer tokens only and checks each of its own routes' permission.
func (s *Server) mounts() []Route {
	rs := []Route{{"GET /static/", haizhi.PermPublic, s.assets.Handler().ServeHTTP}}
	if s.opts.MetricsHandler != nil {
		rs = append(rs, Route{"GET /metrics", haizhi.PermPublic, s.opts.MetricsHandler.ServeHTTP})
	}
	if s.opts.API != nil {
		rs = append(rs, Route{"/api/v1/", haizhi.PermPublic, s.opts.API.ServeHTTP})
	}
	return rs
}

// pageRoutes are the pages.
func (s *Server) pageRoutes() []Route {
	return []Route{
		// Portal (public).
		{"GET /{$}", haizhi.PermPublic, s.portalHome},
		{"GET /news", haizhi.PermPublic, s.portalList(haizhi.PostNews)},
		{"GET /policies", haizhi.PermPublic, s.portalList(haizhi.PostPolicy)},
		{"GET /posts/{id}", haizhi.PermPublic, s.portalPost},
		{"POST /lang", haizhi.PermPublic, s.langSwitch},
		{"GET /apply", haizhi.PermPublic, s.apply},
		{"GET /register", haizhi.PermPublic, s.registerForm},
		{"POST /register", haizhi.PermPublic, s.registerApplicant},

		// Signing in and account recovery.
		{"GET /login", haizhi.PermPublic, s.loginForm},
		{"POST /login", haizhi.PermPublic, s.login},
		{"POST /logout", haizhi.PermPublic, s.logout},
		{"GET /verify", haizhi.PermPublic, s.verifyForm},
		{"POST /verify", haizhi.PermPublic, s.verify},
		{"GET /forgot", haizhi.PermPublic, s.forgotForm},
		{"POST /forgot", haizhi.PermPublic, s.forgot},
		{"GET /reset", haizhi.PermPublic, s.resetForm},
		{"POST /reset", haizhi.PermPublic, s.reset},

		// Every signed-in user.
		{"GET /home", haizhi.PermSignedIn, s.home},
		{"GET /account", haizhi.PermSignedIn, s.account},
		{"POST /account/password", haizhi.PermSignedIn, s.accountPassword},
		{"POST /account/verification", haizhi.PermSignedIn, s.accountSendVerification},
		{"GET /account/tokens", haizhi.PermSignedIn, s.tokens},
		{"POST /account/tokens", haizhi.PermSignedIn, s.tokenCreate},
		{"POST /account/tokens/{id}/revoke", haizhi.PermSignedIn, s.tokenRevoke},

		// Applicants' entries (and partners' referrals). The service checks each entry's
		// owner; attachments are read by anyone who may read their entry.
		{"GET /my/entries", haizhi.PermEntryApply, s.myEntries},
		{"GET /my/entries/new", haizhi.PermEntryApply, s.entryNew},
		{"POST /my/entries", haizhi.PermEntryApply, s.entryCreate},
		{"GET /my/entries/{id}", haizhi.PermEntryApply, s.entryShow},
		{"GET /my/entries/{id}/edit", haizhi.PermEntryApply, s.entryEdit},
		{"POST /my/entries/{id}", haizhi.PermEntryApply, s.entryUpdate},
		{"POST /my/entries/{id}/submit", haizhi.PermEntryApply, s.entrySubmit},
		{"POST /my/entries/{id}/withdraw", haizhi.PermEntryApply, s.entryWithdraw},
		{"POST /my/entries/{id}/files/{file}/delete", haizhi.PermEntryApply, s.entryFileDelete},
		{"GET /entries/{id}/files/{file}", haizhi.PermSignedIn, s.entryFile},

		// Judges' workspace: the entries published to them.
		{"GET /judging", haizhi.PermJudgeWork, s.judging},
		{"GET /judging/entries/{id}", haizhi.PermJudgeWork, s.judgingEntry},
		{"POST /judging/entries/{id}/scores", haizhi.PermJudgeWork, s.judgingScores},
		{"POST /judging/entries/{id}/conflict", haizhi.PermJudgeWork, s.judgingConflict},
		// A live final room on a judge's phone: the stage, their scores, the chief's sign-off.
		{"GET /judging/rooms/{id}", haizhi.PermJudgeWork, s.judgingRoom},
		{"GET /judging/rooms/{id}/events", haizhi.PermJudgeWork, s.judgingRoomEvents},
		{"POST /judging/rooms/{id}/sign", haizhi.PermJudgeWork, s.judgingRoomSign},

		// Enterprises' needs: published ones for everyone signed in; the service checks who
		// may write (the enterprise itself, or the unit's operators).
		{"GET /needs", haizhi.PermSignedIn, s.needs},
		{"GET /needs/new", haizhi.PermSignedIn, s.needNew},
		{"POST /needs", haizhi.PermSignedIn, s.needSave},
		{"GET /needs/{id}", haizhi.PermSignedIn, s.need},
		{"GET /needs/{id}/edit", haizhi.PermSignedIn, s.needEdit},
		{"POST /needs/{id}", haizhi.PermSignedIn, s.needSave},
		{"POST /needs/{id}/status", haizhi.PermSignedIn, s.needStatus},
		// Landing sites and investors: read by everyone signed in, written by operators.
		{"GET /sites", haizhi.PermSignedIn, s.sites},
		{"GET /sites/new", haizhi.PermMatchManage, s.siteNew},
		{"POST /sites", haizhi.PermMatchManage, s.siteSave},
		{"GET /sites/{id}/edit", haizhi.PermMatchManage, s.siteEdit},
		{"POST /sites/{id}", haizhi.PermMatchManage, s.siteSave},
		{"GET /investors", haizhi.PermSignedIn, s.investors},

		// Portal content management.
		{"GET /manage/posts", haizhi.PermPostManage, s.managePosts},
		{"GET /manage/posts/new", haizhi.PermPostManage, s.postNew},
		{"POST /manage/posts", haizhi.PermPostManage, s.postCreate},
		{"GET /manage/posts/{id}/edit", haizhi.PermPostManage, s.postEdit},
		{"POST /manage/posts/{id}", haizhi.PermPostManage, s.postUpdate},
		{"POST /manage/posts/{id}/publish", haizhi.PermPostManage, s.postPublish(true)},
		{"POST /manage/posts/{id}/unpublish", haizhi.PermPostManage, s.postPublish(false)},
		{"POST /manage/posts/{id}/delete", haizhi.PermPostManage, s.postDelete},

		// Organisation units.
		{"GET /manage/competitions", haizhi.PermCompetitionManage, s.competitions},
		{"GET /manage/competitions/new", haizhi.PermCompetitionManage, s.competitionNew},
		{"POST /manage/competitions", haizhi.PermCompetitionManage, s.competitionCreate},
		{"GET /manage/editions/new", haizhi.PermCompetitionManage, s.editionNew},
		{"POST /manage/editions", haizhi.PermCompetitionManage, s.editionCreate},
		{"GET /manage/editions/{id}", haizhi.PermCompetitionManage, s.edition},
		{"GET /manage/editions/{id}/structure", haizhi.PermCompetitionManage, s.editionStructureForm},
		{"POST /manage/editions/{id}/structure", haizhi.PermCompetitionManage, s.editionStructureSave},
		{"POST /manage/editions/{id}/status", haizhi.PermCompetitionManage, s.editionStatus},
		{"GET /manage/editions/{id}/form", haizhi.PermCompetitionManage, s.editionFormEditor},
		{"POST /manage/editions/{id}/form", haizhi.PermCompetitionManage, s.editionFormSave},
		{"GET /manage/editions/{id}/rules", haizhi.PermCompetitionManage, s.editionRules},
		{"GET /manage/editions/{id}/preview", haizhi.PermCompetitionManage, s.editionPreview},
		{"POST /manage/editions/{id}/rules", haizhi.PermCompetitionManage, s.editionRulesSave},
		{"GET /manage/editions/{id}/entries", haizhi.PermCompetitionManage, s.editionEntries},
		{"POST /manage/editions/{id}/entries/decide", haizhi.PermCompetitionManage, s.editionEntriesDecide},
		{"GET /manage/editions/{id}/entries/export.xlsx", haizhi.PermCompetitionManage, s.editionEntriesExport},
		{"GET /manage/editions/{id}/entries/template.xlsx", haizhi.PermCompetitionManage, s.editionEntriesTemplate},
		{"GET /manage/editions/{id}/entries/import", haizhi.PermCompetitionManage, s.editionEntriesImportForm},
		{"POST /manage/editions/{id}/entries/import", haizhi.PermCompetitionManage, s.editionEntriesImport},
		{"POST /manage/editions/{id}/entries/eligibility", haizhi.PermCompetitionManage, s.editionEligibility},
		{"GET /manage/editions/{id}/duplicates", haizhi.PermCompetitionManage, s.editionDuplicates},
		{"GET /manage/editions/{id}/judges", haizhi.PermCompetitionManage, s.editionJudges},
		{"POST /manage/editions/{id}/judges", haizhi.PermCompetitionManage, s.editionJudgeInvite},
		{"GET /manage/editions/{id}/conflicts", haizhi.PermCompetitionManage, s.editionConflicts},
		{"POST /manage/editions/{id}/conflicts/compute", haizhi.PermCompetitionManage, s.editionConflictsCompute},
		{"POST /manage/conflicts/{id}/lift", haizhi.PermCompetitionManage, s.conflictLift},
		{"GET /manage/editions/{id}/rounds/{round}", haizhi.PermCompetitionManage, s.editionRound},
		{"GET /manage/editions/{id}/rounds/{round}/assignments", haizhi.PermCompetitionManage, s.editionAssignments},
		{"GET /manage/editions/{id}/rounds/{round}/scores", haizhi.PermCompetitionManage, s.editionScores},
		{"GET /manage/editions/{id}/rounds/{round}/rubric", haizhi.PermCompetitionManage, s.editionRubric},
		{"POST /manage/editions/{id}/rounds/{round}/rubric", haizhi.PermCompetitionManage, s.editionRubricSave},
		{"POST /manage/editions/{id}/rounds/{round}/scores/apply", haizhi.PermCompetitionManage, s.editionScoresApply},
		{"POST /manage/editions/{id}/rounds/{round}/assignments/propose", haizhi.PermCompetitionManage, s.editionAssignmentsPropose},
		{"POST /manage/editions/{id}/rounds/{round}/assignments/publish", haizhi.PermCompetitionManage, s.editionAssignmentsPublish},
		{"POST /manage/editions/{id}/rounds/{round}/assignments/set", haizhi.PermCompetitionManage, s.editionAssignmentsSet},
		{"GET /manage/editions/{id}/rounds/{round}/entries/{entry}/sheets", haizhi.PermCompetitionManage, s.editionEntrySheets},
		{"POST /manage/sheets/{id}/reopen", haizhi.PermCompetitionManage, s.sheetReopen},
		{"POST /manage/editions/{id}/rounds/{round}/scores", haizhi.PermCompetitionManage, s.editionRoundScores},
		{"POST /manage/editions/{id}/rounds/{round}/confirm", haizhi.PermCompetitionManage, s.editionRoundConfirm},
		// The live final: rooms, the draw, the stage, the big screen, tie-breaks, score sheets.
		{"GET /manage/editions/{id}/final", haizhi.PermCompetitionManage, s.finalRooms},
		{"POST /manage/editions/{id}/final/rooms", haizhi.PermCompetitionManage, s.finalRoomCreate},
		{"GET /manage/final/rooms/{id}/edit", haizhi.PermCompetitionManage, s.finalRoomEdit},
		{"POST /manage/final/rooms/{id}", haizhi.PermCompetitionManage, s.finalRoomUpdate},
		{"POST /manage/final/rooms/{id}/delete", haizhi.PermCompetitionManage, s.finalRoomDelete},
		{"POST /manage/final/rooms/{id}/draw", haizhi.PermCompetitionManage, s.finalRoomDraw},
		{"GET /manage/final/rooms/{id}/present", haizhi.PermCompetitionManage, s.finalRoomPresent},
		{"POST /manage/final/rooms/{id}/stage", haizhi.PermCompetitionManage, s.finalRoomStage},
		{"POST /manage/final/rooms/{id}/tie", haizhi.PermCompetitionManage, s.finalRoomTie},
		{"GET /manage/final/rooms/{id}/board", haizhi.PermCompetitionManage, s.finalRoomBoard},
		{"GET /manage/final/rooms/{id}/events", haizhi.PermCompetitionManage, s.finalRoomEvents},
		{"GET /manage/final/rooms/{id}/sheet", haizhi.PermCompetitionManage, s.finalRoomSheet},
		{"GET /manage/final/rooms/{id}/sheet.pdf", haizhi.PermCompetitionManage, s.finalRoomSheetPDF},
		{"GET /manage/final/rooms/{id}/sheet.xlsx", haizhi.PermCompetitionManage, s.finalRoomSheetXLSX},
		{"GET /manage/editions/{id}/prizes", haizhi.PermCompetitionManage, s.editionPrizes},
		{"POST /manage/editions/{id}/prizes/award", haizhi.PermCompetitionManage, s.editionPrizesAward},
		{"POST /manage/entries/{id}/prize/revoke", haizhi.PermCompetitionManage, s.entryPrizeRevoke},
		{"POST /manage/entries/{id}/prize/accept", haizhi.PermCompetitionManage, s.entryPrizeAccept},
		{"GET /manage/entries/{id}", haizhi.PermCompetitionManage, s.manageEntry},
		{"POST /manage/entries/{id}/reopen", haizhi.PermCompetitionManage, s.manageEntryReopen},
		{"GET /admin/units", haizhi.PermUnitView, s.units},
		{"GET /admin/units/new", haizhi.PermUnitManage, s.unitNew},
		{"POST /admin/units", haizhi.PermUnitManage, s.unitCreate},
		{"GET /admin/units/{id}/edit", haizhi.PermUnitManage, s.unitEdit},
		{"POST /admin/units/{id}", haizhi.PermUnitManage, s.unitUpdate},

		// People and roles.
		{"GET /admin/users", haizhi.PermUserView, s.users},
		{"GET /admin/users/new", haizhi.PermUserManage, s.userNew},
		{"POST /admin/users", haizhi.PermUserManage, s.userCreate},
		{"GET /admin/users/{id}", haizhi.PermUserView, s.userShow},
		{"POST /admin/users/{id}/grants", haizhi.PermUserManage, s.grantCreate},
		{"POST /admin/grants/{id}/revoke", haizhi.PermUserManage, s.grantRevoke},
		{"POST /admin/users/{id}/disable", haizhi.PermUserManage, s.userDisable(true)},
		{"POST /admin/users/{id}/enable", haizhi.PermUserManage, s.userDisable(false)},
		{"POST /admin/users/{id}/verification", haizhi.PermUserManage, s.userSendVerification},

		// Oversight.
		{"GET /admin/audit", haizhi.PermAuditView, s.audit},
		{"POST /admin/audit/verify", haizhi.PermAuditView, s.auditVerify},
		{"GET /admin/outbox", haizhi.PermOutboxView, s.outbox},
		{"GET /admin/outbox/{id}", haizhi.PermOutboxView, s.outboxMessage},
		{"GET /admin/jobs", haizhi.PermJobView, s.jobs},

		// Operations.
		{"GET /healthz", haizhi.PermPublic, s.healthz},
		{"GET /readyz", haizhi.PermPublic, s.readyz},
	}
}

// register installs the route table on mux, and a not-found page for everything else.
func (s *Server) register(mux *http.ServeMux) {
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern, s.require(rt.Perm, rt.handler))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusNotFound, "error.not_found")
	})
}

// require wraps a handler with the route's permission check.
func (s *Server) require(p haizhi.Permission, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := haizhi.ActorFromContext(r.Context())
		switch {
		case p == haizhi.PermPublic || a.CanAnywhere(p):
			h(w, r)
		case a == nil:
			s.toLogin(w, r)
		default:
			s.renderError(w, r, http.StatusForbidden, "error.forbidden")
		}
	})
}

// toLogin sends a guest to the sign-in page, remembering the page asked for. htmx
// requests get an HX-Redirect header so the whole page moves.
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		next = r.Header.Get("Referer")
		if u, err := url.Parse(next); err == nil {
			next = u.RequestURI()
		}
	}
	target := "/login?next=" + url.QueryEscape(safeNext(next))
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext keeps a post-login destination only when it is a path on this site.
func safeNext(next string) string {
	if len(next) < 1 || next[0] != '/' || (len(next) > 1 && (next[1] == '/' || next[1] == '\\')) {
		return "/home"
	}
	return next
}
