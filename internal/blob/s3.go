package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/haizhi-dev/haizhi"
)

// S3Config says where an S3-compatible bucket is (Amazon S3, MinIO, Alibaba OSS, Tencent
// COS, Ceph, …).
type S3Config struct {
	// Endpoint is the server as host[:port], e.g. "s3.amazonaws.com" or "minio:9000". A
	// "http://" or "https://" prefix is accepted and then decides UseSSL.
	Endpoint string
	// Bucket must already exist.
	Bucket string
	// AccessKey and SecretKey are static credentials (signature V4).
	AccessKey string
	SecretKey string
	// Region, e.g. "us-east-1". When empty the client asks the server for the bucket's
	// location once and caches it.
	Region string
	// UseSSL selects https.
	UseSSL bool
	// PathStyle addresses the bucket as "endpoint/bucket/key" instead of
	// "bucket.endpoint/key"; most self-hosted stores (MinIO) want it. When false the
	// client picks the style from the endpoint.
	PathStyle bool
	// Prefix is prepended to every key, e.g. "haizhi/" to share a bucket; a missing
	// trailing slash is added.
	Prefix string
}

// S3 is a Store in an S3-compatible bucket, through minio-go.
//
// Content types are kept as the objects' Content-Type. Put with a known size sends one
// PUT request up to 16 MiB and a multipart upload above; with size -1 it always uploads in
// 5 MiB parts, buffering one part in memory, so pass the size whenever it is known.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string
}

// Compile-time check that *S3 is a Store.
var _ Store = (*S3)(nil)

// unknownSizePartSize bounds the memory of a Put with size -1 (S3's minimum part size).
const unknownSizePartSize = 5 << 20

// NewS3 returns a Store on the bucket described by cfg. It makes no request; call Ping to
// check the bucket is reachable.
func NewS3(cfg S3Config) (*S3, error) {
	endpoint, secure := cfg.Endpoint, cfg.UseSSL
	if strings.Contains(endpoint, "://") {
		u, err := url.Parse(endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
			return nil, fmt.Errorf("blob: s3: endpoint %q must be host[:port] or http(s)://host[:port]", endpoint)
		}
		endpoint, secure = u.Host, u.Scheme == "https"
	}
	if endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("blob: s3: endpoint and bucket are required")
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       secure,
		Region:       cfg.Region,
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("blob: s3: %w", err)
	}
	prefix := strings.TrimLeft(cfg.Prefix, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return &S3{client: client, bucket: cfg.Bucket, prefix: prefix}, nil
}

// Ping checks that the bucket exists and the credentials can reach it. A missing bucket is
// a haizhi.EUNAVAILABLE error.
func (s *S3) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("blob: s3 ping %s: %w", s.bucket, err)
	}
	if !ok {
		return haizhi.Errorf(haizhi.EUNAVAILABLE, "error.unavailable", "S3 bucket %q does not exist.", s.bucket)
	}
	return nil
}

// Put stores r under key; see Store.Put.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if contentType == "" {
		contentType = defaultContentType
	}
	opts := minio.PutObjectOptions{ContentType: contentType}
	if size < 0 {
		size = -1
		opts.PartSize = unknownSizePartSize
	}
	rr := &recordingReader{ctx: ctx, r: r}
	info, err := s.client.PutObject(ctx, s.bucket, s.prefix+key, rr, size, opts)
	if err != nil {
		return fmt.Errorf("blob: put %s: %w", key, rr.cause(err))
	}
	if size >= 0 && info.Size != size {
		return fmt.Errorf("blob: put %s: stored %d bytes, size says %d", key, info.Size, size)
	}
	if size >= 0 {
		// minio-go reads exactly size bytes; a reader with more was lying about its size,
		// and what was stored is truncated.
		n, perr := rr.Read(make([]byte, 1))
		if n > 0 || (perr != nil && !errors.Is(perr, io.EOF)) {
			_ = s.client.RemoveObject(context.WithoutCancel(ctx), s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
			if n == 0 {
				return fmt.Errorf("blob: put %s: %w", key, perr) // an ETOOLARGE from Check, say
			}
			return fmt.Errorf("blob: put %s: reader has more than the %d bytes size says", key, size)
		}
	}
	return nil
}

// Open returns the content of the blob; see Store.Open. The returned reader streams from
// the server and stays bound to ctx.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s.error("open", key, err)
	}
	// GetObject is lazy: Stat sends the request, so a missing key is reported here and not
	// at the caller's first Read.
	if _, err := obj.Stat(); err != nil {
		_ = obj.Close()
		return nil, s.error("open", key, err)
	}
	return obj, nil
}

// Stat describes the blob; see Store.Stat.
func (s *S3) Stat(ctx context.Context, key string) (Info, error) {
	if err := ValidateKey(key); err != nil {
		return Info{}, err
	}
	oi, err := s.client.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, s.error("stat", key, err)
	}
	ct := oi.ContentType
	if ct == "" {
		ct = defaultContentType
	}
	return Info{Key: key, Size: oi.Size, ContentType: ct, ModTime: oi.LastModified}, nil
}

// Delete removes the blob; see Store.Delete.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
	if err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("blob: delete %s: %w", key, err)
	}
	return nil
}

// error maps a missing object to ENOTFOUND and wraps anything else.
func (s *S3) error(op, key string, err error) error {
	if isNoSuchKey(err) {
		return notFound(key)
	}
	return fmt.Errorf("blob: %s %s: %w", op, key, err)
}

func isNoSuchKey(err error) bool {
	var er minio.ErrorResponse
	return errors.As(err, &er) && er.Code == minio.NoSuchKey
}
