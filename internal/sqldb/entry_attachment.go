package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// AddAttachment records a stored file on a draft; see haizhi.EntryService.
func (s *EntryService) AddAttachment(ctx context.Context, a *haizhi.Attachment) (*haizhi.Attachment, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, a.EntryID, false)
	if err != nil {
		return nil, err
	}
	if !e.Editable() {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.entry_locked", "The entry was submitted and can no longer be changed.")
	}
	var replaced *haizhi.Attachment
	switch {
	case a.Slot == haizhi.SlotImage:
		n := 0
		for _, x := range e.Attachments {
			if x.Slot == haizhi.SlotImage {
				n++
			}
		}
		if n >= haizhi.MaxImages {
			return nil, haizhi.Invalid(map[string]string{"image": "error.too_many"})
		}
	case a.Slot == haizhi.SlotBusinessPlan || strings.HasPrefix(string(a.Slot), "form:"):
		if key, ok := strings.CutPrefix(string(a.Slot), "form:"); ok {
			ed, err := entryEdition(tx, e.EditionID)
			if err != nil {
				return nil, err
			}
			if !isFileQuestion(ed.Form, key) {
				return nil, haizhi.Invalid(map[string]string{"slot": "error.unknown_choice"})
			}
		}
		if replaced = e.Attachment(a.Slot); replaced != nil {
			if _, err := tx.Exec(`DELETE FROM entry_attachments WHERE id = ?`, replaced.ID); err != nil {
				return nil, fmt.Errorf("replace attachment: %w", err)
			}
		}
	default:
		return nil, haizhi.Invalid(map[string]string{"slot": "error.unknown_choice"})
	}
	a.CreatedAt = tx.now
	a.ID, err = tx.InsertID(`INSERT INTO entry_attachments (entry_id, slot, name, content_type, size, sha256, blob_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.EntryID, string(a.Slot), a.Name, a.ContentType, a.Size, a.SHA256, a.BlobKey, a.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("add attachment: %w", err)
	}
	if _, err := tx.Exec(`UPDATE entries SET updated_at = ? WHERE id = ?`, tx.now, e.ID); err != nil {
		return nil, fmt.Errorf("touch entry: %w", err)
	}
	tx.Audit("entry.attach", "entry", e.ID, e.UnitPath, map[string]any{"slot": a.Slot, "name": a.Name, "size": a.Size, "sha256": a.SHA256})
	return replaced, tx.Commit()
}

func isFileQuestion(form haizhi.AppForm, key string) bool {
	for _, f := range form.Active() {
		if f.Key == key && f.Type == haizhi.FieldFile {
			return true
		}
	}
	return false
}

// RemoveAttachment removes an attachment of a draft; see haizhi.EntryService.
func (s *EntryService) RemoveAttachment(ctx context.Context, entryID, attachmentID int64) (*haizhi.Attachment, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, entryID, false)
	if err != nil {
		return nil, err
	}
	if !e.Editable() {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.entry_locked", "The entry was submitted and can no longer be changed.")
	}
	att := attachmentOf(e, attachmentID)
	if att == nil {
		return nil, haizhi.NotFound("attachment")
	}
	if _, err := tx.Exec(`DELETE FROM entry_attachments WHERE id = ?`, att.ID); err != nil {
		return nil, fmt.Errorf("remove attachment: %w", err)
	}
	tx.Audit("entry.detach", "entry", e.ID, e.UnitPath, map[string]any{"slot": att.Slot, "name": att.Name})
	return att, tx.Commit()
}

// FindAttachment returns an attachment of an entry the actor may read.
func (s *EntryService) FindAttachment(ctx context.Context, entryID, attachmentID int64) (*haizhi.Attachment, error) {
	e, err := s.FindEntryByID(ctx, entryID)
	if err != nil {
		return nil, err
	}
	if att := attachmentOf(e, attachmentID); att != nil {
		return att, nil
	}
	return nil, haizhi.NotFound("attachment")
}

func attachmentOf(e *haizhi.Entry, id int64) *haizhi.Attachment {
	for i := range e.Attachments {
		if e.Attachments[i].ID == id {
			return &e.Attachments[i]
		}
	}
	return nil
}
