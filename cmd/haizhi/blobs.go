package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/haizhi-dev/haizhi/internal/blob"
	"github.com/haizhi-dev/haizhi/internal/config"
)

// attachments is the configured attachment store and how to check it is usable: an
// S3-compatible bucket when an endpoint is set, else the blobs/ directory in the data
// directory.
type attachments struct {
	blob.Store
	where string
	ping  func(ctx context.Context) error
}

func (a *attachments) String() string                 { return a.where }
func (a *attachments) Ping(ctx context.Context) error { return a.ping(ctx) }

// openBlobs opens the attachment store at start, so that a wrong setting stops the
// server with one line instead of failing the first upload.
func openBlobs(cfg config.Config) (*attachments, func(), error) {
	if cfg.S3.Endpoint != "" {
		s, err := blob.NewS3(blob.S3Config{Endpoint: cfg.S3.Endpoint, Bucket: cfg.S3.Bucket, AccessKey: cfg.S3.AccessKey,
			SecretKey: cfg.S3.SecretKey, Region: cfg.S3.Region, UseSSL: cfg.S3.UseSSL})
		if err != nil {
			return nil, nil, err
		}
		return &attachments{Store: s, where: "s3 " + cfg.S3.Endpoint + "/" + cfg.S3.Bucket, ping: s.Ping}, func() {}, nil
	}
	root := filepath.Join(cfg.DataDir, "blobs")
	d, err := blob.NewDir(root)
	if err != nil {
		return nil, nil, fmt.Errorf("attachments: %w", err)
	}
	ping := func(context.Context) error {
		// The directory must still be there and be a directory (a volume unmounted under
		// a running server shows here).
		fi, err := os.Stat(root)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a directory", root)
		}
		return nil
	}
	return &attachments{Store: d, where: root, ping: ping}, func() { d.Close() }, nil
}
