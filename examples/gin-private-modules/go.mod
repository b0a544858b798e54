module github.com/acme-corp/orders-api

go 1.19

require (
	github.com/acme-corp/platform-auth v0.4.2
	github.com/gin-gonic/gin v1.9.1
)
