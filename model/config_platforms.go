package model

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// Platforms are the platforms of one configuration file. A file without
// `platforms:` holds one unnamed platform (""), read as before platforms
// existed. In a file with platforms, every top-level key is the default of
// every platform, and a platform's own keys replace it key by key
// (docs/CONTRACT.md § Platforms).
type Platforms struct {
	names   []string // in file order; [""] for a file without platforms
	Default string   // default_platform
	configs map[string]*Config
}

// PlatformThemes are the header colours a platform may ask for.
var PlatformThemes = []string{"red", "orange", "yellow", "green", "blue", "purple", "cyan", "gray"}

var rePlatformName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$`)

// Platform file keys, handled here rather than by Config's schema.
const (
	keyPlatforms       = "platforms"
	keyDefaultPlatform = "default_platform"
)

// Named reports a file with platforms.
func (p *Platforms) Named() bool { return len(p.names) > 0 && p.names[0] != "" }

// Names lists the platforms in file order (empty for a file without them).
func (p *Platforms) Names() []string {
	if !p.Named() {
		return nil
	}
	return slices.Clone(p.names)
}

// Config returns the configuration of platform name as loaded; nil when
// there is no such platform.
func (p *Platforms) Config(name string) *Config { return p.configs[name] }

// UnknownPlatformError is a platform name the file does not hold, or no
// name where one must be chosen.
type UnknownPlatformError struct {
	Name  string
	Known []string
}

func (e *UnknownPlatformError) Error() string {
	switch {
	case len(e.Known) == 0:
		return fmt.Sprintf("unknown platform %q: the configuration defines no platforms", e.Name)
	case e.Name == "":
		return fmt.Sprintf("choose a platform (%s): the configuration has no default_platform", strings.Join(e.Known, ", "))
	}
	return fmt.Sprintf("unknown platform %q (known: %s)", e.Name, strings.Join(e.Known, ", "))
}

// Select returns the configuration of platform name; "" is the default
// platform (default_platform, the only platform, or the file itself when it
// has no platforms). The result is the caller's to change.
func (p *Platforms) Select(name string) (*Config, error) {
	if name == "" && p.Named() {
		name = p.Default
		if name == "" && len(p.names) == 1 {
			name = p.names[0]
		}
	}
	c, ok := p.configs[name]
	if !ok || (name != "" && !p.Named()) {
		return nil, &UnknownPlatformError{Name: name, Known: p.Names()}
	}
	cp := *c
	return &cp, nil
}

// LoadPlatforms reads a configuration file (strictly, as LoadConfig) into
// its platforms, each defaulted and validated on its own; a problem names
// the platform's key path ("platforms.dev.alb.listener_arn").
func LoadPlatforms(r io.Reader) (ps *Platforms, err error) {
	defer func() { // the YAML library must never take the program down
		if p := recover(); p != nil {
			ps, err = nil, fmt.Errorf("config: cannot read: %v", oneLine(fmt.Sprint(p)))
		}
	}()
	body, err := readConfigBody(r)
	if err != nil {
		return nil, err
	}
	base, plats, def, err := splitPlatforms(body)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if plats == nil {
		c, present, err := decodeConfig(base, "")
		if err != nil {
			return nil, err
		}
		if c, err = finishConfig(c, present); err != nil {
			return nil, err
		}
		return &Platforms{names: []string{""}, configs: map[string]*Config{"": c}}, nil
	}
	return loadNamedPlatforms(base, plats, def)
}

// loadNamedPlatforms builds each platform: the top-level keys, then its own.
func loadNamedPlatforms(base ast.Node, plats *ast.MappingNode, def string) (*Platforms, error) {
	ps := &Platforms{Default: def, configs: map[string]*Config{}}
	for _, mv := range plats.Values {
		name, ok := scalarText(mv.Key)
		if !ok || !rePlatformName.MatchString(name) {
			return nil, fmt.Errorf("config: platforms: %q is not a platform name (letters, digits, _ . -)%s", name, lineOf(mv.Key))
		}
		if _, dup := ps.configs[name]; dup {
			return nil, fmt.Errorf("config: platforms.%s: set twice%s", name, lineOf(mv.Key))
		}
		c, present, err := decodeConfig(base, "")
		if err != nil {
			return nil, err
		}
		own, ownPresent, err := decodeConfig(mv.Value, "platforms."+name)
		if err != nil {
			return nil, err
		}
		dropOtherForms(c, present, ownPresent)
		overlayConfig(c, own, ownPresent)
		for k := range ownPresent {
			present[k] = true
		}
		if c, err = finishConfig(c, present); err != nil {
			return nil, fmt.Errorf("config: platforms.%s: %s", name, strings.TrimPrefix(err.Error(), "config: "))
		}
		c.Platform = name
		ps.names = append(ps.names, name)
		ps.configs[name] = c
	}
	if len(ps.names) == 0 {
		return nil, errors.New("config: platforms: empty (remove it, or name at least one platform)")
	}
	if def != "" && ps.configs[def] == nil {
		return nil, fmt.Errorf("config: default_platform: %q is not one of the platforms (%s)", def, strings.Join(ps.names, ", "))
	}
	return ps, nil
}

// splitPlatforms takes `platforms:` and `default_platform:` out of the
// top-level mapping: base is the rest, plats nil when the file has none.
func splitPlatforms(body ast.Node) (base ast.Node, plats *ast.MappingNode, def string, err error) {
	m, ok := body.(*ast.MappingNode)
	if !ok {
		return body, nil, "", nil // checkNode reports what is wrong with it
	}
	rest := *m
	rest.Values = nil
	for _, mv := range m.Values {
		key, _ := scalarText(mv.Key)
		switch key {
		case keyPlatforms:
			if plats != nil {
				return nil, nil, "", fmt.Errorf("platforms: set twice%s", lineOf(mv.Key))
			}
			if plats, ok = mv.Value.(*ast.MappingNode); !ok {
				return nil, nil, "", fmt.Errorf("platforms: want a mapping of platform names, got a %s%s", nodeKind(mv.Value), lineOf(mv.Key))
			}
		case keyDefaultPlatform:
			if def, ok = scalarText(mv.Value); !ok || def == "" {
				return nil, nil, "", fmt.Errorf("default_platform: want a platform name%s", lineOf(mv.Key))
			}
		default:
			rest.Values = append(rest.Values, mv)
		}
	}
	if def != "" && plats == nil {
		return nil, nil, "", errors.New("default_platform: set, but there are no platforms")
	}
	return &rest, plats, def, nil
}

// overlayConfig copies into dst every key path set in src (present),
// leaving the others as they are: a platform's keys over the file's.
func overlayConfig(dst, src *Config, present map[string]bool) {
	for path := range present {
		d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
		parts := strings.Split(path, ".")
		for i, key := range parts {
			f, ok := fieldByYAML(d.Type(), key)
			if !ok {
				break
			}
			d, s = d.FieldByIndex(f.Index), s.FieldByIndex(f.Index)
			last := i == len(parts)-1
			if d.Kind() == reflect.Pointer && d.Type().Elem().Kind() == reflect.Struct {
				if s.IsNil() {
					break
				}
				if d.IsNil() {
					d.Set(reflect.New(d.Type().Elem()))
				}
				d, s = d.Elem(), s.Elem()
			}
			if last && (d.Kind() != reflect.Struct || d.Type() == durationType) {
				d.Set(s)
			}
		}
	}
}

func fieldByYAML(t reflect.Type, key string) (reflect.StructField, bool) {
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	fields, _ := yamlFields(t)
	f, ok := fields[key]
	return f, ok
}

func (c *Config) validateTheme(v *validator) {
	if c.Theme != "" && !slices.Contains(PlatformThemes, c.Theme) {
		v.add("theme", "%q is not a theme colour (%s)", c.Theme, strings.Join(PlatformThemes, ", "))
	}
}

// NewPlatforms holds configurations built in code (the sandbox's demo):
// each names its platform in Config.Platform; def is the default.
func NewPlatforms(def string, cfgs ...*Config) *Platforms {
	ps := &Platforms{Default: def, configs: map[string]*Config{}}
	for _, c := range cfgs {
		ps.names = append(ps.names, c.Platform)
		ps.configs[c.Platform] = c
	}
	return ps
}

// keyForms are keys that say one thing in two forms (giving both is a
// config error): a platform that sets one form drops the file's other
// form, so a platform may use either whatever the top level uses.
var keyForms = [][2][]string{
	{{"alb.listener_arn"}, {"alb.listener_arns"}},
	{{"apigateway"}, {"apis"}},
	{{"services"}, {"alb.path_pattern", "alb.target_group"}},
}

// dropOtherForms clears in dst (the file's keys) the other form of every
// form the platform sets (own), and forgets it in present.
func dropOtherForms(dst *Config, present, own map[string]bool) {
	for _, forms := range keyForms {
		for i, form := range forms {
			if !slices.ContainsFunc(form, func(k string) bool { return own[k] }) {
				continue
			}
			for _, key := range forms[1-i] {
				if f, ok := fieldAt(reflect.ValueOf(dst).Elem(), key); ok {
					f.Set(reflect.Zero(f.Type()))
				}
				for k := range present {
					if k == key || strings.HasPrefix(k, key+".") {
						delete(present, k)
					}
				}
			}
		}
	}
}

// fieldAt is the field of v at a key path; false when a pointer on the
// way is nil or the path names no field.
func fieldAt(v reflect.Value, path string) (reflect.Value, bool) {
	for _, key := range strings.Split(path, ".") {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		f, ok := fieldByYAML(v.Type(), key)
		if !ok {
			return reflect.Value{}, false
		}
		v = v.FieldByIndex(f.Index)
	}
	return v, true
}
