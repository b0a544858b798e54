// Package slug makes URL slugs: lower-case ASCII letters and digits joined by dashes.
package slug

import (
	"strings"
	"unicode"
)

// Make returns the slug of s: "Hello, World!" becomes "hello-world".
func Make(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}
