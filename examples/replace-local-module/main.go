// Command greeter greets in the language of the Accept-Language header,
// using the shared module that lives next to it (replace => ./shared).
package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/shared/greeting"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greeting.For(r.Header.Get("Accept-Language")))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
