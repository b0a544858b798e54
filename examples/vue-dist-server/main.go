// Command todo-web serves the Vue front end built into ./dist (run `npm run build`
// in frontend/ before `docker build`) and a small JSON API under /api.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"sync"
)

type todo struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

var (
	mu    sync.Mutex
	todos = []todo{{ID: 1, Title: "Ship the container", Done: false}}
)

func list(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	defer mu.Unlock()
	switch r.Method {
	case http.MethodGet:
	case http.MethodPost:
		var t todo
		if err := json.NewDecoder(r.Body).Decode(&t); err != nil || t.Title == "" {
			http.Error(w, "expected {\"title\": \"...\"}", http.StatusBadRequest)
			return
		}
		t.ID = len(todos) + 1
		todos = append(todos, t)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(todos)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/todos", list)
	mux.Handle("/", http.FileServer(http.Dir("./dist")))
	log.Println("todo-web listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", mux))
}
