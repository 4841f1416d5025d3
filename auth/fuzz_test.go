package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The token fuzz tests hold Parse to its rule: a token is accepted only when
// its signature is ours (HS256 over its first two parts with the secret),
// it has not expired, was not issued in the future, names issuer juri,
// audience juri-api, a positive user id and a session of 1 to 64 bytes;
// everything else is ErrInvalidToken, never a panic.

var fuzzSecret = []byte("fuzz-secret-that-is-at-least-32-bytes-long")

var fuzzNow = time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC)

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func hs256(secret []byte, input string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(input))
	return b64(m.Sum(nil))
}

// wellSigned reports whether token carries our HS256 signature over its
// header and claims, and its header says HS256.
func wellSigned(token string) bool {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !hmac.Equal([]byte(parts[2]), []byte(hs256(fuzzSecret, parts[0]+"."+parts[1]))) {
		return false
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return false
	}
	var h struct {
		Alg string `json:"alg"`
	}
	return json.Unmarshal(hb, &h) == nil && h.Alg == "HS256"
}

// claimsAcceptable is the contract for the claims of a well-signed token,
// judged from the claims as JSON reads them.
func claimsAcceptable(payload []byte) bool {
	var c struct {
		Iss string          `json:"iss"`
		Aud json.RawMessage `json:"aud"`
		Sub string          `json:"sub"`
		Sid string          `json:"sid"`
		Exp *float64        `json:"exp"`
		Iat *float64        `json:"iat"`
		Nbf *float64        `json:"nbf"`
	}
	if json.Unmarshal(payload, &c) != nil {
		return false
	}
	var aud []string
	if json.Unmarshal(c.Aud, &aud) != nil {
		var one string
		if json.Unmarshal(c.Aud, &one) != nil {
			return false
		}
		aud = []string{one}
	}
	hasAud := false
	for _, a := range aud {
		hasAud = hasAud || a == Audience
	}
	id, err := strconv.ParseInt(c.Sub, 10, 64)
	now := float64(fuzzNow.Unix())
	return c.Iss == Issuer && hasAud && err == nil && id > 0 && c.Sid != "" && len(c.Sid) <= 64 &&
		c.Exp != nil && now < *c.Exp+5 &&
		(c.Iat == nil || *c.Iat <= now+5) && (c.Nbf == nil || *c.Nbf <= now+5)
}

// FuzzParseClaims signs claims made from the fuzzer's values with the real
// secret (and, by mutation, breaks the signature or the algorithm) and checks
// that Parse accepts exactly the tokens the rule above allows, with the user
// and session they name.
func FuzzParseClaims(f *testing.F) {
	f.Add("HS256", "juri", "juri-api", "42", "0123456789abcdef0123456789abcdef", int64(900), int64(0), uint8(0))
	f.Add("HS256", "juri", "juri-api", "42", "s", int64(-6), int64(-900), uint8(0)) // expired
	f.Add("HS256", "juri", "juri-api", "42", "s", int64(900), int64(60), uint8(0))  // issued in the future
	f.Add("none", "juri", "juri-api", "42", "s", int64(900), int64(0), uint8(0))    // alg none
	f.Add("HS512", "juri", "juri-api", "42", "s", int64(900), int64(0), uint8(0))   // another algorithm
	f.Add("HS256", "juri", "juri-api", "-1", "s", int64(900), int64(0), uint8(0))   // bad user
	f.Add("HS256", "juri", "juri-api", "42", "", int64(900), int64(0), uint8(0))    // no session
	f.Add("HS256", "juri", "other", "42", "s", int64(900), int64(0), uint8(0))      // audience
	f.Add("HS256", "juri", "juri-api", "42", "s", int64(900), int64(0), uint8(1))   // signature flipped
	f.Add("HS256", "juri", "juri-api", "42", "s", int64(900), int64(0), uint8(2))   // no signature
	f.Add("HS256", "juri", "juri-api", "42", "s", int64(900), int64(0), uint8(3))   // no exp
	f.Add("HS256", "juri\xff", "juri-api", "9223372036854775807", "\xff", int64(1<<40), int64(-1<<40), uint8(4))
	f.Fuzz(func(t *testing.T, alg, iss, aud, sub, sid string, expOff, iatOff int64, mutate uint8) {
		tk := NewTokens(fuzzSecret, func() time.Time { return fuzzNow })
		claims := map[string]any{"iss": iss, "aud": []string{aud}, "sub": sub, "sid": sid, "role": "judge",
			"iat": fuzzNow.Unix() + iatOff, "nbf": fuzzNow.Unix() + iatOff, "exp": fuzzNow.Unix() + expOff, "jti": "x"}
		switch mutate % 8 {
		case 3:
			delete(claims, "exp")
		case 4:
			claims["aud"] = aud // a single string is an audience too
		case 5:
			claims["sub"] = json.Number(sub) // a number where a string is due
		}
		header, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT"})
		payload, err := json.Marshal(claims)
		if err != nil {
			return // a json.Number that is no number
		}
		input := b64(header) + "." + b64(payload)
		token := input + "." + hs256(fuzzSecret, input)
		switch mutate % 8 {
		case 1:
			sig := []byte(hs256(fuzzSecret, input))
			sig[0] ^= 1
			token = input + "." + string(sig)
		case 2:
			token = input + "."
		case 6:
			token = input + "." + hs256([]byte("another-secret-of-at-least-32-bytes!!"), input)
		}
		want := wellSigned(token) && claimsAcceptable(payload)
		id, session, err := tk.Parse(token)
		if (err == nil) != want {
			t.Fatalf("Parse(%s) = %d %q %v; the rule says accepted=%v\nclaims %s", token, id, session, err, want, payload)
		}
		if err != nil {
			if err != ErrInvalidToken {
				t.Fatalf("refused with %v, not ErrInvalidToken", err)
			}
			return
		}
		var c struct {
			Sub string `json:"sub"`
			Sid string `json:"sid"`
		}
		_ = json.Unmarshal(payload, &c)
		if mustInt(c.Sub) != id {
			t.Fatalf("user %d from sub %q", id, c.Sub)
		}
		if session != c.Sid {
			t.Fatalf("session %q from sid %q", session, c.Sid)
		}
	})
}

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// FuzzParseRaw hands Parse any string. A token it accepts must carry our
// signature and acceptable claims; anything else is ErrInvalidToken.
func FuzzParseRaw(f *testing.F) {
	tk := NewTokens(fuzzSecret, func() time.Time { return fuzzNow })
	good, _, err := tk.Issue(7, "admin", "0123456789abcdef0123456789abcdef")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add("")
	f.Add("...")
	f.Add("Bearer " + good)
	f.Add(strings.Replace(good, ".", "..", 1))
	parts := strings.Split(good, ".")
	f.Add(b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + ".")
	f.Add(b64([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + parts[1] + "." + parts[2])
	f.Add(parts[0] + "." + parts[1] + "=." + parts[2])
	f.Add(parts[0] + "." + b64([]byte(`{"sub":"7","exp":1e400}`)) + "." + parts[2])
	f.Fuzz(func(t *testing.T, token string) {
		id, session, err := tk.Parse(token)
		if err != nil {
			if err != ErrInvalidToken {
				t.Fatalf("refused with %v, not ErrInvalidToken", err)
			}
			return
		}
		if !wellSigned(token) {
			t.Fatalf("accepted a token without our HS256 signature: %q", token)
		}
		payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
		if !claimsAcceptable(payload) {
			t.Fatalf("accepted claims the rule refuses: %s", payload)
		}
		if id <= 0 || session == "" || len(session) > 64 {
			t.Fatalf("accepted user %d session %q", id, session)
		}
	})
}
