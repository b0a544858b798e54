// Command broken is fine; its Dockerfile is not: it builds ./main and starts
// ./app, which does not exist, so the container fails at start.
package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("unreachable: the image never starts\n"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
