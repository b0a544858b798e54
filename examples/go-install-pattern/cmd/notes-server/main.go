// Command notes-server serves the notes; `go install ./...` also installs notes-migrate,
// which operators run in the same image (docker run … notes-migrate).
package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/notes/internal/store"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "notes: %d\n", len(store.All()))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
