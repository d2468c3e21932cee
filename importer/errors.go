package importer

import (
	"errors"
	"fmt"
)

// ErrUnsupported, ErrTooLarge and ErrNoTable classify an *Error, for
// errors.Is: the API answers them with different problem types.
var (
	ErrUnsupported = errors.New("unsupported file")
	ErrTooLarge    = errors.New("file too large")
	ErrNoTable     = errors.New("no table found")
	ErrBadFile     = errors.New("unreadable file")
)

// Error is a file that cannot be imported: which file, where in it, why,
// in Chinese and in English.
type Error struct {
	File  string // the file's name as the caller gave it
	Place string // "Sheet!A1", a sheet, or "" for the whole file
	Msg   string // Chinese
	MsgEN string // English
	Kind  error  // ErrUnsupported, ErrTooLarge, ErrNoTable or ErrBadFile
}

func (e *Error) Error() string {
	at := e.File
	if e.Place != "" {
		at += " " + e.Place
	}
	return fmt.Sprintf("%s: %s (%s)", at, e.Msg, e.MsgEN)
}

// Unwrap lets errors.Is see the kind.
func (e *Error) Unwrap() error { return e.Kind }

func fail(kind error, file, place, zh, en string) *Error {
	return &Error{File: file, Place: place, Msg: zh, MsgEN: en, Kind: kind}
}

// Where is where the error is, as a problem's place: the file and the
// place in it; name when e is nil.
func (e *Error) Where(name string) string {
	if e == nil {
		return name
	}
	if e.Place == "" {
		return e.File
	}
	return e.File + " " + e.Place
}
