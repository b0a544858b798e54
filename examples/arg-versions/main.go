// Command versioned reports the version and commit stamped in at build time
// with -ldflags "-X main.version=... -X main.commit=...".
package main

import (
	"fmt"
	"log"
	"net/http"
)

var (
	version = "dev"
	commit  = "unknown"
)

func main() {
	http.HandleFunc("/version", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s (%s)\n", version, commit)
	})
	log.Printf("versioned %s (%s) on :8080", version, commit)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
