// Command inventory serves a small JSON API over the items of a shop's stock.
package main

import (
	"log"

	"github.com/gin-gonic/gin"
)

func main() {
	router := gin.Default()
	router.GET("/healthz", func(c *gin.Context) { c.String(200, "ok") })
	router.GET("/items", listItems)
	router.GET("/items/:sku", getItem)
	router.POST("/items", addItem)

	// Fine with `go run .` on a laptop; inside a container nothing outside can reach it.
	if err := router.Run("localhost:8080"); err != nil {
		log.Fatal(err)
	}
}
