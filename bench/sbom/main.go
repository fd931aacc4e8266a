// Command sbom writes an SPDX 2.3 JSON SBOM of the envdeck binary inside a
// release archive (tar.gz or zip), from the module list the Go toolchain
// embeds in every binary. goreleaser runs it once per archive; it needs no
// network and no external SBOM tool.
//
//	go run ./bench/sbom ARCHIVE DOCUMENT
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sbom ARCHIVE DOCUMENT")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "sbom:", err)
		os.Exit(1)
	}
}

func run(archive, document string) error {
	bin, err := binaryIn(archive)
	if err != nil {
		return err
	}
	info, err := buildinfo.Read(bytes.NewReader(bin))
	if err != nil {
		return fmt.Errorf("%s: %w", archive, err)
	}
	doc := spdxOf(path.Base(archive), info)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(document, append(b, '\n'), 0o644)
}

// binaryIn returns the envdeck binary of a .tar.gz or .zip archive.
func binaryIn(archive string) ([]byte, error) {
	isBinary := func(name string) bool {
		base := path.Base(name)
		return base == "envdeck" || base == "envdeck.exe"
	}
	if strings.HasSuffix(archive, ".zip") {
		z, err := zip.OpenReader(archive)
		if err != nil {
			return nil, err
		}
		defer z.Close()
		for _, f := range z.File {
			if isBinary(f.Name) {
				r, err := f.Open()
				if err != nil {
					return nil, err
				}
				defer r.Close()
				return io.ReadAll(r)
			}
		}
		return nil, fmt.Errorf("%s holds no envdeck binary", archive)
	}
	f, err := os.Open(archive)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s holds no envdeck binary", archive)
		}
		if err != nil {
			return nil, err
		}
		if isBinary(h.Name) {
			return io.ReadAll(tr)
		}
	}
}

type spdxPackage struct {
	ID               string       `json:"SPDXID"`
	Name             string       `json:"name"`
	Version          string       `json:"versionInfo"`
	DownloadLocation string       `json:"downloadLocation"`
	FilesAnalyzed    bool         `json:"filesAnalyzed"`
	Checksums        []spdxSum    `json:"checksums,omitempty"`
	ExternalRefs     []spdxExtRef `json:"externalRefs"`
	Comment          string       `json:"comment,omitempty"`
}

type spdxSum struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"checksumValue"`
}

type spdxExtRef struct {
	Category string `json:"referenceCategory"`
	Type     string `json:"referenceType"`
	Locator  string `json:"referenceLocator"`
}

type spdxRelationship struct {
	From string `json:"spdxElementId"`
	Type string `json:"relationshipType"`
	To   string `json:"relatedSpdxElement"`
}

type spdxDoc struct {
	Version       string             `json:"spdxVersion"`
	DataLicense   string             `json:"dataLicense"`
	ID            string             `json:"SPDXID"`
	Name          string             `json:"name"`
	Namespace     string             `json:"documentNamespace"`
	CreationInfo  map[string]any     `json:"creationInfo"`
	Packages      []spdxPackage      `json:"packages"`
	Relationships []spdxRelationship `json:"relationships"`
}

func spdxOf(name string, info *buildinfo.BuildInfo) spdxDoc {
	sum := sha256.Sum256([]byte(name))
	doc := spdxDoc{
		Version: "SPDX-2.3", DataLicense: "CC0-1.0", ID: "SPDXRef-DOCUMENT", Name: name,
		Namespace: "https://github.com/envdeck/envdeck/spdx/" + hex.EncodeToString(sum[:]),
		// A fixed time keeps the SBOM reproducible, like the binary.
		CreationInfo: map[string]any{"creators": []string{"Tool: envdeck bench/sbom (Go build info)"}, "created": "1970-01-01T00:00:00Z"},
	}
	add := func(m *module) string {
		id := fmt.Sprintf("SPDXRef-Package-%d", len(doc.Packages)+1)
		p := spdxPackage{ID: id, Name: m.Path, Version: m.Version, DownloadLocation: "NOASSERTION",
			ExternalRefs: []spdxExtRef{{Category: "PACKAGE-MANAGER", Type: "purl", Locator: "pkg:golang/" + m.Path + "@" + m.Version}}}
		if m.Sum != "" {
			p.Comment = "go.sum " + m.Sum
		}
		doc.Packages = append(doc.Packages, p)
		return id
	}
	main := add(&module{Path: info.Main.Path, Version: info.Main.Version})
	doc.Relationships = append(doc.Relationships, spdxRelationship{From: "SPDXRef-DOCUMENT", Type: "DESCRIBES", To: main})
	for _, d := range info.Deps {
		m := d
		if d.Replace != nil {
			m = d.Replace
		}
		id := add(&module{Path: m.Path, Version: m.Version, Sum: m.Sum})
		doc.Relationships = append(doc.Relationships, spdxRelationship{From: main, Type: "DEPENDS_ON", To: id})
	}
	return doc
}

// module is one entry of the build info, after replacements.
type module struct{ Path, Version, Sum string }
