package blob_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/blob"
)

// MustS3 returns an S3 store on a fresh fake S3 server, and the fake.
func MustS3(tb testing.TB, configure func(*blob.S3Config)) (*blob.S3, *fakeS3) {
	tb.Helper()
	fake, cfg := newFakeS3(tb, "haizhi-test")
	if configure != nil {
		configure(&cfg)
	}
	s, err := blob.NewS3(cfg)
	if err != nil {
		tb.Fatalf("NewS3: %v", err)
	}
	return s, fake
}

func TestS3(t *testing.T) {
	s, _ := MustS3(t, nil)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	testStore(t, s)
}

func TestS3PrefixAndContentType(t *testing.T) {
	s, fake := MustS3(t, func(c *blob.S3Config) { c.Prefix = "haizhi" })
	mustPut(t, s, "entries/a.pdf", samplePDF(300), "application/pdf")
	o, ok := fake.object("haizhi/entries/a.pdf")
	if !ok {
		t.Fatalf("object not stored under the prefix; have %v", fake.objects)
	}
	if o.contentType != "application/pdf" || !bytes.Equal(o.data, samplePDF(300)) {
		t.Errorf("stored object = %q, %d bytes", o.contentType, len(o.data))
	}
	if info, err := s.Stat(context.Background(), "entries/a.pdf"); err != nil || info.Key != "entries/a.pdf" {
		t.Errorf("Stat = %+v, %v; want the key without prefix", info, err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if fake.streamed == 0 {
		t.Error("over plain http minio-go should sign the body in aws-chunked streaming mode; the fake saw none")
	}
}

func TestS3RegionLookup(t *testing.T) {
	// Without a region, minio-go asks the server for the bucket's location (once).
	s, fake := MustS3(t, func(c *blob.S3Config) { c.Region = "" })
	mustPut(t, s, "a.txt", []byte("hello"), "text/plain")
	mustPut(t, s, "b.txt", []byte("world"), "text/plain")
	if got := string(mustRead(t, s, "a.txt")); got != "hello" {
		t.Errorf("read %q", got)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if fake.locations != 1 {
		t.Errorf("bucket location asked %d times, want 1 (cached)", fake.locations)
	}
}

func TestS3EndpointWithScheme(t *testing.T) {
	_, cfg := newFakeS3(t, "haizhi-test")
	cfg.Endpoint = "http://" + cfg.Endpoint
	cfg.UseSSL = true // the scheme wins
	s, err := blob.NewS3(cfg)
	if err != nil {
		t.Fatalf("NewS3: %v", err)
	}
	mustPut(t, s, "a.txt", []byte("hello"), "text/plain")
}

func TestS3Errors(t *testing.T) {
	for name, cfg := range map[string]blob.S3Config{
		"no endpoint": {Bucket: "b"},
		"no bucket":   {Endpoint: "localhost:9000"},
		"bad scheme":  {Endpoint: "ftp://localhost", Bucket: "b"},
		"with path":   {Endpoint: "http://localhost:9000/bucket", Bucket: "b"},
	} {
		if _, err := blob.NewS3(cfg); err == nil {
			t.Errorf("%s: NewS3 succeeded", name)
		}
	}

	s, _ := MustS3(t, func(c *blob.S3Config) { c.Bucket = "no-such-bucket" })
	if err := s.Ping(context.Background()); haizhi.ErrorCode(err) != haizhi.EUNAVAILABLE {
		t.Errorf("Ping of a missing bucket = %v, want EUNAVAILABLE", err)
	}

	s, _ = MustS3(t, func(c *blob.S3Config) { c.AccessKey = "SOMEONE-ELSE" })
	if err := s.Put(context.Background(), "a.txt", bytes.NewReader([]byte("x")), 1, "text/plain"); err == nil {
		t.Error("Put with refused credentials succeeded")
	}
	if _, err := s.Open(context.Background(), "a.txt"); err == nil || haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		t.Errorf("Open with refused credentials = %v, want an internal error", err)
	}
}
