// Command funclen lists the functions of the module's non-test Go files
// that are longer than a limit, longest first, and fails (exit 1) when one
// of them is not in the allowlist. The allowlist holds the few justified
// exceptions (table data), one "path:Func  # why" a line; Func is
// "Recv.Name" for a method.
//
//	go run ./bench/funclen [-max 80] [-allow bench/funclen.allow] [-all]
//
// A function's length counts every line from "func" to its closing brace.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type fn struct {
	key   string // path:Func
	lines int
}

func main() {
	max := flag.Int("max", 80, "longest allowed function, in lines")
	allowPath := flag.String("allow", "bench/funclen.allow", "allowlist file (path:Func per line, # comments)")
	all := flag.Bool("all", false, "list every function over -max, allowed ones too")
	flag.Parse()
	allow, err := readAllow(*allowPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funclen:", err)
		os.Exit(2)
	}
	long, err := longFuncs(".", *max)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funclen:", err)
		os.Exit(2)
	}
	bad := 0
	seen := map[string]bool{}
	for _, f := range long {
		seen[f.key] = true
		switch {
		case !allow[f.key]:
			bad++
			fmt.Printf("%5d  %s  (over %d lines, not allowed)\n", f.lines, f.key, *max)
		case *all:
			fmt.Printf("%5d  %s  (allowed)\n", f.lines, f.key)
		}
	}
	for k := range allow {
		if !seen[k] {
			fmt.Printf("note: %s is allowed but no longer over %d lines: drop it from %s\n", k, *max, *allowPath)
		}
	}
	if bad > 0 {
		fmt.Printf("%d function(s) over %d lines: split them, or (table data only) justify them in %s\n", bad, *max, *allowPath)
		os.Exit(1)
	}
}

// longFuncs walks root for non-test Go files and returns the functions
// longer than max lines, longest first.
func longFuncs(root string, max int) ([]fn, error) {
	var out []fn
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			if n > max {
				out = append(out, fn{key: filepath.ToSlash(path) + ":" + funcName(fd), lines: n})
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].lines != out[j].lines {
			return out[i].lines > out[j].lines
		}
		return out[i].key < out[j].key
	})
	return out, err
}

// funcName is Name, or Recv.Name for a method (pointer or not).
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if g, ok := t.(*ast.IndexExpr); ok {
		t = g.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// readAllow reads the allowlist; a missing file allows nothing.
func readAllow(path string) (map[string]bool, error) {
	allow := map[string]bool{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return allow, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			allow[line] = true
		}
	}
	return allow, sc.Err()
}
