// Package jobs is the queue shared by the server and the worker.
package jobs

import (
	"strconv"
	"sync/atomic"
)

var next, pending int64

// Enqueue records a job and returns its id.
func Enqueue(name string) string {
	atomic.AddInt64(&pending, 1)
	return name + "-" + strconv.FormatInt(atomic.AddInt64(&next, 1), 10)
}

// Pending reports how many jobs wait.
func Pending() int64 { return atomic.LoadInt64(&pending) }
