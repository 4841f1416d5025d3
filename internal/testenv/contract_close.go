package testenv

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// closeSchemas makes every object schema of the description closed: an object
// that lists its properties and says nothing about others gets
// additionalProperties false. An allOf of such objects (Me is User and a few
// fields more) is first merged into one object, since closing its parts one
// by one would refuse every field of the other parts. The change is for the
// check only; the served description stays open, as clients should tolerate
// new fields.
func closeSchemas(doc *openapi3.T) error {
	c := closer{seen: map[*openapi3.Schema]bool{}}
	for _, s := range doc.Components.Schemas {
		c.ref(s)
	}
	for _, r := range doc.Components.Responses {
		c.response(r)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, r := range op.Responses.Map() {
				c.response(r)
			}
		}
	}
	return c.err
}

type closer struct {
	seen map[*openapi3.Schema]bool
	err  error
}

func (c *closer) response(r *openapi3.ResponseRef) {
	if r == nil || r.Value == nil {
		return
	}
	for _, mt := range r.Value.Content {
		c.ref(mt.Schema)
	}
	for _, h := range r.Value.Headers {
		if h.Value != nil {
			c.ref(h.Value.Schema)
		}
	}
}

func (c *closer) ref(r *openapi3.SchemaRef) {
	if r != nil && r.Value != nil {
		c.schema(r.Value)
	}
}

func (c *closer) schema(s *openapi3.Schema) {
	if c.seen[s] {
		return
	}
	c.seen[s] = true
	for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf, s.PrefixItems} {
		for _, r := range refs {
			c.ref(r)
		}
	}
	for _, r := range []*openapi3.SchemaRef{s.Not, s.Items, s.AdditionalProperties.Schema, s.If, s.Then, s.Else} {
		c.ref(r)
	}
	for _, p := range s.Properties {
		c.ref(p)
	}
	if len(s.AllOf) > 0 && mergeable(s.AllOf) {
		merged := openapi3.Schemas{}
		for name, p := range s.Properties {
			merged[name] = p
		}
		required := append([]string(nil), s.Required...)
		for _, part := range s.AllOf {
			for name, p := range part.Value.Properties {
				if _, dup := merged[name]; dup {
					c.fail(fmt.Errorf("allOf parts both define %q; the check cannot close this schema", name))
				}
				merged[name] = p
			}
			required = append(required, part.Value.Required...)
		}
		s.AllOf, s.Properties, s.Required = nil, merged, required
		s.Type = &openapi3.Types{openapi3.TypeObject}
	}
	if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		no := false
		s.AdditionalProperties.Has = &no
	}
}

func (c *closer) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// mergeable reports whether every part of an allOf is a plain object with
// properties, and nothing else that merging would lose.
func mergeable(parts openapi3.SchemaRefs) bool {
	for _, p := range parts {
		v := p.Value
		if v == nil || len(v.Properties) == 0 || len(v.AllOf)+len(v.OneOf)+len(v.AnyOf) > 0 || v.Not != nil ||
			(v.Type != nil && !v.Type.Is(openapi3.TypeObject)) || v.AdditionalProperties.Schema != nil {
			return false
		}
	}
	return true
}
