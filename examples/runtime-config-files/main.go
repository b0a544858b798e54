// Command server reads its settings from the file named by -config and, at
// start, lists the SQL migrations in ./migrations that it would apply.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"sort"
	"strings"
)

// loadConfig reads the flat `key: value` subset of YAML that app.yml uses.
func loadConfig(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	config := map[string]string{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s: not a key: value line: %q", path, line)
		}
		config[strings.TrimSpace(key)] = strings.Trim(strings.TrimSpace(value), `"`)
	}
	return config, scanner.Err()
}

func migrations() ([]string, error) {
	entries, err := os.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".up.sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func main() {
	configPath := flag.String("config", "config.yml", "settings file")
	flag.Parse()
	config, err := loadConfig(*configPath)
	if err != nil {
		log.Fatalf("config: %v", err)
	}
	pending, err := migrations()
	if err != nil {
		log.Fatalf("migrations: %v", err)
	}
	log.Printf("%d migrations to apply: %s", len(pending), strings.Join(pending, ", "))

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s (%s), schema %d\n", config["name"], config["environment"], len(pending))
	})
	log.Fatal(http.ListenAndServe(":"+config["port"], nil))
}
