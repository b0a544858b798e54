// Package catalog holds the products the shop sells.
package catalog

type Product struct {
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	Cents int    `json:"cents"`
}

func Products() []Product {
	return []Product{
		{SKU: "mug-01", Name: "Gopher mug", Cents: 1200},
		{SKU: "tee-02", Name: "Gopher T-shirt", Cents: 2500},
	}
}
