// Command gorun is started with `go run`, which compiles it at every start.
package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("compiled at start\n"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
