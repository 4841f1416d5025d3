package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/juri-id/juri/models"
)

// Token lifetimes of the contract.
const (
	AccessTTL  = 15 * time.Minute
	RefreshTTL = 14 * 24 * time.Hour
	Issuer     = "juri"
	Audience   = "juri-api"
)

// ErrInvalidToken covers every reason an access token is refused; the reason is
// not told to the client.
var ErrInvalidToken = errors.New("invalid or expired token")

// Tokens issues and parses access tokens (HS256 JWTs).
type Tokens struct {
	secret []byte
	now    func() time.Time
}

// NewTokens returns a token service signing with secret.
func NewTokens(secret []byte, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{secret: secret, now: now}
}

// Claims are the access token's claims. The role is informative: every request
// loads the user again, so a role change or a disabled account takes effect at
// once. Session names the sign-in the token belongs to; every request checks
// that it is still live, so logout and a new password end the token at once.
type Claims struct {
	Role    models.Role `json:"role"`
	Session string      `json:"sid"`
	jwt.RegisteredClaims
}

// Issue signs an access token for user in session and returns it with its
// lifetime in seconds.
func (t *Tokens) Issue(userID int64, role models.Role, session string) (string, int, error) {
	if session == "" {
		return "", 0, errors.New("auth: an access token needs a session")
	}
	now := t.now()
	jti := make([]byte, 12)
	if _, err := rand.Read(jti); err != nil {
		return "", 0, err
	}
	claims := Claims{
		Role: role, Session: session,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   strconv.FormatInt(userID, 10),
			Audience:  jwt.ClaimStrings{Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
			ID:        base64.RawURLEncoding.EncodeToString(jti),
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	return s, int(AccessTTL.Seconds()), err
}

// Parse checks an access token strictly: HS256 only, expiry required, issuer and
// audience must match, a session named. It returns the user id and the session.
func (t *Tokens) Parse(token string) (int64, string, error) {
	var claims Claims
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return 0, "", ErrInvalidToken
	}
	id, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil || id <= 0 || claims.Session == "" || len(claims.Session) > 64 {
		return 0, "", ErrInvalidToken
	}
	return id, claims.Session, nil
}

// NewRefreshToken returns a random opaque refresh token and the hash to store.
func NewRefreshToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashRefreshToken(token), nil
}

// HashRefreshToken is how refresh tokens are stored: a SHA-256, because they
// are long random values and need no slow hash.
func HashRefreshToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewFamilyID names a chain of rotated refresh tokens.
func NewFamilyID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
