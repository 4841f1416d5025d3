//go:build embed

package main

import (
	"embed"
	"io/fs"
)

// The release binary (make build, the Dockerfile) carries the built web app,
// so one file is the whole of Juri.
//
//go:embed all:frontend/dist
var webDist embed.FS

// embeddedWeb is the web app built into the binary.
func embeddedWeb() fs.FS {
	sub, err := fs.Sub(webDist, "frontend/dist")
	if err != nil {
		return nil
	}
	return sub
}
