//go:build !embed

package main

import "io/fs"

// embeddedWeb is nil in a development build: the web app is served from
// JURI_WEB_DIR (make run builds it there). Build with -tags embed to carry it
// inside the binary.
func embeddedWeb() fs.FS { return nil }
