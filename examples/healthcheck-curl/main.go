// Command server answers /healthz for the HEALTHCHECK and counts requests on /.
package main

import (
	"fmt"
	"log"
	"net/http"
	"sync/atomic"
)

func main() {
	var hits int64
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hit %d\n", atomic.AddInt64(&hits, 1))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
