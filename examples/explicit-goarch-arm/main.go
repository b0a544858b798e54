// Command ddns runs on an ARMv7 router: it looks up the public IP address
// every CHECK_INTERVAL and logs when it changes (where a real client would
// update a DNS record through the provider's HTTPS API).
package main

import (
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"time"
)

const lookupURL = "https://api.ipify.org"

func publicIP(client *http.Client) (string, error) {
	resp, err := client.Get(lookupURL)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64))
	return strings.TrimSpace(string(body)), err
}

func main() {
	interval, err := time.ParseDuration(os.Getenv("CHECK_INTERVAL"))
	if err != nil {
		interval = 5 * time.Minute
	}
	client := &http.Client{Timeout: 10 * time.Second}
	last := ""
	for {
		ip, err := publicIP(client)
		switch {
		case err != nil:
			log.Printf("lookup failed: %v", err)
		case ip != last:
			log.Printf("public IP is now %s (was %q)", ip, last)
			last = ip
		}
		time.Sleep(interval)
	}
}
