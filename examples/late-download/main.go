// Command notes-api keeps notes in memory and serves them as JSON on :3000.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/acme/notes/store"
)

func main() {
	notes := store.New()
	http.HandleFunc("/notes", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			var n store.Note
			if err := json.NewDecoder(r.Body).Decode(&n); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			notes.Add(n)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(notes.All())
	})
	log.Fatal(http.ListenAndServe(":3000", nil))
}
