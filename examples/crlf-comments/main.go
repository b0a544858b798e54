// Command api answers on :8080. Its Dockerfile has Windows line endings,
// lower-case keywords and comments inside a continued RUN.
package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello from a CRLF Dockerfile\n"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
