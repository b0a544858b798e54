// Command slugger turns titles into URL slugs. Its one dependency is vendored,
// so the build needs no network: go build -mod=vendor.
package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/slug"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, slug.Make(r.URL.Query().Get("title")))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
