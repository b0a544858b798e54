// Package store is an in-memory note store, safe for concurrent use.
package store

import (
	"sync"
	"time"
)

type Note struct {
	Text    string    `json:"text"`
	Created time.Time `json:"created"`
}

type Store struct {
	mu    sync.RWMutex
	notes []Note
}

func New() *Store { return &Store{} }

func (s *Store) Add(n Note) {
	if n.Created.IsZero() {
		n.Created = time.Now().UTC()
	}
	s.mu.Lock()
	s.notes = append(s.notes, n)
	s.mu.Unlock()
}

func (s *Store) All() []Note {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Note(nil), s.notes...)
}
