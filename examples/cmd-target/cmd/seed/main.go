// Command seed prints the catalog as JSON, for loading into another system.
// It is not part of the api image.
package main

import (
	"encoding/json"
	"os"

	"example.com/shop/internal/catalog"
)

func main() {
	json.NewEncoder(os.Stdout).Encode(catalog.Products())
}
