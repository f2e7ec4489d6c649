package main

import (
	"context"
	"fmt"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/sqldb"
)

// runUnitAdd creates an organisation unit; with no --parent it creates a root, which is
// how a fresh installation gets its city (or base) before its first admin.
func runUnitAdd(ctx context.Context, e *env, args []string) error {
	var code, kind, nameZH, nameEN, parent string
	cfg, err := loadConfigWith(e, "unit add", "unit add --code CODE --kind KIND --name-zh NAME [flags]", args, func(fs *flagSet) {
		fs.StringVar(&code, "code", "", "short unique code, e.g. hangzhou (required)")
		fs.StringVar(&kind, "kind", "", "city, district, park, platform or base (required)")
		fs.StringVar(&nameZH, "name-zh", "", "Chinese name")
		fs.StringVar(&nameEN, "name-en", "", "English name")
		fs.StringVar(&parent, "parent", "", "code of the parent unit; empty for a root")
	})
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg, cfg.NewLogger(e.stderr), nil)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = haizhi.NewContextWithActor(ctx, haizhi.SystemActor("cli"))
	units := sqldb.NewUnitService(db)
	u := &haizhi.OrgUnit{Code: code, Kind: haizhi.UnitKind(kind), NameZH: nameZH, NameEN: nameEN}
	if parent != "" {
		p, err := units.FindUnitByCode(ctx, parent)
		if err != nil {
			return fmt.Errorf("--parent %q: %s", parent, haizhi.ErrorMessage(err))
		}
		u.ParentID = p.ID
	}
	if err := units.CreateUnit(ctx, u); err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "created unit %d %s (%s) at %s\n", u.ID, u.Code, u.Kind, u.Path)
	return nil
}
