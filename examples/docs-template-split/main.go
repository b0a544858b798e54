// Command docker-gs-ping answers GET / and GET /health, in the shape of the
// Docker documentation's Go guide (which uses echo; this one is stdlib only).
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("Hello, Docker! <3\n"))
	})
	http.HandleFunc("/health", health)

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
