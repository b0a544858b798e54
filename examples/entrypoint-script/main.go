// Command keyed requires the API key that docker-entrypoint.sh exports.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	key := os.Getenv("API_KEY")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if key != "" && r.Header.Get("X-API-Key") != key {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		w.Write([]byte("welcome\n"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
