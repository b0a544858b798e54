package handlers

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"
)

type Order struct {
	ID    string `json:"id"`
	Item  string `json:"item" binding:"required"`
	Count int    `json:"count" binding:"required,min=1"`
}

var (
	mu     sync.RWMutex
	orders = map[string]Order{}
)

func Health(c *gin.Context) { c.String(http.StatusOK, "ok\n") }

func GetOrder(c *gin.Context) {
	mu.RLock()
	order, ok := orders[c.Param("id")]
	mu.RUnlock()
	if !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": "no such order"})
		return
	}
	c.JSON(http.StatusOK, order)
}

func CreateOrder(c *gin.Context) {
	var order Order
	if err := c.ShouldBindJSON(&order); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	mu.Lock()
	order.ID = strconv.Itoa(len(orders) + 1)
	orders[order.ID] = order
	mu.Unlock()
	c.JSON(http.StatusCreated, order)
}
