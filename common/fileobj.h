// fileobj.h — file objects: open() in text and binary mode, sys.stdout/stderr.
#ifndef PRICKLE_FILEOBJ_H
#define PRICKLE_FILEOBJ_H

#include "object.h"

extern Type FileType;

// The file objects wrapping the process's stdout and stderr.
Value file_stdout(void);
Value file_stderr(void);
// The file object reading the process's stdin (for sys.stdin / input()).
Value file_stdin(void);

// Write [s] to the file object [f] (a FileType, or any object with a
// write method through the nested path). -1 on error.
int file_write(Value f, Str *s);

// Flush [f] if it is a FileType. -1 on error.
int file_flush(Value f);

// Bytes the program has written to file descriptor [fd] (0..2, else 0)
// through file objects so far (flushed writes only): where a saved
// scheduler pickle's output starts (`prickle run --save-pickles`).
uint64_t file_bytes_written(int fd);

// builtins.open(file, mode='r', encoding=None, ...).
Value file_open(Value *args, int nargs, Tuple *kwnames);

// Register the file type's methods (called once at start-up).
void fileobj_init(void);

#endif
