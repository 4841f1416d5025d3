package gen

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/blob"
)

// router is Juri's real router on the generator's store, called in process
// for the steps whose rules must be the server's own.
type router struct {
	h     *gin.Engine
	admin string // an access token of the admin
}

func (g *generator) newRouter() (*router, error) {
	dir, err := os.MkdirTemp("", "juri-gen-")
	if err != nil {
		return nil, err
	}
	// Nothing is uploaded; the directory only satisfies the blob store.
	defer os.RemoveAll(dir)
	blobs, err := blob.NewLocal(dir)
	if err != nil {
		return nil, err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	tokens := auth.NewTokens(secret, nil)
	h, err := api.New(api.Deps{Store: g.st, Passwords: auth.NewPasswords(auth.OWASPParams), Tokens: tokens, Now: g.clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WebDir: dir, MaxUploadBytes: 1 << 20, Blobs: blobs})
	if err != nil {
		return nil, err
	}
	// Tokens name a live session, so the admin signs in like anyone else.
	r := &router{h: h}
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := r.call("POST", "/api/v1/auth/login", "", "", map[string]string{"email": g.admin.Email, "password": g.cfg.Password}, 200, &out); err != nil {
		return nil, err
	}
	r.admin = out.AccessToken
	return r, nil
}

// call sends one request and decodes the answer into out; a status other
// than want is an error.
func (r *router) call(method, path, token, remote string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.RemoteAddr = "192.0.2.10:40000"
	if remote != "" {
		req.RemoteAddr = remote
	}
	w := httptest.NewRecorder()
	r.h.ServeHTTP(w, req)
	if w.Code != want {
		return fmt.Errorf("%s %s: %d %s", method, path, w.Code, w.Body.Bytes())
	}
	if out != nil {
		return json.Unmarshal(w.Body.Bytes(), out)
	}
	return nil
}
