// Command quotes serves a quote of the day fetched from an HTTPS API, so the
// image needs CA certificates to verify the API's server certificate.
package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
)

const upstream = "https://zenquotes.io/api/today"

type quote struct {
	Text   string `json:"q"`
	Author string `json:"a"`
}

func today(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(upstream)
	if err != nil {
		http.Error(w, "upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		http.Error(w, "upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	var quotes []quote
	if err := json.Unmarshal(body, &quotes); err != nil || len(quotes) == 0 {
		http.Error(w, "upstream sent no quote", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(quotes[0])
}

func main() {
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	http.HandleFunc("/", today)
	addr := ":" + getenv("PORT", "8080")
	log.Printf("quotes listening on %s, upstream %s", addr, upstream)
	log.Fatal(http.ListenAndServe(addr, nil))
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
