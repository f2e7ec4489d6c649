package blob_test

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi/internal/blob"
)

// fakeS3 is an in-process S3 server that implements just what minio-go uses for a Store
// with path-style addressing: HEAD bucket, GET bucket?location, PUT/GET/HEAD/DELETE object
// (with the aws-chunked streaming signature minio-go uses over plain http) and multipart
// uploads (initiate, upload part, complete, abort).
type fakeS3 struct {
	t         testing.TB
	bucket    string
	accessKey string

	mu        sync.Mutex
	objects   map[string]fakeObject
	uploads   map[string]*fakeUpload
	nextID    int
	locations int // GET ?location calls seen
	streamed  int // request bodies that came aws-chunked (streaming signature)
}

type fakeObject struct {
	data        []byte
	contentType string
	modTime     time.Time
}

type fakeUpload struct {
	key         string
	contentType string
	parts       map[int][]byte
}

// newFakeS3 starts a fake server for bucket and returns it with a config pointing at it.
func newFakeS3(tb testing.TB, bucket string) (*fakeS3, blob.S3Config) {
	tb.Helper()
	f := &fakeS3{
		t: tb, bucket: bucket, accessKey: "AKIDHAIZHI",
		objects: map[string]fakeObject{}, uploads: map[string]*fakeUpload{},
	}
	srv := httptest.NewServer(f)
	tb.Cleanup(srv.Close)
	return f, blob.S3Config{
		Endpoint:  strings.TrimPrefix(srv.URL, "http://"),
		Bucket:    bucket,
		AccessKey: f.accessKey,
		SecretKey: "secret-haizhi",
		Region:    "us-east-1",
		PathStyle: true,
	}
}

// object returns a copy of the stored object named name (with any prefix).
func (f *fakeS3) object(name string) (fakeObject, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.objects[name]
	return o, ok
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if auth := r.Header.Get("Authorization"); !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+f.accessKey+"/") {
		s3Error(w, r, http.StatusForbidden, "AccessDenied", "missing or foreign signature")
		return
	}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if bucket != f.bucket {
		s3Error(w, r, http.StatusNotFound, "NoSuchBucket", "no such bucket")
		return
	}
	q := r.URL.Query()
	switch {
	case key == "" && r.Method == http.MethodHead:
		w.WriteHeader(http.StatusOK)
	case key == "" && r.Method == http.MethodGet && q.Has("location"):
		f.mu.Lock()
		f.locations++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>`+
			`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">us-east-1</LocationConstraint>`)
	case key == "":
		s3Error(w, r, http.StatusNotImplemented, "NotImplemented", "bucket operation not faked")
	case r.Method == http.MethodPost && q.Has("uploads"):
		f.initiate(w, key, r.Header.Get("Content-Type"))
	case r.Method == http.MethodPut && q.Has("uploadId"):
		f.uploadPart(w, r, q.Get("uploadId"), q.Get("partNumber"))
	case r.Method == http.MethodPost && q.Has("uploadId"):
		f.complete(w, r, key, q.Get("uploadId"))
	case r.Method == http.MethodDelete && q.Has("uploadId"):
		f.mu.Lock()
		delete(f.uploads, q.Get("uploadId"))
		f.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPut:
		body, err := f.readPayload(r)
		if err != nil {
			s3Error(w, r, http.StatusBadRequest, "IncompleteBody", err.Error())
			return
		}
		f.mu.Lock()
		f.objects[key] = fakeObject{data: body, contentType: r.Header.Get("Content-Type"), modTime: time.Now().UTC()}
		f.mu.Unlock()
		w.Header().Set("ETag", etag(body))
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		o, ok := f.object(key)
		if !ok {
			s3Error(w, r, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
			return
		}
		w.Header().Set("Content-Type", o.contentType)
		w.Header().Set("ETag", etag(o.data))
		http.ServeContent(w, r, "", o.modTime, bytes.NewReader(o.data))
	case r.Method == http.MethodDelete:
		f.mu.Lock()
		delete(f.objects, key)
		f.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		s3Error(w, r, http.StatusNotImplemented, "NotImplemented", "object operation not faked")
	}
}

func (f *fakeS3) initiate(w http.ResponseWriter, key, contentType string) {
	f.mu.Lock()
	f.nextID++
	id := "upload-" + strconv.Itoa(f.nextID)
	f.uploads[id] = &fakeUpload{key: key, contentType: contentType, parts: map[int][]byte{}}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult>`+
		`<Bucket>%s</Bucket><Key>%s</Key><UploadId>%s</UploadId></InitiateMultipartUploadResult>`, f.bucket, key, id)
}

func (f *fakeS3) uploadPart(w http.ResponseWriter, r *http.Request, id, number string) {
	n, err := strconv.Atoi(number)
	if err != nil || n < 1 {
		s3Error(w, r, http.StatusBadRequest, "InvalidArgument", "bad part number")
		return
	}
	body, err := f.readPayload(r)
	if err != nil {
		s3Error(w, r, http.StatusBadRequest, "IncompleteBody", err.Error())
		return
	}
	f.mu.Lock()
	u, ok := f.uploads[id]
	if ok {
		u.parts[n] = body
	}
	f.mu.Unlock()
	if !ok {
		s3Error(w, r, http.StatusNotFound, "NoSuchUpload", "no such upload")
		return
	}
	w.Header().Set("ETag", etag(body))
	w.WriteHeader(http.StatusOK)
}

func (f *fakeS3) complete(w http.ResponseWriter, r *http.Request, key, id string) {
	var req struct {
		Parts []struct {
			PartNumber int
		} `xml:"Part"`
	}
	if err := xml.NewDecoder(r.Body).Decode(&req); err != nil {
		s3Error(w, r, http.StatusBadRequest, "MalformedXML", err.Error())
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.uploads[id]
	if !ok || u.key != key {
		s3Error(w, r, http.StatusNotFound, "NoSuchUpload", "no such upload")
		return
	}
	sort.Slice(req.Parts, func(i, j int) bool { return req.Parts[i].PartNumber < req.Parts[j].PartNumber })
	var data []byte
	for _, p := range req.Parts {
		part, ok := u.parts[p.PartNumber]
		if !ok {
			s3Error(w, r, http.StatusBadRequest, "InvalidPart", "missing part")
			return
		}
		data = append(data, part...)
	}
	f.objects[key] = fakeObject{data: data, contentType: u.contentType, modTime: time.Now().UTC()}
	delete(f.uploads, id)
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult>`+
		`<Bucket>%s</Bucket><Key>%s</Key><ETag>%s</ETag></CompleteMultipartUploadResult>`, f.bucket, key, etag(data))
}

// readPayload reads a request body, decoding the aws-chunked framing of a streaming
// signature ("<hex size>;chunk-signature=…\r\n<data>\r\n" … "0;…\r\n\r\n").
func (f *fakeS3) readPayload(r *http.Request) ([]byte, error) {
	if !strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-") {
		return io.ReadAll(r.Body)
	}
	f.mu.Lock()
	f.streamed++
	f.mu.Unlock()
	br := bufio.NewReader(r.Body)
	var out []byte
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("chunk header: %w", err)
		}
		sizeHex, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), ";")
		n, err := strconv.ParseInt(sizeHex, 16, 64)
		if err != nil {
			return nil, fmt.Errorf("chunk size %q: %w", sizeHex, err)
		}
		if n == 0 {
			break
		}
		chunk := make([]byte, n)
		if _, err := io.ReadFull(br, chunk); err != nil {
			return nil, fmt.Errorf("chunk data: %w", err)
		}
		out = append(out, chunk...)
		if _, err := br.Discard(2); err != nil { // CRLF after the data
			return nil, err
		}
	}
	if want := r.Header.Get("X-Amz-Decoded-Content-Length"); want != "" && want != strconv.Itoa(len(out)) {
		return nil, fmt.Errorf("decoded length %d, header says %s", len(out), want)
	}
	return out, nil
}

func etag(b []byte) string {
	sum := md5.Sum(b)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

func s3Error(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message>`+
		`<Resource>%s</Resource><RequestId>fake</RequestId></Error>`, code, msg, r.URL.Path)
}
