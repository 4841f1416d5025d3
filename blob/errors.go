package blob

import (
	"errors"
	"io/fs"
	"syscall"
)

// StorageError is a failure of the file storage itself while writing an
// upload (the disk is full, the directory cannot be written, the bucket does
// not answer), as opposed to a fault of the request. Handlers wrap the
// errors of Create, Write and Commit in it so the API can answer 507 or 503
// instead of blaming the upload.
type StorageError struct {
	Op  string // "create", "write" or "commit"
	Err error
}

func (e *StorageError) Error() string { return "file storage " + e.Op + ": " + e.Err.Error() }
func (e *StorageError) Unwrap() error { return e.Err }

// Failed wraps err, when not nil, in a StorageError for op.
func Failed(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *StorageError
	if errors.As(err, &se) {
		return err
	}
	return &StorageError{Op: op, Err: err}
}

// Full reports whether err says the storage has no room left: the file
// system is full (ENOSPC), the user's disk quota is used up (EDQUOT) or the
// file went over the file-size limit (EFBIG).
func Full(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG)
}

// Unwritable reports whether err says the storage refuses writes: no
// permission or a read-only file system.
func Unwritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}
