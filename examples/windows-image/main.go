// Command winapp reports the OS it runs on; its image is Windows Server Core.
package main

import (
	"fmt"
	"log"
	"net/http"
	"runtime"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from %s/%s\n", runtime.GOOS, runtime.GOARCH)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
