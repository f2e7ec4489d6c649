package web

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

// upload is one file input of the entry form and what it accepts.
type upload struct {
	field string
	slot  haizhi.AttachmentSlot
	kinds []blob.Kind
}

// entryUploads lists the file inputs of the entry form: the business plan (PDF), images,
// and each file question of the edition's form (PDF or Office documents).
func entryUploads(r *http.Request) []upload {
	ups := []upload{{"business_plan", haizhi.SlotBusinessPlan, []blob.Kind{blob.PDF}}, {"images", haizhi.SlotImage, []blob.Kind{blob.Image}}}
	if r.MultipartForm != nil {
		for name := range r.MultipartForm.File {
			if key, ok := strings.CutPrefix(name, "q_"); ok {
				ups = append(ups, upload{name, haizhi.FormSlot(key), []blob.Kind{blob.PDF, blob.Document, blob.Spreadsheet}})
			}
		}
	}
	return ups
}

// storeEntryFiles checks and stores every file sent with the entry form and records it on
// the entry. A refused file is a field error (its input's name) and is not stored; files
// before it are kept.
func (s *Server) storeEntryFiles(r *http.Request, entryID int64) error {
	if r.MultipartForm == nil {
		return nil
	}
	for _, up := range entryUploads(r) {
		for _, fh := range r.MultipartForm.File[up.field] {
			if fh.Size == 0 && fh.Filename == "" {
				continue // an empty file input
			}
			if err := s.storeEntryFile(r, entryID, up, fh); err != nil {
				if code := haizhi.ErrorCode(err); code == haizhi.EINVALID || code == haizhi.ETOOLARGE {
					key := haizhi.ErrorKey(err)
					if f := haizhi.ErrorFields(err); len(f) > 0 {
						for _, k := range f {
							key = k
						}
					}
					return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.file_refused", Message: "A file was refused.",
						Fields: map[string]string{up.field: key}}
				}
				return err
			}
		}
	}
	return nil
}

func (s *Server) storeEntryFile(r *http.Request, entryID int64, up upload, fh *multipart.FileHeader) error {
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	checked, body, err := blob.Check(f, fh.Filename, haizhi.MaxAttachmentBytes, up.kinds...)
	if err != nil {
		return err
	}
	key := blob.NewKey("entries/"+strconv.FormatInt(entryID, 10), checked.Ext)
	sum := sha256.New()
	counter := &countingHash{h: sum}
	if err := s.svc.Blobs.Put(r.Context(), key, io.TeeReader(body, counter), -1, checked.ContentType); err != nil {
		return err
	}
	a := &haizhi.Attachment{EntryID: entryID, Slot: up.slot, Name: checked.Name, ContentType: checked.ContentType,
		Size: counter.n, SHA256: hex.EncodeToString(sum.Sum(nil)), BlobKey: key}
	replaced, err := s.svc.Entries.AddAttachment(r.Context(), a)
	if err != nil {
		_ = s.svc.Blobs.Delete(r.Context(), key) // not recorded: do not keep the bytes
		return err
	}
	if replaced != nil {
		_ = s.svc.Blobs.Delete(r.Context(), replaced.BlobKey)
	}
	return nil
}

// countingHash hashes and counts what passes through it.
type countingHash struct {
	h hash.Hash
	n int64
}

func (c *countingHash) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// entryFile sends an attachment to someone who may read its entry.
func (s *Server) entryFile(w http.ResponseWriter, r *http.Request) {
	a, err := s.svc.Entries.FindAttachment(r.Context(), pathID(r, "id"), pathID(r, "file"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc, err := s.svc.Blobs.Open(r.Context(), a.BlobKey)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	if rs, ok := rc.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", a.CreatedAt, rs)
		return
	}
	_, _ = io.Copy(w, rc)
}

// entryFileDelete removes an attachment from a draft.
func (s *Server) entryFileDelete(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	a, err := s.svc.Entries.RemoveAttachment(r.Context(), id, pathID(r, "file"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = s.svc.Blobs.Delete(r.Context(), a.BlobKey)
	s.setFlash(r, "success", "entries.file_removed")
	redirect(w, r, "/my/entries/"+strconv.FormatInt(id, 10)+"/edit")
}
