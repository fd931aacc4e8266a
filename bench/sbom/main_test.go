package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"debug/buildinfo"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The test binary is a Go binary with build info: packed as a release
// archive would pack envdeck, its SBOM must list its main module and deps.
func TestSBOMOfArchives(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	info, err := buildinfo.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, archive := range []string{writeTarGz(t, dir, bin), writeZip(t, dir, bin)} {
		doc := filepath.Join(dir, filepath.Base(archive)+".spdx.json")
		if err := run(archive, doc); err != nil {
			t.Fatalf("%s: %v", archive, err)
		}
		var d spdxDoc
		b, _ := os.ReadFile(doc)
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if d.Version != "SPDX-2.3" || len(d.Packages) != 1+len(info.Deps) || len(d.Relationships) != len(d.Packages) {
			t.Fatalf("%s: %d packages for %d deps, %d relationships, version %s", doc, len(d.Packages), len(info.Deps), len(d.Relationships), d.Version)
		}
		if d.Packages[0].Name != info.Main.Path || d.Relationships[0].Type != "DESCRIBES" {
			t.Errorf("main package %q, want %q; first relationship %+v", d.Packages[0].Name, info.Main.Path, d.Relationships[0])
		}
	}
	if err := run(filepath.Join(dir, "missing.tar.gz"), filepath.Join(dir, "x.json")); err == nil {
		t.Error("a missing archive must fail")
	}
}

func writeTarGz(t *testing.T, dir string, bin []byte) string {
	p := filepath.Join(dir, "envdeck_linux_amd64.tar.gz")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	_ = tw.WriteHeader(&tar.Header{Name: "README.md", Mode: 0o644, Size: 2})
	_, _ = tw.Write([]byte("hi"))
	_ = tw.WriteHeader(&tar.Header{Name: "envdeck", Mode: 0o755, Size: int64(len(bin))})
	_, _ = tw.Write(bin)
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeZip(t *testing.T, dir string, bin []byte) string {
	p := filepath.Join(dir, "envdeck_windows_amd64.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	w, _ := zw.Create("envdeck.exe")
	_, _ = w.Write(bin)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}
