// Package canon writes the canonical JSON that publication digests are
// computed over: object keys sorted, no whitespace, no HTML escaping, numbers
// in their shortest form. For the values Juri publishes (strings, integers
// and numbers with two decimals) this is the same text as RFC 8785 (JCS),
// Python's json.dumps(v, sort_keys=True, separators=(",", ":"),
// ensure_ascii=False) and jq -cS, so anyone can recompute a digest.
package canon

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// JSON returns the canonical form of v.
func JSON(v any) ([]byte, error) {
	first, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(first))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(generic); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Digest is the hex SHA-256 of the canonical form of v.
func Digest(v any) (string, []byte, error) {
	b, err := JSON(v)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), b, nil
}
