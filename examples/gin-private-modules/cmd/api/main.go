// Command api is the orders service: Gin for HTTP, the company's private
// platform-auth module for bearer-token checks.
package main

import (
	"log"
	"os"

	"github.com/acme-corp/orders-api/internal/handlers"
	"github.com/acme-corp/platform-auth/bearer"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	r.Use(gin.Logger(), gin.Recovery())
	r.GET("/healthz", handlers.Health)

	api := r.Group("/v1", bearer.Middleware(os.Getenv("AUTH_ISSUER")))
	api.GET("/orders/:id", handlers.GetOrder)
	api.POST("/orders", handlers.CreateOrder)

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := r.Run(":" + port); err != nil {
		log.Fatal(err)
	}
}
