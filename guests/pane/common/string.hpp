// Declarations of the routines in string.cpp.
#pragma once

#include <cstddef>

extern "C" {
void* memset(void* dst, int value, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memcpy(void* dst, const void* src, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strlcpy_pane(char* dst, const char* src, size_t n);
}
