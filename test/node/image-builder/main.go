// Command image-builder writes a container image as a docker-archive tarball that containerd
// imports (`ctr images import`), from files on this machine: the node tier's images are the
// harness's cached binaries laid out as the released images lay them out. go-containerregistry
// builds the layer, the config and the archive.
//
// Usage: image-builder SPEC.json
//
// SPEC: {"tag": "...", "out": "...", "entrypoint": [...], "cmd": [...], "user": "10001",
// "workdir": "/", "env": ["K=V"], "files": [{"src": "/host/path", "dst": "/in/image", "mode": 493,
// "capabilities": [10]}],
// "dirs": [{"dst": "/tmp", "mode": 1023}]}
package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

type file struct {
	Src  string `json:"src"`
	Dst  string `json:"dst"`
	Mode int64  `json:"mode"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
	// Capabilities the file is given, as `setcap cap_x=+ep` gives them (bit numbers, e.g. 10 for
	// cap_net_bind_service): a non-root process gets them at exec, as from the released images.
	Capabilities []uint `json:"capabilities"`
}

// fileCapability is the security.capability extended attribute for `caps=+ep`: a vfs_cap_data
// revision 2 (magic with the effective flag, then permitted and inheritable for both 32-bit words).
func fileCapability(caps []uint) string {
	var words [2]uint32
	for _, c := range caps {
		words[c/32] |= 1 << (c % 32)
	}
	var b bytes.Buffer
	for _, v := range []uint32{0x02000001, words[0], 0, words[1], 0} {
		b.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)})
	}
	return b.String()
}

type spec struct {
	Tag        string   `json:"tag"`
	Out        string   `json:"out"`
	Entrypoint []string `json:"entrypoint"`
	Cmd        []string `json:"cmd"`
	User       string   `json:"user"`
	Workdir    string   `json:"workdir"`
	Env        []string `json:"env"`
	Files      []file   `json:"files"`
	Dirs       []file   `json:"dirs"`
}

// A fixed time for every entry: the same inputs give the same image digest.
var epoch = time.Unix(0, 0)

func layer(s spec) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	written := map[string]bool{}
	parents := func(p string) error {
		var dirs []string
		for d := path.Dir(p); d != "/" && d != "."; d = path.Dir(d) {
			dirs = append(dirs, d)
		}
		sort.Strings(dirs)
		for _, d := range dirs {
			if written[d] {
				continue
			}
			written[d] = true
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: strings.TrimPrefix(d, "/") + "/", Mode: 0o755, ModTime: epoch}); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range s.Dirs {
		if err := parents(d.Dst + "/x"); err != nil {
			return nil, err
		}
		hdr := &tar.Header{Typeflag: tar.TypeDir, Name: strings.TrimPrefix(d.Dst, "/") + "/", Mode: d.Mode, Uid: d.UID, Gid: d.GID, ModTime: epoch}
		if written[d.Dst] {
			continue
		}
		written[d.Dst] = true
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
	}
	for _, f := range s.Files {
		data, err := os.ReadFile(f.Src)
		if err != nil {
			return nil, err
		}
		if err := parents(f.Dst); err != nil {
			return nil, err
		}
		mode := f.Mode
		if mode == 0 {
			mode = 0o644
		}
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: strings.TrimPrefix(f.Dst, "/"), Mode: mode, Uid: f.UID, Gid: f.GID, Size: int64(len(data)), ModTime: epoch}
		if len(f.Capabilities) > 0 {
			hdr.Format = tar.FormatPAX
			hdr.PAXRecords = map[string]string{"SCHILY.xattr.security.capability": fileCapability(f.Capabilities)}
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	raw := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil })
}

func build(s spec) error {
	l, err := layer(s)
	if err != nil {
		return err
	}
	img, err := mutate.AppendLayers(empty.Image, l)
	if err != nil {
		return err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture, cfg.Created = "linux", "amd64", v1.Time{Time: epoch}
	cfg.Config.Entrypoint, cfg.Config.Cmd, cfg.Config.User = s.Entrypoint, s.Cmd, s.User
	cfg.Config.WorkingDir, cfg.Config.Env = s.Workdir, s.Env
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		return err
	}
	tag, err := name.NewTag(s.Tag)
	if err != nil {
		return err
	}
	return tarball.WriteToFile(s.Out, tag, img)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: image-builder SPEC.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err == nil {
		var s spec
		if err = json.Unmarshal(raw, &s); err == nil {
			err = build(s)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "image-builder:", err)
		os.Exit(1)
	}
}
