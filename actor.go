package haizhi

import "context"

// Actor is who is making a request: a signed-in user with their grants, a token holder,
// the system itself (the CLI, the demo loader, background jobs), or a guest known only by
// IP and request id (UserID 0, no grants: such an actor has only PermPublic). Services read the actor
// from the context to decide permission and to attribute writes in the audit log.
type Actor struct {
	UserID    int64
	Email     string
	Name      string
	Locale    string
	Grants    []Grant
	IP        string
	RequestID string
	// System marks work done by Haizhi itself; it passes every permission check and is
	// recorded in the audit log as "system" with SystemName.
	System     bool
	SystemName string
}

// SystemActor returns the actor for work done by Haizhi itself, named for the audit log
// (for example "cli", "demo", "jobs").
func SystemActor(name string) *Actor { return &Actor{System: true, SystemName: name} }

// Can reports whether the actor may use permission p on a record owned by the unit at
// unitPath. A nil actor (a guest) may use only PermPublic.
func (a *Actor) Can(p Permission, unitPath string) bool {
	if p == PermPublic {
		return true
	}
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	if p == PermSignedIn {
		return a.UserID != 0
	}
	for _, g := range a.Grants {
		if g.Role.Has(p) && g.Covers(unitPath) {
			return true
		}
	}
	return false
}

// CanAnywhere reports whether the actor holds permission p on at least one unit. Routes
// use it as the first, coarse check; services then check the record's unit with Can.
func (a *Actor) CanAnywhere(p Permission) bool {
	if p == PermPublic {
		return true
	}
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	if p == PermSignedIn {
		return a.UserID != 0
	}
	for _, g := range a.Grants {
		if g.Role.Has(p) {
			return true
		}
	}
	return false
}

// HasRole reports whether the actor holds role r on any unit.
func (a *Actor) HasRole(r Role) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// Scope returns the unit paths under which the actor holds p (see ScopePaths). For the
// system actor it returns []string{"/"}, the whole tree.
func (a *Actor) Scope(p Permission) []string {
	if a == nil {
		return nil
	}
	if a.System {
		return []string{"/"}
	}
	return ScopePaths(a.Grants, p)
}

// AuditName is how the actor appears in the audit log.
func (a *Actor) AuditName() string {
	switch {
	case a == nil:
		return "guest"
	case a.System:
		return "system:" + a.SystemName
	case a.UserID == 0:
		return "guest"
	default:
		return a.Email
	}
}

type actorKey struct{}

// NewContextWithActor returns a context carrying the actor.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor of the request, or nil for a guest.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// Authorize returns nil when the actor in ctx may use p on the unit at unitPath,
// ErrUnauthorized for a guest and ErrForbidden otherwise.
func Authorize(ctx context.Context, p Permission, unitPath string) error {
	a := ActorFromContext(ctx)
	if a.Can(p, unitPath) {
		return nil
	}
	if a == nil {
		return ErrUnauthorized
	}
	return ErrForbidden
}
