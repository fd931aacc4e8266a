package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// body returns a function of exactly n lines (func line and brace included).
func body(name string, n int) string {
	return "func " + name + " {\n" + strings.Repeat("\t_ = 1\n", n-2) + "}\n"
}

func TestLongFuncs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a.go", "package a\n\ntype T struct{}\n\n"+body("Fits()", 80)+body("Long()", 81)+body("(t *T) Method()", 90))
	write("a_test.go", "package a\n\n"+body("TestIgnored()", 200))
	if err := os.MkdirAll(filepath.Join(dir, "testdata"), 0o700); err != nil {
		t.Fatal(err)
	}
	write("testdata/x.go", "package x\n\n"+body("Ignored()", 200))
	got, err := longFuncs(dir, 80)
	if err != nil {
		t.Fatal(err)
	}
	a := filepath.ToSlash(filepath.Join(dir, "a.go"))
	want := []fn{{key: a + ":T.Method", lines: 90}, {key: a + ":Long", lines: 81}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestReadAllow(t *testing.T) {
	p := filepath.Join(t.TempDir(), "allow")
	src := "# header\n\nmodel/x.go:Table  # table data\n  aws/y.go:T.Rows\n"
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := readAllow(p)
	want := map[string]bool{"model/x.go:Table": true, "aws/y.go:T.Rows": true}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
	if got, err := readAllow(filepath.Join(t.TempDir(), "missing")); err != nil || len(got) != 0 {
		t.Errorf("a missing allowlist: %v, %v", got, err)
	}
}
