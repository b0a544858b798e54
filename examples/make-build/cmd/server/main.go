// Command server reports its version; `make build` stamps it from git.
package main

import (
	"fmt"
	"log"
	"net/http"
)

var version = "dev"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "status service %s\n", version)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
