// Command server accepts jobs over HTTP; the worker (same image, started with
// command: /bin/worker in docker-compose.yml) processes them.
package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/jobs/internal/jobs"
)

func main() {
	http.HandleFunc("/jobs", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST a job name", http.StatusMethodNotAllowed)
			return
		}
		id := jobs.Enqueue(r.URL.Query().Get("name"))
		fmt.Fprintf(w, "queued %s\n", id)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
