package main

// The C code stands in for a C library such as SQLite (github.com/mattn/go-sqlite3):
// like any cgo binary, this one is linked dynamically against the builder's glibc,
// so the runtime image needs a glibc too.

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const char *data, size_t len) {
	uint32_t hash = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		hash ^= (unsigned char)data[i];
		hash *= 16777619u;
	}
	return hash;
}
*/
import "C"

import "unsafe"

// checksum hashes value with the C implementation of FNV-1a.
func checksum(value string) uint32 {
	p := C.CString(value)
	defer C.free(unsafe.Pointer(p))
	return uint32(C.fnv1a(p, C.size_t(len(value))))
}
