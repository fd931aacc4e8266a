package model

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// maxConfigBytes bounds what LoadConfig reads: a real envdeck.yaml is a few KB.
const maxConfigBytes = 1 << 20

// DefaultConfig returns the defaults LoadConfig applies to unset keys
// (docs/CONTRACT.md § Configuration). alb.listener_arn has no default, so the
// result alone does not validate.
func DefaultConfig() *Config {
	return &Config{
		APIBudget: 0.2,
		Naming: NamingConfig{
			EnvPattern: `^[a-z][a-z0-9-]{1,30}[a-z0-9]$`,
			Protected:  []string{},
			DefaultTTL: Duration{72 * time.Hour},
		},
		Tags: TagsConfig{Prefix: "envdeck"},
		GC:   GCConfig{Grace: Duration{2 * time.Hour}},
		ALB: ALBConfig{
			Routing:       RoutingPath,
			PathPattern:   "/{env}/*",
			PriorityRange: [2]int{1000, 4999},
			TargetGroup:   TargetGroupConfig{Name: "env-{env}", Type: "lambda"},
		},
	}
}

// configDefaults fills one unset key from DefaultConfig; key is its path.
var configDefaults = []struct {
	key  string
	fill func(c, d *Config)
}{
	{"api_budget", func(c, d *Config) { c.APIBudget = d.APIBudget }},
	{"naming.env_pattern", func(c, d *Config) { c.Naming.EnvPattern = d.Naming.EnvPattern }},
	{"naming.protected", func(c, d *Config) { c.Naming.Protected = d.Naming.Protected }},
	{"naming.default_ttl", func(c, d *Config) { c.Naming.DefaultTTL = d.Naming.DefaultTTL }},
	{"tags.prefix", func(c, d *Config) { c.Tags.Prefix = d.Tags.Prefix }},
	{"gc.grace", func(c, d *Config) { c.GC.Grace = d.GC.Grace }},
	{"alb.routing", func(c, d *Config) { c.ALB.Routing = d.ALB.Routing }},
	{"alb.path_pattern", func(c, d *Config) { c.ALB.PathPattern = d.ALB.PathPattern }},
	{"alb.priority_range", func(c, d *Config) { c.ALB.PriorityRange = d.ALB.PriorityRange }},
	{"alb.target_group.name", func(c, d *Config) { c.ALB.TargetGroup.Name = d.ALB.TargetGroup.Name }},
	{"alb.target_group.type", func(c, d *Config) { c.ALB.TargetGroup.Type = d.ALB.TargetGroup.Type }},
	{"apigateway.stage", func(c, d *Config) {
		if c.APIGateway != nil {
			c.APIGateway.Stage = PlaceholderEnv
		}
	}},
}

// LoadConfig reads envdeck.yaml strictly: an unknown key, a value of the
// wrong kind, anchors/aliases or a second document is an error naming the
// key; unset keys (absent or null) take DefaultConfig's values; then
// Validate runs. Every error is one line starting with "config: ". A file
// with platforms yields its default platform (LoadPlatforms reads them all).
func LoadConfig(r io.Reader) (*Config, error) {
	ps, err := LoadPlatforms(r)
	if err != nil {
		return nil, err
	}
	return ps.Select("")
}

// readConfigBody reads and parses the file into its one document's body
// (nil for an empty file).
func readConfigBody(r io.Reader) (ast.Node, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxConfigBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config: read: %w", err)
	}
	if len(data) > maxConfigBytes {
		return nil, fmt.Errorf("config: larger than %d bytes", maxConfigBytes)
	}
	// Duplicate keys are reported by checkNode, with their key path.
	file, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, fmt.Errorf("config: %s", yamlErrorLine(err))
	}
	var body ast.Node
	for _, doc := range file.Docs {
		if doc == nil || isNullNode(doc.Body) {
			continue
		}
		if body != nil {
			return nil, errors.New("config: more than one YAML document")
		}
		body = doc.Body
	}
	return body, nil
}

// decodeConfig checks body (a mapping at key path at) against Config and
// decodes it; present holds the paths, relative to at, set to non-null
// values. Nothing is defaulted or validated yet.
func decodeConfig(body ast.Node, at string) (c *Config, present map[string]bool, err error) {
	present = map[string]bool{}
	c = &Config{}
	if body == nil || isNullNode(body) {
		return c, present, nil
	}
	found := map[string]bool{}
	if err := checkNode(body, reflect.TypeOf(Config{}), at, found); err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	if err := yaml.NodeToValue(body, c, yaml.DisallowUnknownField()); err != nil {
		return nil, nil, fmt.Errorf("config: %s", yamlErrorLine(err))
	}
	for k := range found {
		if at == "" {
			present[k] = true
		} else if rel, ok := strings.CutPrefix(k, at+"."); ok {
			present[rel] = true
		}
	}
	return c, present, nil
}

// finishConfig fills the keys not in present with DefaultConfig's values
// and validates the result.
func finishConfig(c *Config, present map[string]bool) (*Config, error) {
	d := DefaultConfig()
	for _, def := range configDefaults {
		if !present[def.key] && !(len(c.Services) > 0 && isServiceShorthandKey(def.key)) {
			def.fill(c, d)
		}
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

var durationType = reflect.TypeOf(Duration{})

// checkNode walks the YAML tree against the Go type of the config, so that
// every problem is reported with its key path (goccy's errors name Go
// fields and span several lines). It records the paths set to non-null
// values in present.
func checkNode(n ast.Node, t reflect.Type, path string, present map[string]bool) error {
	at := nodeErr(n, path)
	switch n.(type) {
	case *ast.AnchorNode, *ast.AliasNode, *ast.MergeKeyNode:
		return at("YAML anchors, aliases and merge keys are not supported")
	case *ast.TagNode:
		return at("YAML tags are not supported")
	case *ast.CommentNode:
		return nil
	}
	if isNullNode(n) {
		return nil
	}
	if path != "" {
		present[path] = true
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == durationType:
		return checkDuration(n, path)
	case t.Kind() == reflect.Struct:
		return checkStruct(n, t, path, present)
	case t.Kind() == reflect.Map: // map[string]string (stage variables)
		return checkMap(n, t, path)
	case t.Kind() == reflect.Slice, t.Kind() == reflect.Array:
		return checkList(n, t, path)
	}
	return checkScalar(n, t, path)
}

// nodeErr returns a formatter of errors about n: its key path first, its
// line last.
func nodeErr(n ast.Node, path string) func(format string, args ...any) error {
	return func(format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		if path != "" {
			msg = path + ": " + msg
		}
		return errors.New(msg + lineOf(n))
	}
}

func checkDuration(n ast.Node, path string) error {
	at := nodeErr(n, path)
	s, ok := scalarText(n)
	if !ok {
		return at("want a duration such as 72h or 7d, got a %s", nodeKind(n))
	}
	if _, err := ParseDuration(s); err != nil {
		return at("%v", err)
	}
	return nil
}

// checkStruct checks a mapping against the yaml keys of struct type t:
// every key known (else a "did you mean"), none set twice.
func checkStruct(n ast.Node, t reflect.Type, path string, present map[string]bool) error {
	at := nodeErr(n, path)
	m, ok := n.(*ast.MappingNode)
	if !ok {
		return at("want a mapping of keys, got a %s", nodeKind(n))
	}
	fields, names := yamlFields(t)
	seen := map[string]bool{}
	for _, mv := range m.Values {
		if _, isMerge := mv.Key.(*ast.MergeKeyNode); isMerge {
			return at("YAML merge keys are not supported")
		}
		key, ok := scalarText(mv.Key)
		if !ok {
			return at("keys must be plain words, got a %s", nodeKind(mv.Key))
		}
		full := joinKey(path, key)
		f, known := fields[key]
		if !known {
			msg := fmt.Sprintf("unknown key %q", full)
			if s := closestKey(key, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", joinKey(path, s))
			}
			return errors.New(msg + lineOf(mv.Key))
		}
		if seen[key] {
			return fmt.Errorf("%s: set twice%s", full, lineOf(mv.Key))
		}
		seen[key] = true
		if err := checkNode(mv.Value, f.Type, full, present); err != nil {
			return err
		}
	}
	return nil
}

// yamlFields maps the yaml keys of struct type t to their fields; names
// lists the keys in field order.
func yamlFields(t reflect.Type) (fields map[string]reflect.StructField, names []string) {
	fields = map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		fields[name] = f
		names = append(names, name)
	}
	return fields, names
}

// checkMap checks a mapping of plain keys, none set twice, against the
// element type of map type t.
func checkMap(n ast.Node, t reflect.Type, path string) error {
	at := nodeErr(n, path)
	m, ok := n.(*ast.MappingNode)
	if !ok {
		return at("want a mapping, got a %s", nodeKind(n))
	}
	seen := map[string]bool{}
	for _, mv := range m.Values {
		key, ok := scalarText(mv.Key)
		if !ok {
			return at("keys must be plain words, got a %s", nodeKind(mv.Key))
		}
		if seen[key] {
			return fmt.Errorf("%s.%s: set twice%s", path, key, lineOf(mv.Key))
		}
		seen[key] = true
		if err := checkNode(mv.Value, t.Elem(), path+"."+key, map[string]bool{}); err != nil {
			return err
		}
	}
	return nil
}

// checkList checks a sequence (of exactly t.Len() values for an array),
// with no empty entry, against the element type of t.
func checkList(n ast.Node, t reflect.Type, path string) error {
	at := nodeErr(n, path)
	s, ok := n.(*ast.SequenceNode)
	if !ok {
		if t.Kind() == reflect.Array {
			return at("want a list of %d values such as [1000, 4999], got a %s", t.Len(), nodeKind(n))
		}
		return at("want a list, got a %s", nodeKind(n))
	}
	if t.Kind() == reflect.Array && len(s.Values) != t.Len() {
		return at("want a list of %d values, got %d", t.Len(), len(s.Values))
	}
	for i, v := range s.Values {
		if isNullNode(v) {
			return fmt.Errorf("%s[%d]: empty", path, i)
		}
		if err := checkNode(v, t.Elem(), fmt.Sprintf("%s[%d]", path, i), map[string]bool{}); err != nil {
			return err
		}
	}
	return nil
}

// checkScalar checks a text, whole number, number or true/false value.
func checkScalar(n ast.Node, t reflect.Type, path string) error {
	at := nodeErr(n, path)
	switch t.Kind() {
	case reflect.String:
		if _, ok := scalarText(n); !ok {
			return at("want text, got a %s", nodeKind(n))
		}
		return nil
	case reflect.Int:
		if _, ok := n.(*ast.IntegerNode); !ok {
			return at("want a whole number, got %s", describeValue(n))
		}
		return nil
	case reflect.Float64:
		switch n.(type) {
		case *ast.IntegerNode, *ast.FloatNode:
			return nil
		}
		return at("want a number, got %s", describeValue(n))
	case reflect.Bool:
		if _, ok := n.(*ast.BoolNode); !ok {
			return at("want true or false, got %s", describeValue(n))
		}
		return nil
	}
	return at("unsupported value")
}

// lineOf is " (line N)" for n's position, or "".
func lineOf(n ast.Node) string {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return fmt.Sprintf(" (line %d)", tk.Position.Line)
	}
	return ""
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func isNullNode(n ast.Node) bool {
	if n == nil {
		return true
	}
	_, ok := n.(*ast.NullNode)
	return ok
}

// scalarText returns the text of a scalar node (strings, numbers, booleans).
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		if tk := n.GetToken(); tk != nil {
			return tk.Value, true
		}
	}
	return "", false
}

func nodeKind(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "mapping"
	case *ast.SequenceNode:
		return "list"
	}
	return "value"
}

func describeValue(n ast.Node) string {
	if s, ok := scalarText(n); ok {
		return fmt.Sprintf("%q", s)
	}
	return "a " + nodeKind(n)
}

// closestKey suggests a known key within edit distance 2 of key.
func closestKey(key string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(key, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// yamlErrorLine flattens goccy's multi-line error (with a source excerpt)
// into one line: "line L, column C: message".
func yamlErrorLine(err error) string {
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg := ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			return fmt.Sprintf("line %d, column %d: %s", tk.Position.Line, tk.Position.Column, oneLine(msg))
		}
		return oneLine(msg)
	}
	return oneLine(err.Error())
}

// oneLine keeps the first line of s (goccy appends source excerpts).
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(s)
}
