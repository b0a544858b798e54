// Command wordcount counts the words on stdin with a C function. The builder
// is alpine with build-base, so cgo is on and the binary links against musl.
package main

/*
#include <ctype.h>
#include <stddef.h>

static size_t count_words(const char *s, size_t n) {
	size_t words = 0;
	int in_word = 0;
	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			in_word = 0;
		} else if (!in_word) {
			in_word = 1;
			words++;
		}
	}
	return words;
}
*/
import "C"

import (
	"fmt"
	"io"
	"log"
	"os"
	"unsafe"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		log.Fatal(err)
	}
	if len(data) == 0 {
		fmt.Println(0)
		return
	}
	fmt.Println(uint64(C.count_words((*C.char)(unsafe.Pointer(&data[0])), C.size_t(len(data)))))
}
