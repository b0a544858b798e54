// Command kv is an in-memory key-value store that tags each value with a
// checksum computed in C.
package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
)

var (
	mu     sync.RWMutex
	values = map[string]string{}
)

func handle(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/")
	switch r.Method {
	case http.MethodPut:
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		values[key] = string(body)
		mu.Unlock()
		fmt.Fprintf(w, "%08x\n", checksum(string(body)))
	default:
		mu.RLock()
		value, ok := values[key]
		mu.RUnlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "%s\t%08x\n", value, checksum(value))
	}
}

func main() {
	http.HandleFunc("/", handle)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
