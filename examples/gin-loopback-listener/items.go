package main

import (
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
)

type item struct {
	SKU      string  `json:"sku" binding:"required"`
	Name     string  `json:"name" binding:"required"`
	Price    float64 `json:"price"`
	Quantity int     `json:"quantity"`
}

var (
	mu    sync.RWMutex
	items = []item{
		{SKU: "MUG-01", Name: "Enamel mug", Price: 12.50, Quantity: 40},
		{SKU: "TEE-02", Name: "Gopher T-shirt", Price: 22.00, Quantity: 15},
	}
)

func listItems(c *gin.Context) {
	mu.RLock()
	defer mu.RUnlock()
	c.JSON(http.StatusOK, items)
}

func getItem(c *gin.Context) {
	mu.RLock()
	defer mu.RUnlock()
	for _, it := range items {
		if it.SKU == c.Param("sku") {
			c.JSON(http.StatusOK, it)
			return
		}
	}
	c.JSON(http.StatusNotFound, gin.H{"error": "no such item"})
}

func addItem(c *gin.Context) {
	var it item
	if err := c.ShouldBindJSON(&it); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	mu.Lock()
	defer mu.Unlock()
	items = append(items, it)
	c.JSON(http.StatusCreated, it)
}
