// Package greeting is shared by the services of this repository.
package greeting

import "strings"

var hello = map[string]string{"de": "Hallo", "en": "Hello", "fr": "Bonjour", "nl": "Hallo"}

// For greets in the first language of an Accept-Language header, in English otherwise.
func For(acceptLanguage string) string {
	lang := strings.ToLower(strings.TrimSpace(acceptLanguage))
	if len(lang) >= 2 {
		if word, ok := hello[lang[:2]]; ok {
			return word + "!"
		}
	}
	return hello["en"] + "!"
}
