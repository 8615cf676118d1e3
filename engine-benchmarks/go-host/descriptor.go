package main

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Descriptor is the part of a plugin.yaml the harness acts on (CONTRACT.md section 3).
type Descriptor struct {
	ID      string       `yaml:"id"`
	Version string       `yaml:"version"`
	Wasm    string       `yaml:"wasm"`
	Anchors []AnchorDecl `yaml:"anchors"`
	Hooks   []HookDecl   `yaml:"hooks"`
}

type AnchorDecl struct {
	ID      string `yaml:"id"`
	Version string `yaml:"version"`
}

type HookDecl struct {
	ID            string  `yaml:"id"`
	AnchorID      string  `yaml:"anchorId"`
	AnchorVersion string  `yaml:"anchorVersion"`
	Func          string  `yaml:"func"`
	Order         int     `yaml:"order"`
	Name          *string `yaml:"name"`
	Description   *string `yaml:"description"`
	Metadata      any     `yaml:"metadata"`
}

// Archive is a plugin as scripts/build-examples packs it: a .tar.gz with one top-level folder
// holding plugin.yaml, the module and any other files (which ReadFile serves).
type Archive struct {
	Desc  Descriptor
	Wasm  []byte
	Files map[string][]byte
}

func readArchive(file string) (*Archive, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	files := map[string][]byte{}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		// Paths are relative to the top-level folder, where plugin.yaml is.
		_, rel, ok := strings.Cut(path.Clean(hdr.Name), "/")
		if !ok {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		files[rel] = b
	}
	y, ok := files["plugin.yaml"]
	if !ok {
		return nil, fmt.Errorf("%s has no plugin.yaml", file)
	}
	var d Descriptor
	if err := yaml.Unmarshal(y, &d); err != nil {
		return nil, fmt.Errorf("%s: plugin.yaml: %w", file, err)
	}
	wasm, ok := files[d.Wasm]
	if !ok {
		return nil, fmt.Errorf("%s: no module %s", file, d.Wasm)
	}
	return &Archive{Desc: d, Wasm: wasm, Files: files}, nil
}
