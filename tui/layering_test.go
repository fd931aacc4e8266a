package tui

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The console reaches AWS only through the Backend that cmd injects: no
// non-test file of package tui imports aws or the SDK (its tests may, to
// drive the production backend over the sandbox).
func TestTUINeverImportsAWS(t *testing.T) {
	des, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, de := range des {
		name := de.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "github.com/envdeck/envdeck/aws" || strings.HasPrefix(path, "github.com/envdeck/envdeck/aws/") ||
				strings.HasPrefix(path, "github.com/aws/") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d files: not the tui package folder?", checked)
	}
}
