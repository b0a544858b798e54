// Command clock shows the time in the container's zone (TZ, Europe/Paris in
// the image) and in the zones asked for: /?zone=Asia/Tokyo. Both need the
// zone database (/usr/share/zoneinfo) in the image.
package main

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		fmt.Fprintf(w, "local (%s): %s\n", now.Location(), now.Format(time.RFC3339))
		for _, name := range r.URL.Query()["zone"] {
			loc, err := time.LoadLocation(name)
			if err != nil {
				fmt.Fprintf(w, "%s: %v\n", name, err)
				continue
			}
			fmt.Fprintf(w, "%s: %s\n", name, now.In(loc).Format(time.RFC3339))
		}
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
