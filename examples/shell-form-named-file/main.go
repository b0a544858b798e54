// Command main counts hits; its Dockerfile builds the named file main.go and
// starts it with a shell-form CMD.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"sync/atomic"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	var hits int64
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%d\n", atomic.AddInt64(&hits, 1))
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
