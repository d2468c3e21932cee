// Package tsa asks a time-stamping authority for a time-stamp token
// (RFC 3161) and checks one: the authority signs the time and the hash
// of what it was shown, which proves that a signature existed at that
// time (PAdES B-T, ETSI EN 319 142-1). The protocol is the Internet
// Time-Stamp Protocol over HTTP; the token is a CMS SignedData whose
// signature is checked with gmsm's pkcs7, like the signatures it stamps.
package tsa

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// DefaultTimeout bounds one request when Client.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// maxResponse bounds the reply read: a token holds a few certificates.
const maxResponse = 1 << 20

// Client asks one time-stamping authority.
type Client struct {
	// URL is the authority's HTTP(S) address.
	URL string
	// HTTP sends the requests; nil means http.DefaultClient.
	HTTP *http.Client
	// Timeout bounds one request; zero means DefaultTimeout.
	Timeout time.Duration
}

// Error is an authority's failure, said in Chinese and English: it could
// not be reached, refused the request, or answered with no valid token.
type Error struct {
	URL                string
	Message, MessageEN string
	Err                error // the cause, if any
}

func (e *Error) Error() string {
	return fmt.Sprintf("时间戳服务 %s：%s (time-stamping authority %s: %s)", e.URL, e.Message, e.URL, e.MessageEN)
}

func (e *Error) Unwrap() error { return e.Err }

// Timestamp returns a time-stamp token over digest, the SHA-256 hash of
// the stamped data (for a signature time-stamp, of the signature
// value). The token is checked before it is returned: it answers this
// request (its nonce), stamps digest, and is signed by a time-stamping
// certificate it carries.
func (c *Client) Timestamp(ctx context.Context, digest []byte) ([]byte, error) {
	if len(digest) != sha256.Size {
		return nil, fmt.Errorf("tsa: a SHA-256 digest has %d bytes, not %d", sha256.Size, len(digest))
	}
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, err
	}
	req, err := request(digest, nonce)
	if err != nil {
		return nil, err
	}
	body, err := c.post(ctx, req)
	if err != nil {
		return nil, err
	}
	token, err := parseResponse(body)
	if err != nil {
		return nil, c.fail("回复无效："+err.Error(), "invalid reply: "+err.Error(), nil)
	}
	tok, err := Parse(token, nil)
	if err != nil {
		return nil, c.fail("时间戳无效："+err.Error(), "invalid token: "+err.Error(), nil)
	}
	if tok.HashName != "SHA-256" || !bytes.Equal(tok.Imprint, digest) {
		return nil, c.fail("时间戳不是对所请求摘要签发的", "the token stamps another digest than the one asked for", nil)
	}
	if tok.nonce == nil || tok.nonce.Cmp(nonce) != 0 {
		return nil, c.fail("时间戳的随机数与请求不符（可能是重放的回复）", "the token's nonce is not the request's (a replayed reply?)", nil)
	}
	return token, nil
}

func (c *Client) fail(zh, en string, err error) *Error {
	return &Error{URL: c.URL, Message: zh, MessageEN: en, Err: err}
}

// post sends a request and returns the reply's body. A canceled ctx
// gives its cause, not an Error, so callers tell a cancellation apart.
func (c *Client) post(ctx context.Context, req []byte) ([]byte, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rctx, cancel := context.WithTimeoutCause(ctx, timeout, errTimeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(rctx, http.MethodPost, c.URL, bytes.NewReader(req))
	if err != nil {
		return nil, c.fail("地址无效", "bad URL", err)
	}
	hreq.Header.Set("Content-Type", "application/timestamp-query")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(hreq)
	if err == nil {
		defer resp.Body.Close()
	}
	var body []byte
	if err == nil && resp.StatusCode == http.StatusOK {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	}
	switch {
	case ctx.Err() != nil:
		return nil, context.Cause(ctx)
	case errors.Is(context.Cause(rctx), errTimeout):
		return nil, c.fail(fmt.Sprintf("%v 内无回复", timeout), fmt.Sprintf("no reply within %v", timeout), errTimeout)
	case err != nil:
		return nil, c.fail("无法连接或读取回复", "cannot be reached or its reply read", err)
	case resp.StatusCode != http.StatusOK:
		return nil, c.fail("回复 HTTP "+resp.Status, "answered HTTP "+resp.Status, nil)
	case len(body) > maxResponse:
		return nil, c.fail("回复超过 1 MiB", "the reply is larger than 1 MiB", nil)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/timestamp-reply" {
			return nil, c.fail("回复类型为 "+ct+"，不是 application/timestamp-reply", "replied "+ct+", not application/timestamp-reply", nil)
		}
	}
	return body, nil
}

var errTimeout = errors.New("time-stamping authority timed out")

// Object identifiers of RFC 3161 and RFC 5652.
var (
	oidSHA256     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
)

// request encodes a TimeStampReq: version 1, the SHA-256 message
// imprint, the nonce, and certReq so that the token carries the
// authority's certificate.
func request(digest []byte, nonce *big.Int) ([]byte, error) {
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // MessageImprint
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidSHA256)
				b.AddASN1NULL()
			})
			b.AddASN1OctetString(digest)
		})
		b.AddASN1BigInt(nonce)
		b.AddASN1Boolean(true)
	})
	return b.Bytes()
}

// failureNames are PKIFailureInfo's bits (RFC 3161 §2.4.2).
var failureNames = map[int][2]string{
	0:  {"不支持的摘要算法", "unrecognized or unsupported algorithm (badAlg)"},
	2:  {"请求格式错误", "bad request (badRequest)"},
	5:  {"数据格式错误", "bad data format (badDataFormat)"},
	14: {"服务无法提供时间", "time not available (timeNotAvailable)"},
	15: {"不支持所请求的策略", "policy not supported (unacceptedPolicy)"},
	16: {"不支持所请求的扩展", "extension not supported (unacceptedExtension)"},
	17: {"需要的信息不可用", "additional information not available (addInfoNotAvailable)"},
	25: {"服务内部故障", "system failure (systemFailure)"},
}

// parseResponse reads a TimeStampResp and returns its token, or why the
// authority gave none.
func parseResponse(der []byte) ([]byte, error) {
	in := cryptobyte.String(der)
	var resp, status cryptobyte.String
	var code int64
	if !in.ReadASN1(&resp, cbasn1.SEQUENCE) || !resp.ReadASN1(&status, cbasn1.SEQUENCE) || !status.ReadASN1Integer(&code) {
		return nil, errors.New("not a TimeStampResp")
	}
	if code != 0 && code != 1 { // granted, grantedWithMods
		var texts []string
		var free cryptobyte.String
		if status.ReadOptionalASN1(&free, nil, cbasn1.SEQUENCE) {
			for !free.Empty() {
				var s cryptobyte.String
				if !free.ReadASN1(&s, cbasn1.UTF8String) {
					break
				}
				texts = append(texts, string(s))
			}
		}
		var bits asn1.BitString
		if status.PeekASN1Tag(cbasn1.BIT_STRING) {
			var raw cryptobyte.String
			if status.ReadASN1Element(&raw, cbasn1.BIT_STRING) {
				asn1.Unmarshal(raw, &bits)
			}
		}
		for bit, name := range failureNames {
			if bits.At(bit) == 1 {
				texts = append(texts, name[1])
			}
		}
		return nil, fmt.Errorf("status %d (%s)%s", code, statusName(code), strings.Join(append([]string{""}, texts...), ": "))
	}
	var token cryptobyte.String
	if !resp.ReadASN1Element(&token, cbasn1.SEQUENCE) {
		return nil, errors.New("granted, but no token")
	}
	return token, nil
}

func statusName(code int64) string {
	switch code {
	case 2:
		return "rejection"
	case 3:
		return "waiting"
	case 4:
		return "revocationWarning"
	case 5:
		return "revocationNotification"
	}
	return "unknown"
}
