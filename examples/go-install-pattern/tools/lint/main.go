// Command lint is a developer tool in its own module: `go install ./...` at the root does not
// build it, so it is not in the image.
package main

import "fmt"

func main() { fmt.Println("lint: ok") }
