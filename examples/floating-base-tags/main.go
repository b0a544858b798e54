// Command uptime checks a list of HTTPS endpoints every minute and serves their last status.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

type status struct {
	URL       string    `json:"url"`
	Up        bool      `json:"up"`
	Code      int       `json:"code,omitempty"`
	Error     string    `json:"error,omitempty"`
	CheckedAt time.Time `json:"checked_at"`
}

var (
	mu       sync.RWMutex
	statuses = map[string]status{}
	client   = &http.Client{Timeout: 10 * time.Second}
)

func check(url string) status {
	s := status{URL: url, CheckedAt: time.Now().UTC()}
	resp, err := client.Get(url)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	resp.Body.Close()
	s.Code = resp.StatusCode
	s.Up = resp.StatusCode < 500
	return s
}

func poll(urls []string) {
	for {
		for _, url := range urls {
			s := check(url)
			mu.Lock()
			statuses[url] = s
			mu.Unlock()
		}
		time.Sleep(time.Minute)
	}
}

func main() {
	targets := os.Getenv("TARGETS")
	if targets == "" {
		targets = "https://go.dev,https://pkg.go.dev"
	}
	go poll(strings.Split(targets, ","))

	http.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		mu.RLock()
		defer mu.RUnlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(statuses)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
