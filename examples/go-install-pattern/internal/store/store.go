// Package store holds the notes in memory.
package store

var notes = []string{"first", "second"}

// All returns every note.
func All() []string { return notes }
