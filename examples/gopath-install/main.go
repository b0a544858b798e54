// Command app redirects every plain-HTTP request to the same URL on https.
// It predates modules: it is built in GOPATH mode from /go/src/app.
package main

import (
	"log"
	"net/http"
	"os"
)

func redirect(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/healthz" {
		w.Write([]byte("ok\n"))
		return
	}
	host := r.Host
	if canonical := os.Getenv("CANONICAL_HOST"); canonical != "" {
		host = canonical
	}
	target := "https://" + host + r.URL.RequestURI()
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

func main() {
	log.Fatal(http.ListenAndServe(":8080", http.HandlerFunc(redirect)))
}
