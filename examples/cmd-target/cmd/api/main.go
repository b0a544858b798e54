// Command api serves the product catalog.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"example.com/shop/internal/catalog"
)

func main() {
	http.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(catalog.Products())
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
