// Command worker processes queued jobs every -interval.
package main

import (
	"flag"
	"log"
	"time"

	"example.com/jobs/internal/jobs"
)

func main() {
	interval := flag.Duration("interval", 5*time.Second, "how often to poll for jobs")
	flag.Parse()
	for range time.Tick(*interval) {
		log.Printf("worker: %d jobs pending", jobs.Pending())
	}
}
