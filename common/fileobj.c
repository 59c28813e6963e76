// fileobj.c — file objects: open() in text and binary mode, sys.stdout,
// sys.stderr and sys.stdin.
//
// One File struct serves the four CPython classes (_io.TextIOWrapper and
// _io.BufferedReader/Writer/Random): a file descriptor with a read-ahead and
// a write buffer of our own. Text files add newline translation and the
// utf-8 / ascii / latin-1 codecs with CPython's error texts. Live files are
// tracked through weak links so that buffered data is flushed when a file is
// collected, before open() (so that a dropped writer's data is visible, as
// with CPython's reference counting) and at exit.
#include "fileobj.h"

#include "containers.h"
#include "err.h"
#include "func.h"
#include "helper.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { ENC_UTF8, ENC_ASCII, ENC_LATIN1 };
enum { ERRS_STRICT, ERRS_IGNORE, ERRS_REPLACE, ERRS_BACKSLASH, ERRS_OTHER };
// newline=None, '', '\n', '\r', '\r\n'
enum { NL_UNIVERSAL, NL_UNTRANSLATED, NL_LF, NL_CR, NL_CRLF };
// Kinds of newline seen (for the `newlines` attribute).
enum { SEEN_CR = 1, SEEN_LF = 2, SEEN_CRLF = 4 };

#define BUFSIZE 8192
#define STDOUT_BUFSIZE 65536

typedef struct {
    Obj obj;
    int fd;
    Value name;      // the `file` argument (str or int)
    Str *mode;       // the `mode` attribute
    Str *encoding;   // text files: the `encoding` attribute
    Str *errors;     // text files: the `errors` attribute
    uint8_t text;    // 1: TextIOWrapper; 0: a Buffered* object
    uint8_t enc;     // ENC_*
    uint8_t errs;    // ERRS_*
    uint8_t nl;      // NL_*
    uint8_t seen_nl; // SEEN_* bits
    uint8_t readable, writable, closed, closefd;
    uint8_t line_buffering; // flush after a write containing '\n'
    uint8_t unbuffered;     // binary buffering=0: write through
    uint8_t std;            // one of the process's standard streams
    uint8_t *rbuf;          // read-ahead (pointer-free GC memory)
    int64_t rpos, rlen, rcap;
    int64_t chunk_start; // text files: where the last chunk read starts in rbuf
    uint8_t *wbuf;       // pending writes
    int64_t wlen, wcap;
    int64_t slot; // index in the registry of live files, -1 if none
} File;

Type FileType; // _io.TextIOWrapper
static Type BufferedReaderType, BufferedWriterType, BufferedRandomType;

// ---- errors -------------------------------------------------------------------------

static Type *unsupported_type;

// io.UnsupportedOperation (created on first use; a subclass of OSError —
// CPython's also derives from ValueError, which single inheritance cannot).
static Value unsupported(const char *msg) {
    if (!unsupported_type) {
        Dict *ns = dict_new();
        dict_set_str(ns, str_intern_cstr("__module__"), (Value)str_intern_cstr("io"));
        dict_set_str(ns, str_intern_cstr("__qualname__"),
                     (Value)str_intern_cstr("UnsupportedOperation"));
        unsupported_type = type_new_class(str_intern_cstr("UnsupportedOperation"),
                                          tuple_pack(1, (Value)&OSErrorType), ns);
        if (!unsupported_type) return VAL_NULL;
    }
    return err_format(unsupported_type, "%s", msg);
}

// The OSError subclass CPython raises for errno [e].
static Type *errno_type(int e) {
    switch (e) {
    case ENOENT: return &FileNotFoundErrorType;
    case EEXIST: return &FileExistsErrorType;
    case EACCES:
    case EPERM: return &PermissionErrorType;
    case EISDIR: return &IsADirectoryErrorType;
    default: return &OSErrorType;
    }
}

// Raise OSError(errno, strerror) with the attributes errno, strerror,
// filename ([filename] or None) and filename2.
static Value raise_errno(int e, Value filename) {
    Value en = int_from_i64(e);
    Value msg = (Value)str_from_cstr(strerror(e));
    Exc *x = exc_new(errno_type(e), tuple_pack(2, en, msg));
    if (!x->dict) x->dict = dict_new();
    dict_set_str(x->dict, str_intern_cstr("errno"), en);
    dict_set_str(x->dict, str_intern_cstr("strerror"), msg);
    dict_set_str(x->dict, str_intern_cstr("filename"), filename ? filename : VAL_NONE);
    dict_set_str(x->dict, str_intern_cstr("filename2"), VAL_NONE);
    return err_raise((Value)x);
}

// str() of OSError and subclasses: "[Errno 2] No such file or directory: 'x'".
static Value (*base_exc_str)(Value);
static Value oserror_str(Value self) {
    Exc *e = (Exc *)self;
    Value en = VAL_NULL, se = VAL_NULL, fn = VAL_NULL;
    if (e->dict) {
        en = dict_get_str(e->dict, str_intern_cstr("errno"));
        se = dict_get_str(e->dict, str_intern_cstr("strerror"));
        fn = dict_get_str(e->dict, str_intern_cstr("filename"));
    }
    if (!se && e->args->len >= 2 && e->args->len <= 5) {
        // OSError(errno, strerror[, filename]) created from Python.
        en = e->args->items[0];
        se = e->args->items[1];
        fn = e->args->len >= 3 ? e->args->items[2] : VAL_NULL;
    }
    if (!se || se == VAL_NONE || !en) return base_exc_str(self);
    Str *es = obj_str(en), *ss = obj_str(se);
    if (!es || !ss) return VAL_NULL;
    if (fn && fn != VAL_NONE) {
        Str *fr = obj_repr(fn);
        if (!fr) return VAL_NULL;
        return (Value)str_printf("[Errno %S] %S: %S", es, ss, fr);
    }
    return (Value)str_printf("[Errno %S] %S", es, ss);
}

static Value closed_error(const char *msg) {
    return err_format(&ValueErrorType, "%s", msg);
}

#define CLOSED_DOT "I/O operation on closed file."
#define CLOSED_NODOT "I/O operation on closed file"

static inline File *self_file(Value v) {
    return (File *)v;
}

// Check that [f] is open; [text_msg]/[bin_msg] are CPython's messages.
static bool check_open(File *f, const char *text_msg, const char *bin_msg) {
    if (!f->closed) return true;
    closed_error(f->text ? text_msg : bin_msg);
    return false;
}

static bool check_readable(File *f) {
    if (f->readable) return true;
    unsupported(f->text ? "not readable" : "read");
    return false;
}

static bool check_writable(File *f) {
    if (f->writable) return true;
    unsupported(f->text ? "not writable" : "write");
    return false;
}

// ---- raw I/O ------------------------------------------------------------------------

// Bytes written so far to file descriptors 0..2 (file_bytes_written).
static uint64_t std_written[3];

uint64_t file_bytes_written(int fd) {
    return fd >= 0 && fd < 3 ? std_written[fd] : 0;
}

// Write all of [p, p+n) to [fd]; 0 or an errno.
static int write_all(int fd, const uint8_t *p, int64_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, (size_t)n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (fd >= 0 && fd < 3) std_written[fd] += (uint64_t)w;
        p += w;
        n -= w;
    }
    return 0;
}

// Write out the pending buffer without raising; 0 or an errno.
static int flush_raw(File *f) {
    if (f->wlen == 0) return 0;
    int e = write_all(f->fd, f->wbuf, f->wlen);
    f->wlen = 0;
    return e;
}

// Write out the pending buffer; -1 with OSError on failure.
static int flush_writes(File *f) {
    int e = flush_raw(f);
    if (e) {
        raise_errno(e, VAL_NULL);
        return -1;
    }
    return 0;
}

// Forget the read-ahead; binary files move the descriptor back to the
// logical position (text files keep CPython's behaviour of continuing after
// the decoded chunk).
static void drop_readahead(File *f, bool rewind) {
    int64_t ahead = f->rlen - f->rpos;
    if (ahead > 0 && rewind) lseek(f->fd, -ahead, SEEK_CUR);
    f->rpos = f->rlen = 0;
}

// The kinds of newline in [p, p+n) (SEEN_* bits).
static uint8_t scan_newlines(const uint8_t *p, int64_t n) {
    uint8_t seen = 0;
    for (int64_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            seen |= SEEN_LF;
        } else if (p[i] == '\r') {
            if (i + 1 < n && p[i + 1] == '\n') {
                seen |= SEEN_CRLF;
                i++;
            } else {
                seen |= SEEN_CR;
            }
        }
    }
    return seen;
}

// True if [f] reports the kinds of newline it read (`newlines`).
static inline bool tracks_newlines(File *f) {
    return f->text && (f->nl == NL_UNIVERSAL || f->nl == NL_UNTRANSLATED);
}

// Read more bytes after the unread ones. Returns the count (0 at EOF), -1
// with OSError on failure.
static int64_t fill(File *f) {
    if (f->wlen && flush_writes(f) < 0) return -1;
    if (f->rpos > 0) {
        memmove(f->rbuf, f->rbuf + f->rpos, (size_t)(f->rlen - f->rpos));
        f->rlen -= f->rpos;
        f->chunk_start = f->chunk_start > f->rpos ? f->chunk_start - f->rpos : 0;
        f->rpos = 0;
    }
    if (!f->rbuf || f->rlen == f->rcap) {
        int64_t cap = f->rcap ? f->rcap * 2 : BUFSIZE;
        uint8_t *nb = gc_alloc_atomic((size_t)cap);
        if (f->rlen) memcpy(nb, f->rbuf, (size_t)f->rlen);
        f->rbuf = nb;
        f->rcap = cap;
    }
    for (;;) {
        ssize_t r = read(f->fd, f->rbuf + f->rlen, (size_t)(f->rcap - f->rlen));
        if (r < 0) {
            if (errno == EINTR) continue;
            raise_errno(errno, VAL_NULL);
            return -1;
        }
        if (tracks_newlines(f)) {
            // CPython's decoder sees newlines a chunk at a time.
            f->chunk_start = f->rlen;
            f->seen_nl |= scan_newlines(f->rbuf + f->rlen, r);
        }
        f->rlen += r;
        return r;
    }
}

// Append [n] bytes to the write buffer (or write them through).
static int put_bytes(File *f, const uint8_t *p, int64_t n) {
    if (f->rlen) drop_readahead(f, !f->text);
    if (f->unbuffered) {
        int e = write_all(f->fd, p, n);
        if (e) return raise_errno(e, VAL_NULL), -1;
        return 0;
    }
    if (!f->wbuf) {
        f->wcap = f->fd == 1 ? STDOUT_BUFSIZE : BUFSIZE;
        f->wbuf = gc_alloc_atomic((size_t)f->wcap);
    }
    if (f->wlen + n > f->wcap) {
        if (flush_writes(f) < 0) return -1;
        if (n >= f->wcap) {
            int e = write_all(f->fd, p, n);
            if (e) return raise_errno(e, VAL_NULL), -1;
            return 0;
        }
    }
    memcpy(f->wbuf + f->wlen, p, (size_t)n);
    f->wlen += n;
    return 0;
}

// The current logical position; -1 with OSError.
static int64_t file_tell_raw(File *f) {
    off_t pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0) {
        raise_errno(errno, VAL_NULL);
        return -1;
    }
    return (int64_t)pos - (f->rlen - f->rpos) + f->wlen;
}

// ---- the registry of live files -------------------------------------------------------

// Weak slots in malloc'd memory (not scanned by the collector); each is a
// long link that the collector clears when its file is reclaimed.
static File **registry;
static int64_t registry_len, registry_cap;

static void file_finalize(void *obj, void *data) {
    File *f = obj;
    if (f->closed) return;
    flush_raw(f);
    if (f->closefd) close(f->fd);
    f->closed = 1;
}

static int64_t registry_hint; // where to look for a free slot first

static void registry_add(File *f) {
    int64_t i = registry_hint;
    while (i < registry_len && registry[i]) i++;
    if (i == registry_len && registry_len == registry_cap) {
        // Full: look again from the start before growing.
        i = 0;
        while (i < registry_len && registry[i]) i++;
    }
    if (i == registry_len) {
        if (registry_len == registry_cap) {
            int64_t cap = registry_cap ? registry_cap * 2 : 64;
            File **nr = calloc((size_t)cap, sizeof *nr);
            if (!nr) return; // no weak slot: the file is only flushed by close()
            // Move the registered links to the new array.
            for (int64_t k = 0; k < registry_len; k++) {
                nr[k] = registry[k];
                if (registry[k]) GC_move_long_link((void **)&registry[k], (void **)&nr[k]);
            }
            free(registry);
            registry = nr;
            registry_cap = cap;
        }
        registry_len++;
    }
    registry[i] = f;
    GC_register_long_link((void **)&registry[i], f);
    f->slot = i;
    registry_hint = i + 1;
    GC_register_finalizer_no_order(f, file_finalize, NULL, NULL, NULL);
}

static void registry_remove(File *f) {
    if (f->slot < 0) return;
    GC_unregister_long_link((void **)&registry[f->slot]);
    registry[f->slot] = NULL;
    if (f->slot < registry_hint) registry_hint = f->slot;
    f->slot = -1;
    GC_register_finalizer_no_order(f, NULL, NULL, NULL, NULL);
}

// Flush every live file with pending writes (errors are ignored here; the
// owner sees them on its own flush/close).
static void flush_all_raw(void) {
    for (int64_t i = 0; i < registry_len; i++) {
        File *f = registry[i];
        if (f && !f->closed && f->wlen) flush_raw(f);
    }
}

// ---- standard streams -------------------------------------------------------------------

static Value std_files[3];

static File *file_alloc(Type *t) {
    File *f = (File *)obj_alloc(t, sizeof(File));
    f->slot = -1;
    f->fd = -1;
    return f;
}

static Value make_std(int fd) {
    File *f = file_alloc(&FileType);
    static const char *const names[] = {"<stdin>", "<stdout>", "<stderr>"};
    f->fd = fd;
    f->name = (Value)str_intern_cstr(names[fd]);
    f->mode = str_intern_cstr(fd == 0 ? "r" : "w");
    f->encoding = str_intern_cstr("utf-8");
    f->errors = str_intern_cstr(fd == 2   ? "backslashreplace"
                                : fd == 1 ? "surrogateescape"
                                          : "strict");
    f->text = 1;
    f->enc = ENC_UTF8;
    f->errs = ERRS_STRICT;
    f->nl = NL_UNIVERSAL;
    f->readable = fd == 0;
    f->writable = fd != 0;
    f->closefd = 0;
    f->std = 1;
    f->line_buffering = fd == 1 && isatty(1);
    return (Value)f;
}

static Value std_file(int fd) {
    if (!std_files[fd]) std_files[fd] = make_std(fd);
    return std_files[fd];
}

Value file_stdout(void) {
    return std_file(1);
}
Value file_stderr(void) {
    return std_file(2);
}
Value file_stdin(void) {
    return std_file(0);
}

static void flush_std_at_exit(void) {
    for (int i = 1; i <= 2; i++)
        if (std_files[i] && !self_file(std_files[i])->closed) flush_raw(self_file(std_files[i]));
    flush_all_raw();
}

// ---- codecs --------------------------------------------------------------------------------

static const char *enc_name(File *f) {
    return f->enc == ENC_UTF8 ? "utf-8" : f->enc == ENC_ASCII ? "ascii" : "latin-1";
}

// An error handler other than strict/ignore/replace/backslashreplace.
static Value bad_handler(File *f) {
    const char *n = f->errors->data;
    if (!strcmp(n, "surrogateescape") || !strcmp(n, "surrogatepass") ||
        !strcmp(n, "xmlcharrefreplace") || !strcmp(n, "namereplace"))
        return err_format(&NotImplementedErrorType, "errors='%s' is not supported by prickle", n);
    return err_format(&LookupErrorType, "unknown error handler name '%s'", n);
}

// Length of the valid UTF-8 sequence at [s] (before [e]), or 0 with the
// length of the invalid range and CPython's reason.
static int utf8_check(const uint8_t *s, const uint8_t *e, int *errlen, const char **reason) {
    uint8_t c = s[0];
    if (c < 0x80) return 1;
    int need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c < 0xC2 || c > 0xF4) {
        *errlen = 1;
        *reason = "invalid start byte";
        return 0;
    }
    if (c < 0xE0) {
        need = 1;
    } else if (c < 0xF0) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    }
    for (int k = 1; k <= need; k++) {
        if (s + k >= e) {
            *errlen = (int)(e - s);
            *reason = "unexpected end of data";
            return 0;
        }
        uint8_t b = s[k];
        bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) {
            *errlen = k;
            *reason = "invalid continuation byte";
            return 0;
        }
    }
    return need + 1;
}

static Value decode_error(const char *enc, const uint8_t *s, int64_t start, int64_t len,
                          const char *reason) {
    if (len == 1)
        return err_format(&UnicodeDecodeErrorType,
                          "'%s' codec can't decode byte 0x%02x in position %lld: %s", enc, s[start],
                          (long long)start, reason);
    return err_format(&UnicodeDecodeErrorType,
                      "'%s' codec can't decode bytes in position %lld-%lld: %s", enc,
                      (long long)start, (long long)(start + len - 1), reason);
}

// Decode [n] bytes with the file's codec; NULL + UnicodeDecodeError.
static Str *decode(File *f, const uint8_t *s, int64_t n) {
    if (f->enc == ENC_UTF8) {
        int64_t i = 0;
        int errlen;
        const char *reason;
        while (i < n) {
            if (s[i] < 0x80) {
                i++;
                continue;
            }
            int k = utf8_check(s + i, s + n, &errlen, &reason);
            if (!k) break;
            i += k;
        }
        if (i == n) return str_new((const char *)s, n);
        // Slow path with an error handler.
        StrBuf b;
        strbuf_init(&b);
        strbuf_putn(&b, (const char *)s, i);
        while (i < n) {
            int k = s[i] < 0x80 ? 1 : utf8_check(s + i, s + n, &errlen, &reason);
            if (k) {
                strbuf_putn(&b, (const char *)s + i, k);
                i += k;
                continue;
            }
            switch (f->errs) {
            case ERRS_STRICT: decode_error("utf-8", s, i, errlen, reason); return NULL;
            case ERRS_IGNORE: break;
            case ERRS_REPLACE: strbuf_put_codepoint(&b, 0xFFFD); break;
            case ERRS_BACKSLASH:
                for (int j = 0; j < errlen; j++) strbuf_printf(&b, "\\x%02x", s[i + j]);
                break;
            default: bad_handler(f); return NULL;
            }
            i += errlen;
        }
        return strbuf_finish(&b);
    }
    StrBuf b;
    strbuf_init(&b);
    for (int64_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c < 0x80 || f->enc == ENC_LATIN1) {
            strbuf_put_codepoint(&b, c);
            continue;
        }
        switch (f->errs) {
        case ERRS_STRICT: decode_error("ascii", s, i, 1, "ordinal not in range(128)"); return NULL;
        case ERRS_IGNORE: break;
        case ERRS_REPLACE: strbuf_put_codepoint(&b, 0xFFFD); break;
        case ERRS_BACKSLASH: strbuf_printf(&b, "\\x%02x", c); break;
        default: bad_handler(f); return NULL;
        }
    }
    return strbuf_finish(&b);
}

static uint32_t next_codepoint(const uint8_t *p, int *n) {
    uint32_t c = p[0];
    if (c < 0x80) return *n = 1, c;
    if (c < 0xE0) return *n = 2, ((c & 0x1F) << 6) | (p[1] & 0x3F);
    if (c < 0xF0)
        return *n = 3, ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return *n = 4, ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
                       ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

// Encode the UTF-8 text [s] for a non-UTF-8 file into [b]; -1 on error.
static int encode_narrow(File *f, const uint8_t *s, int64_t n, StrBuf *b) {
    uint32_t limit = f->enc == ENC_ASCII ? 128 : 256;
    int64_t pos = 0;
    for (int64_t i = 0; i < n; pos++) {
        int k;
        uint32_t cp = next_codepoint(s + i, &k);
        i += k;
        if (cp < limit) {
            strbuf_putc(b, (char)cp);
            continue;
        }
        switch (f->errs) {
        case ERRS_STRICT: {
            const char *fmt = cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x";
            char esc[16];
            snprintf(esc, sizeof esc, fmt, cp);
            err_format(&UnicodeEncodeErrorType,
                       "'%s' codec can't encode character '%s' in position %lld: ordinal not in "
                       "range(%u)",
                       enc_name(f), esc, (long long)pos, limit);
            return -1;
        }
        case ERRS_IGNORE: break;
        case ERRS_REPLACE: strbuf_putc(b, '?'); break;
        case ERRS_BACKSLASH: {
            const char *fmt = cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x";
            strbuf_printf(b, fmt, cp);
            break;
        }
        default: bad_handler(f); return -1;
        }
    }
    return 0;
}

// ---- text and binary writes -----------------------------------------------------------------

// Write the str [s] to the text file [f] (already checked open/writable).
static int text_write(File *f, Str *s) {
    const uint8_t *p = (const uint8_t *)s->data;
    int64_t n = s->len;
    bool has_nl = f->line_buffering && memchr(p, '\n', (size_t)n);
    if (f->enc == ENC_UTF8 && (f->nl != NL_CR && f->nl != NL_CRLF)) {
        if (put_bytes(f, p, n) < 0) return -1;
    } else {
        StrBuf b;
        strbuf_init(&b);
        if (f->nl == NL_CR || f->nl == NL_CRLF) {
            const char *rep = f->nl == NL_CR ? "\r" : "\r\n";
            for (int64_t i = 0; i < n; i++) {
                if (p[i] == '\n')
                    strbuf_puts(&b, rep);
                else
                    strbuf_putc(&b, (char)p[i]);
            }
            if (f->enc != ENC_UTF8) {
                StrBuf c;
                strbuf_init(&c);
                if (encode_narrow(f, (const uint8_t *)b.data, b.len, &c) < 0) return -1;
                b = c;
            }
        } else if (encode_narrow(f, p, n, &b) < 0) {
            return -1;
        }
        if (put_bytes(f, (const uint8_t *)b.data, b.len) < 0) return -1;
    }
    if (has_nl && flush_writes(f) < 0) return -1;
    return 0;
}

// Write [v] to the open, writable file [f]; the count, or -1.
static int64_t write_value(File *f, Value v) {
    if (f->text) {
        if (!val_is(v, &StrType)) {
            err_format(&TypeErrorType, "write() argument must be str, not %s", obj_type_name(v));
            return -1;
        }
        if (f->std && f->fd == 2 && std_files[1]) {
            File *out = self_file(std_files[1]);
            if (!out->closed && flush_writes(out) < 0) return -1;
        }
        if (text_write(f, (Str *)v) < 0) return -1;
        if (f->std && f->fd == 2 && flush_writes(f) < 0) return -1;
        return ((Str *)v)->nchars;
    }
    if (!val_is(v, &BytesType)) {
        err_format(&TypeErrorType, "a bytes-like object is required, not '%s'", obj_type_name(v));
        return -1;
    }
    Bytes *b = (Bytes *)v;
    if (put_bytes(f, b->data, b->len) < 0) return -1;
    return b->len;
}

int file_write(Value fv, Str *s) {
    if (val_isinstance(fv, &FileType)) {
        File *f = self_file(fv);
        if (!check_open(f, CLOSED_DOT, "write to closed file") || !check_writable(f)) return -1;
        return write_value(f, (Value)s) < 0 ? -1 : 0;
    }
    // Any object with a write method (nested call).
    Value w = obj_getattr(fv, str_intern_cstr("write"));
    if (!w) return -1;
    Value arg = (Value)s;
    return obj_call(w, &arg, 1, NULL) ? 0 : -1;
}

int file_flush(Value fv) {
    if (!fv || !val_isinstance(fv, &FileType)) return 0;
    File *f = self_file(fv);
    if (f->closed) return 0;
    return flush_writes(f);
}

// ---- reads -----------------------------------------------------------------------------------

static Bytes *bytes_make(const uint8_t *p, int64_t n) {
    Bytes *b = gc_alloc_atomic(sizeof(Bytes) + (size_t)n + 1);
    b->obj.type = &BytesType;
    b->hash = -1;
    b->len = n;
    if (n) memcpy(b->data, p, (size_t)n);
    b->data[n] = 0;
    return b;
}

// Binary read of up to [n] bytes (n < 0: to EOF).
static Value bin_read(File *f, int64_t n) {
    while (n < 0 || f->rlen - f->rpos < n) {
        int64_t r = fill(f);
        if (r < 0) return VAL_NULL;
        if (r == 0) break;
    }
    int64_t avail = f->rlen - f->rpos;
    if (n < 0 || n > avail) n = avail;
    Bytes *b = bytes_make(f->rbuf + f->rpos, n);
    f->rpos += n;
    return (Value)b;
}

// Binary readline with at most [limit] bytes (limit < 0: no limit).
static Value bin_readline(File *f, int64_t limit) {
    int64_t scanned = 0;
    for (;;) {
        int64_t avail = f->rlen - f->rpos;
        int64_t upto = limit >= 0 && limit < avail ? limit : avail;
        uint8_t *nl = scanned < upto
                          ? memchr(f->rbuf + f->rpos + scanned, '\n', (size_t)(upto - scanned))
                          : NULL;
        if (nl) {
            int64_t n = nl - (f->rbuf + f->rpos) + 1;
            Bytes *b = bytes_make(f->rbuf + f->rpos, n);
            f->rpos += n;
            return (Value)b;
        }
        scanned = upto;
        if (limit >= 0 && avail >= limit) break;
        int64_t r = fill(f);
        if (r < 0) return VAL_NULL;
        if (r == 0) break;
    }
    int64_t avail = f->rlen - f->rpos;
    int64_t n = limit >= 0 && limit < avail ? limit : avail;
    Bytes *b = bytes_make(f->rbuf + f->rpos, n);
    f->rpos += n;
    return (Value)b;
}

// Make sure at least 2 unread bytes are buffered if the file has them.
static int peek2(File *f) {
    if (f->rlen - f->rpos >= 2) return 0;
    return fill(f) < 0 ? -1 : 0;
}

// Text read of up to [limit] characters (limit < 0: no limit); with [line],
// stop after the first line ending. Newlines are translated per f->nl.
static Str *text_read(File *f, int64_t limit, bool line) {
    StrBuf out;
    strbuf_init(&out);
    int64_t nchars = 0;
    bool utf8 = f->enc == ENC_UTF8;
    for (;;) {
        if (f->rpos >= f->rlen) {
            int64_t r = fill(f);
            if (r < 0) return NULL;
            if (r == 0) break;
        }
        const uint8_t *b = f->rbuf + f->rpos, *e = f->rbuf + f->rlen, *p = b;
        bool full = false;
        if (limit < 0 && utf8) {
            // Fast scan: stop at the next CR or LF.
            while (p < e && *p != '\n' && *p != '\r') p++;
        } else {
            while (p < e && *p != '\n' && *p != '\r') {
                if (!utf8 || (*p & 0xC0) != 0x80) {
                    if (limit >= 0 && nchars == limit) {
                        full = true;
                        break;
                    }
                    nchars++;
                }
                p++;
            }
        }
        strbuf_putn(&out, (const char *)b, p - b);
        f->rpos += p - b;
        if (full) break;
        if (p == e) continue;
        if (limit >= 0 && nchars >= limit) break;
        if (*p == '\n') {
            f->rpos++;
            strbuf_putc(&out, '\n');
            nchars++;
            if (line && f->nl != NL_CR && f->nl != NL_CRLF) break;
            continue;
        }
        // A carriage return.
        if (f->nl == NL_LF) {
            f->rpos++;
            strbuf_putc(&out, '\r');
            nchars++;
            continue;
        }
        if (f->nl == NL_CR) {
            f->rpos++;
            strbuf_putc(&out, '\r');
            nchars++;
            if (line) break;
            continue;
        }
        if (peek2(f) < 0) return NULL;
        bool crlf = f->rlen - f->rpos >= 2 && f->rbuf[f->rpos + 1] == '\n';
        if (f->nl == NL_UNIVERSAL) {
            f->rpos += crlf ? 2 : 1;
            strbuf_putc(&out, '\n');
            nchars++;
            if (line) break;
            continue;
        }
        if (crlf && (limit < 0 || limit - nchars >= 2)) {
            f->rpos += 2;
            strbuf_putn(&out, "\r\n", 2);
            nchars += 2;
            if (line) break;
            continue;
        }
        f->rpos++;
        strbuf_putc(&out, '\r');
        nchars++;
        if (f->nl == NL_UNTRANSLATED && line) break;
    }
    return decode(f, (const uint8_t *)out.data, out.len);
}

// One line (str or bytes); an empty one at EOF.
static Value read_line(File *f, int64_t limit) {
    if (f->text) return (Value)text_read(f, limit, true);
    return bin_readline(f, limit);
}

static inline int64_t value_len(Value v) {
    return val_is(v, &StrType) ? ((Str *)v)->len : ((Bytes *)v)->len;
}

// ---- argument helpers ------------------------------------------------------------------------

static bool no_kw(const char *name, Tuple *kw) {
    if (kw && kw->len) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", name);
        return false;
    }
    return true;
}

// "read expected at most 1 argument, got 2" (counting self out).
static bool at_most(const char *name, int nargs, int max) {
    if (nargs - 1 > max) {
        err_format(&TypeErrorType, "%s expected at most %d argument%s, got %d", name, max,
                   max == 1 ? "" : "s", nargs - 1);
        return false;
    }
    return true;
}

// A size argument: int, or None meaning -1.
static bool size_arg(Value v, int64_t *out) {
    if (v == VAL_NONE) return *out = -1, true;
    if (!val_is_int(v) && !(val_type(v)->dunders[DUNDER_INDEX])) {
        err_format(&TypeErrorType, "argument should be integer or None, not '%s'",
                   obj_type_name(v));
        return false;
    }
    return obj_to_int64(v, out);
}

// ---- methods ----------------------------------------------------------------------------------

static Value m_read(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("read", kw) || !at_most("read", nargs, 1)) return VAL_NULL;
    File *f = self_file(args[0]);
    int64_t n = -1;
    if (nargs > 1 && !size_arg(args[1], &n)) return VAL_NULL;
    if (!check_open(f, CLOSED_DOT, "read of closed file") || !check_readable(f)) return VAL_NULL;
    if (f->text) return (Value)text_read(f, n < 0 ? -1 : n, false);
    if (n < -1) return err_format(&ValueErrorType, "read length must be non-negative or -1");
    return bin_read(f, n);
}

static Value m_readline(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("readline", kw) || !at_most("readline", nargs, 1)) return VAL_NULL;
    File *f = self_file(args[0]);
    int64_t n = -1;
    if (nargs > 1) {
        if (f->text) {
            if (!obj_to_int64(args[1], &n)) return VAL_NULL;
        } else if (!size_arg(args[1], &n)) {
            return VAL_NULL;
        }
    }
    if (!check_open(f, CLOSED_DOT, "readline of closed file") || !check_readable(f))
        return VAL_NULL;
    return read_line(f, n < 0 ? -1 : n);
}

static Value m_readlines(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("readlines", kw) || !at_most("readlines", nargs, 1)) return VAL_NULL;
    File *f = self_file(args[0]);
    int64_t hint = -1;
    if (nargs > 1 && !size_arg(args[1], &hint)) return VAL_NULL;
    if (!check_open(f, CLOSED_DOT, CLOSED_DOT)) return VAL_NULL;
    if (!check_readable(f)) return VAL_NULL;
    List *l = list_new(0);
    int64_t total = 0;
    for (;;) {
        Value line = read_line(f, -1);
        if (!line) return VAL_NULL;
        int64_t n = value_len(line);
        if (n == 0) break;
        list_append(l, line);
        total += n;
        if (hint > 0 && total >= hint) break;
    }
    return (Value)l;
}

static Value m_write(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("write", kw)) return VAL_NULL;
    if (nargs != 2)
        return err_format(&TypeErrorType, "write() takes exactly one argument (%d given)",
                          nargs - 1);
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_DOT, "write to closed file") || !check_writable(f)) return VAL_NULL;
    int64_t n = write_value(f, args[1]);
    return n < 0 ? VAL_NULL : int_from_i64(n);
}

static Value do_close(File *f) {
    if (f->closed) return VAL_NONE;
    int e = flush_raw(f);
    f->closed = 1;
    registry_remove(f);
    if (f->closefd && !f->std && close(f->fd) < 0 && !e) e = errno;
    if (e) return raise_errno(e, VAL_NULL);
    return VAL_NONE;
}

static Value m_close(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("close", kw) || !at_most("close", nargs, 0)) return VAL_NULL;
    return do_close(self_file(args[0]));
}

static Value m_flush(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("flush", kw) || !at_most("flush", nargs, 0)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_DOT, f->writable ? "flush of closed file" : CLOSED_DOT))
        return VAL_NULL;
    return flush_writes(f) < 0 ? VAL_NULL : VAL_NONE;
}

static Value m_tell(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("tell", kw) || !at_most("tell", nargs, 0)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_DOT, CLOSED_NODOT)) return VAL_NULL;
    int64_t pos = file_tell_raw(f);
    if (pos >= 0 && tracks_newlines(f) && f->rpos > f->chunk_start) {
        // CPython's tell() re-decodes the current chunk up to the position.
        f->seen_nl = scan_newlines(f->rbuf + f->chunk_start, f->rpos - f->chunk_start);
    }
    return pos < 0 ? VAL_NULL : int_from_i64(pos);
}

static Value m_seek(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("seek", kw)) return VAL_NULL;
    if (nargs < 2)
        return err_format(&TypeErrorType, "seek expected at least 1 argument, got %d", nargs - 1);
    if (!at_most("seek", nargs, 2)) return VAL_NULL;
    File *f = self_file(args[0]);
    int64_t off, whence = 0;
    if (f->text && !val_is_int(args[1]) && !val_type(args[1])->dunders[DUNDER_INDEX])
        return err_format(&TypeErrorType, "'<' not supported between instances of '%s' and 'int'",
                          obj_type_name(args[1]));
    if (!obj_to_int64(args[1], &off)) return VAL_NULL;
    if (nargs > 2 && !obj_to_int64(args[2], &whence)) return VAL_NULL;
    int64_t orig_whence = whence;
    if (!check_open(f, CLOSED_DOT, "seek of closed file")) return VAL_NULL;
    if (f->text) {
        if (whence == 1 && off != 0) return unsupported("can't do nonzero cur-relative seeks");
        if (whence == 2 && off != 0) return unsupported("can't do nonzero end-relative seeks");
        if (whence < 0 || whence > 2)
            return err_format(&ValueErrorType, "invalid whence (%lld, should be 0, 1 or 2)",
                              (long long)whence);
        if (whence == 0 && off < 0)
            return err_format(&ValueErrorType, "negative seek position %lld", (long long)off);
        if (whence == 1) {
            // Seek to the current position (syncing the descriptor).
            if (flush_writes(f) < 0) return VAL_NULL;
            off = file_tell_raw(f);
            if (off < 0) return VAL_NULL;
            whence = 0;
        }
    }
    if (flush_writes(f) < 0) return VAL_NULL;
    if (whence == 1) off -= f->rlen - f->rpos;
    if (whence < INT32_MIN || whence > INT32_MAX) whence = -1;
    off_t r = lseek(f->fd, (off_t)off, (int)whence);
    if (r < 0) return raise_errno(errno, VAL_NULL);
    f->rpos = f->rlen = f->chunk_start = 0;
    if (orig_whence != 1) f->seen_nl = 0; // the decoder is reset
    return int_from_i64((int64_t)r);
}

static Value m_truncate(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("truncate", kw) || !at_most("truncate", nargs, 1)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_DOT, "truncate of closed file")) return VAL_NULL;
    if (!f->writable) return unsupported(f->text ? "not writable" : "truncate");
    if (flush_writes(f) < 0) return VAL_NULL;
    int64_t pos = file_tell_raw(f);
    if (pos < 0) return VAL_NULL;
    int64_t size = pos;
    if (nargs > 1 && args[1] != VAL_NONE && !obj_to_int64(args[1], &size)) return VAL_NULL;
    drop_readahead(f, false);
    lseek(f->fd, (off_t)pos, SEEK_SET);
    if (ftruncate(f->fd, (off_t)size) < 0) return raise_errno(errno, VAL_NULL);
    return int_from_i64(size);
}

static Value m_fileno(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("fileno", kw) || !at_most("fileno", nargs, 0)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_NODOT, CLOSED_NODOT)) return VAL_NULL;
    return int_from_i64(f->fd);
}

static Value m_isatty(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("isatty", kw) || !at_most("isatty", nargs, 0)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_NODOT, CLOSED_NODOT)) return VAL_NULL;
    return val_bool(isatty(f->fd));
}

static Value m_readable(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("readable", kw) || !at_most("readable", nargs, 0)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_NODOT, CLOSED_NODOT)) return VAL_NULL;
    return val_bool(f->readable);
}

static Value m_writable(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("writable", kw) || !at_most("writable", nargs, 0)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (f->text && !check_open(f, CLOSED_NODOT, CLOSED_NODOT)) return VAL_NULL;
    return val_bool(f->writable);
}

static Value m_seekable(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("seekable", kw) || !at_most("seekable", nargs, 0)) return VAL_NULL;
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_NODOT, CLOSED_NODOT)) return VAL_NULL;
    return val_bool(lseek(f->fd, 0, SEEK_CUR) >= 0);
}

static Value m_enter(Value *args, int nargs, Tuple *kw) {
    if (nargs != 1 || (kw && kw->len))
        return err_format(&TypeErrorType, "_IOBase.__enter__() takes no arguments (%d given)",
                          nargs - 1);
    File *f = self_file(args[0]);
    if (!check_open(f, CLOSED_DOT, CLOSED_DOT)) return VAL_NULL;
    return args[0];
}

static Value m_exit(Value *args, int nargs, Tuple *kw) {
    // __exit__(*args): close and let any exception propagate.
    return do_close(self_file(args[0]));
}

static Value file_iter(Value self) {
    File *f = self_file(self);
    if (!check_open(f, CLOSED_DOT, CLOSED_DOT)) return VAL_NULL;
    return self;
}

static Value file_next(Value self) {
    File *f = self_file(self);
    if (!check_open(f, CLOSED_DOT, "readline of closed file") || !check_readable(f))
        return VAL_NULL;
    Value line = read_line(f, -1);
    if (!line) return VAL_NULL;
    return value_len(line) ? line : ITER_DONE;
}

static Value m_iter(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("__iter__", kw) || !at_most("__iter__", nargs, 0)) return VAL_NULL;
    return file_iter(args[0]);
}

static Value m_next(Value *args, int nargs, Tuple *kw) {
    if (!no_kw("__next__", kw) || !at_most("__next__", nargs, 0)) return VAL_NULL;
    Value r = file_next(args[0]);
    if (r == ITER_DONE) return err_raise_args(&StopIterationType, NULL);
    return r;
}

// writelines(lines) runs as a helper: the lines may come from a generator.
enum { WL_ITER = 2, WL_NFIELDS };
enum { WL_ENTRY, WL_GOT_ITER, WL_GOT_ITEM };

static HelperStatus writelines_step(Helper *h, Value in, Value *out) {
    Tuple *a = (Tuple *)h->fields[HF_ARGS];
    File *f = self_file(a->items[0]);
    switch (h->label) {
    case WL_ENTRY: {
        Value kw = h->fields[HF_KWARGS];
        if (kw != VAL_NONE && ((Dict *)kw)->used) {
            err_format(&TypeErrorType, "writelines() takes no keyword arguments");
            return HS_RAISE;
        }
        if (a->len != 2) {
            err_format(&TypeErrorType, "writelines() takes exactly one argument (%d given)",
                       (int)a->len - 1);
            return HS_RAISE;
        }
        if (!check_open(f, CLOSED_DOT, CLOSED_DOT)) return HS_RAISE;
        Value lines = a->items[1];
        if (val_is(lines, &ListType) || val_is(lines, &TupleType)) {
            for (int64_t i = 0;; i++) {
                bool is_list = val_is(lines, &ListType);
                int64_t n = is_list ? ((List *)lines)->len : ((Tuple *)lines)->len;
                if (i >= n) break;
                Value x = is_list ? ((List *)lines)->items[i] : ((Tuple *)lines)->items[i];
                if (!check_open(f, CLOSED_DOT, "write to closed file") || !check_writable(f) ||
                    write_value(f, x) < 0)
                    return HS_RAISE;
            }
            *out = VAL_NONE;
            return HS_RETURN;
        }
        Value iter_fn = VAL_NULL;
        if (val_type(lines)->flags & TF_HEAPTYPE) iter_fn = builtin_lookup("builtins.iter");
        if (iter_fn) return helper_call(h, WL_GOT_ITER, iter_fn, tuple_pack(1, lines), NULL);
        Value it = obj_iter(lines);
        if (!it) return HS_RAISE;
        h->fields[WL_ITER] = it;
        return helper_next(h, WL_GOT_ITEM, it);
    }
    case WL_GOT_ITER:
        if (!in) return HS_RAISE;
        h->fields[WL_ITER] = in;
        return helper_next(h, WL_GOT_ITEM, in);
    case WL_GOT_ITEM:
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) {
            *out = VAL_NONE;
            return HS_RETURN;
        }
        if (!check_open(f, CLOSED_DOT, "write to closed file") || !check_writable(f) ||
            write_value(f, in) < 0)
            return HS_RAISE;
        return helper_next(h, WL_GOT_ITEM, h->fields[WL_ITER]);
    }
    err_format(&SystemErrorType, "writelines: bad resume label %d", (int)h->label);
    return HS_RAISE;
}

// args[0] is the file written to.
static bool writelines_validate(Helper *h) {
    return helper_check_self(h, &FileType);
}
HELPER_CHECKED(writelines_def, "_io.TextIOWrapper.writelines", writelines_step, writelines_validate,
               "args:t kwargs:W iter:v", "entry", "got_iter", "got_item")

static const MethodDef file_methods[] = {
    {"read", m_read, 0, NULL},
    {"readline", m_readline, 0, NULL},
    {"readlines", m_readlines, 0, NULL},
    {"write", m_write, 0, NULL},
    {"writelines", NULL, 0, &writelines_def},
    {"close", m_close, 0, NULL},
    {"flush", m_flush, 0, NULL},
    {"seek", m_seek, 0, NULL},
    {"tell", m_tell, 0, NULL},
    {"truncate", m_truncate, 0, NULL},
    {"fileno", m_fileno, 0, NULL},
    {"isatty", m_isatty, 0, NULL},
    {"readable", m_readable, 0, NULL},
    {"writable", m_writable, 0, NULL},
    {"seekable", m_seekable, 0, NULL},
    {"__enter__", m_enter, 0, NULL},
    {"__exit__", m_exit, 0, NULL},
    {"__iter__", m_iter, 0, NULL},
    {"__next__", m_next, 0, NULL},
    {NULL, NULL, 0, NULL},
};

// ---- attributes, repr ---------------------------------------------------------------------

static Value newlines_value(File *f) {
    static const char *const kinds[] = {"\r", "\n", "\r\n"};
    int n = 0;
    Value items[3];
    for (int i = 0; i < 3; i++)
        if (f->seen_nl & (1 << i)) items[n++] = (Value)str_intern_cstr(kinds[i]);
    if (n == 0) return VAL_NONE;
    if (n == 1) return items[0];
    return (Value)tuple_from(items, n);
}

static Value file_getattr(Value self, Str *name) {
    File *f = self_file(self);
    if (str_eq_cstr(name, "name")) return f->name;
    if (str_eq_cstr(name, "mode")) return (Value)f->mode;
    if (str_eq_cstr(name, "closed")) return val_bool(f->closed);
    if (f->text) {
        if (str_eq_cstr(name, "encoding")) return (Value)f->encoding;
        if (str_eq_cstr(name, "errors")) return (Value)f->errors;
        if (str_eq_cstr(name, "newlines")) return newlines_value(f);
        if (str_eq_cstr(name, "line_buffering")) return val_bool(f->line_buffering);
    }
    return VAL_NULL; // methods: generic lookup
}

static Value file_repr(Value self) {
    File *f = self_file(self);
    Str *n = obj_repr(f->name);
    if (!n) return VAL_NULL;
    if (f->text) {
        Str *m = str_repr(f->mode), *e = str_repr(f->encoding);
        return (Value)str_printf("<_io.TextIOWrapper name=%S mode=%S encoding=%S>", n, m, e);
    }
    return (Value)str_printf("<%s name=%S>", val_type(self)->name, n);
}

// TextIOWrapper(buffer, ...) wraps a binary stream object, which prickle
// does not have: files come from open().
static Value file_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (nargs == 0)
        return err_format(&TypeErrorType,
                          "TextIOWrapper() missing required argument 'buffer' (pos 1)");
    return err_format(&NotImplementedErrorType,
                      "TextIOWrapper() is not supported by prickle: use open()");
}

Type FileType = {
    .obj = {&TypeType},
    .name = "_io.TextIOWrapper",
    .inst_size = sizeof(File),
    .tp_new = file_tp_new,
    .tp_repr = file_repr,
    .tp_iter = file_iter,
    .tp_next = file_next,
    .tp_getattr = file_getattr,
};

#define BUFFERED_TYPE(var, pyname)                                                                 \
    static Type var = {                                                                            \
        .obj = {&TypeType},                                                                        \
        .name = pyname,                                                                            \
        .base = &FileType,                                                                         \
        .inst_size = sizeof(File),                                                                 \
        .tp_repr = file_repr,                                                                      \
        .tp_iter = file_iter,                                                                      \
        .tp_next = file_next,                                                                      \
        .tp_getattr = file_getattr,                                                                \
    };
BUFFERED_TYPE(BufferedReaderType, "_io.BufferedReader")
BUFFERED_TYPE(BufferedWriterType, "_io.BufferedWriter")
BUFFERED_TYPE(BufferedRandomType, "_io.BufferedRandom")

// ---- open() ------------------------------------------------------------------------------------

// Normalise an encoding name to one of ENC_*; -1 + error when unsupported.
static int parse_encoding(Str *s) {
    char buf[64];
    int64_t n = 0;
    for (int64_t i = 0; i < s->len && n < (int64_t)sizeof buf - 1; i++) {
        char c = s->data[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c == '_' || c == ' ') c = '-';
        buf[n++] = c;
    }
    buf[n] = 0;
    if (s->len >= (int64_t)sizeof buf) buf[0] = 0;
    static const char *const utf8[] = {"utf-8", "utf8", "u8", "utf", "cp65001", "locale", NULL};
    static const char *const ascii[] = {"ascii", "us-ascii", "646", "us", NULL};
    static const char *const latin1[] = {"latin-1", "latin1", "iso-8859-1", "iso8859-1",  "8859",
                                         "cp819",   "l1",     "latin",      "iso-ir-100", NULL};
    for (int i = 0; utf8[i]; i++)
        if (!strcmp(buf, utf8[i])) return ENC_UTF8;
    for (int i = 0; ascii[i]; i++)
        if (!strcmp(buf, ascii[i])) return ENC_ASCII;
    for (int i = 0; latin1[i]; i++)
        if (!strcmp(buf, latin1[i])) return ENC_LATIN1;
    static const char *const known_prefixes[] = {
        "utf-16", "utf-32", "utf-7", "cp",  "iso-8859", "iso8859", "windows-", "koi8",
        "mac-",   "big5",   "gb",    "euc", "shift",    "latin-",  NULL};
    for (int i = 0; known_prefixes[i]; i++)
        if (!strncmp(buf, known_prefixes[i], strlen(known_prefixes[i])))
            return err_format(
                       &NotImplementedErrorType,
                       "encoding '%S' is not supported by prickle (utf-8, ascii and latin-1 are)",
                       s),
                   -1;
    err_format(&LookupErrorType, "unknown encoding: %S", s);
    return -1;
}

static int parse_errors(Str *s) {
    if (str_eq_cstr(s, "strict")) return ERRS_STRICT;
    if (str_eq_cstr(s, "ignore")) return ERRS_IGNORE;
    if (str_eq_cstr(s, "replace")) return ERRS_REPLACE;
    if (str_eq_cstr(s, "backslashreplace")) return ERRS_BACKSLASH;
    return ERRS_OTHER; // reported when an error actually occurs, as CPython does
}

// Check that [v] is a str or None for argument [what] of open().
static bool str_or_none(Value v, const char *what) {
    if (v == VAL_NONE || val_is(v, &StrType)) return true;
    err_format(&TypeErrorType, "open() argument '%s' must be str or None, not %s", what,
               obj_type_name(v));
    return false;
}

Value file_open(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"file",   "mode",    "buffering", "encoding",
                                        "errors", "newline", "closefd",   "opener"};
    enum { A_FILE, A_MODE, A_BUF, A_ENC, A_ERRS, A_NL, A_CLOSEFD, A_OPENER, A_N };
    int nkw = kwnames ? (int)kwnames->len : 0;
    int npos = nargs - nkw;
    if (nargs > A_N)
        return err_format(&TypeErrorType, "open() takes at most 8 arguments (%d given)", nargs);
    Value a[A_N] = {0};
    for (int i = 0; i < npos; i++) a[i] = args[i];
    for (int k = 0; k < nkw; k++) {
        Str *n = (Str *)kwnames->items[k];
        int i = 0;
        while (i < A_N && !str_eq_cstr(n, names[i])) i++;
        if (i == A_N)
            return err_format(&TypeErrorType, "'%S' is an invalid keyword argument for open()", n);
        if (a[i])
            return err_format(&TypeErrorType,
                              "argument for open() given by name ('%s') and position (%d)",
                              names[i], i + 1);
        a[i] = args[npos + k];
    }
    if (!a[A_FILE])
        return err_format(&TypeErrorType, "open() missing required argument 'file' (pos 1)");
    Value file = a[A_FILE];
    if (!val_is(file, &StrType) && !val_is_int(file))
        return err_format(&TypeErrorType, "expected str, bytes or os.PathLike object, not %s",
                          obj_type_name(file));
    Str *mode = a[A_MODE] ? (Str *)a[A_MODE] : str_intern_cstr("r");
    if (!val_is((Value)mode, &StrType))
        return err_format(&TypeErrorType, "open() argument 'mode' must be str, not %s",
                          obj_type_name((Value)mode));
    int64_t buffering = -1;
    if (a[A_BUF] && !obj_to_int64(a[A_BUF], &buffering)) return VAL_NULL;
    if ((a[A_ENC] && !str_or_none(a[A_ENC], "encoding")) ||
        (a[A_ERRS] && !str_or_none(a[A_ERRS], "errors")) ||
        (a[A_NL] && !str_or_none(a[A_NL], "newline")))
        return VAL_NULL;
    Value encoding = a[A_ENC] ? a[A_ENC] : VAL_NONE;
    Value errors = a[A_ERRS] ? a[A_ERRS] : VAL_NONE;
    Value newline = a[A_NL] ? a[A_NL] : VAL_NONE;
    bool closefd = true;
    if (a[A_CLOSEFD]) {
        int t = obj_truth(a[A_CLOSEFD]);
        if (t < 0) return VAL_NULL;
        closefd = t;
    }
    if (!closefd && !val_is_int(file))
        return err_format(&ValueErrorType, "Cannot use closefd=False with file name");
    if (a[A_OPENER] && a[A_OPENER] != VAL_NONE)
        return err_format(&NotImplementedErrorType, "open(opener=...) is not supported by prickle");

    // Parse the mode as _io.open does.
    bool creating = false, reading = false, writing = false, appending = false, updating = false,
         text = false, binary = false;
    for (int64_t i = 0; i < mode->len; i++) {
        char c = mode->data[i];
        bool *flag = c == 'x'   ? &creating
                     : c == 'r' ? &reading
                     : c == 'w' ? &writing
                     : c == 'a' ? &appending
                     : c == '+' ? &updating
                     : c == 't' ? &text
                     : c == 'b' ? &binary
                                : NULL;
        if (!flag || *flag) {
            Str *r = str_repr(mode);
            return err_format(&ValueErrorType, "invalid mode: %S", r);
        }
        *flag = true;
    }
    if (text && binary)
        return err_format(&ValueErrorType, "can't have text and binary mode at once");
    int nmodes = creating + reading + writing + appending;
    if (nmodes > 1)
        return err_format(&ValueErrorType,
                          "must have exactly one of create/read/write/append mode");
    if (nmodes == 0)
        return err_format(
            &ValueErrorType,
            "Must have exactly one of create/read/write/append mode and at most one plus");
    if (binary && encoding != VAL_NONE)
        return err_format(&ValueErrorType, "binary mode doesn't take an encoding argument");
    if (binary && errors != VAL_NONE)
        return err_format(&ValueErrorType, "binary mode doesn't take an errors argument");
    if (binary && newline != VAL_NONE)
        return err_format(&ValueErrorType, "binary mode doesn't take a newline argument");
    if (!binary && buffering == 0)
        return err_format(&ValueErrorType, "can't have unbuffered text I/O");
    int nl = NL_UNIVERSAL;
    if (newline != VAL_NONE) {
        Str *s = (Str *)newline;
        if (s->len == 0)
            nl = NL_UNTRANSLATED;
        else if (str_eq_cstr(s, "\n"))
            nl = NL_LF;
        else if (str_eq_cstr(s, "\r"))
            nl = NL_CR;
        else if (str_eq_cstr(s, "\r\n"))
            nl = NL_CRLF;
        else
            return err_format(&ValueErrorType, "illegal newline value: %S", s);
    }
    int enc = ENC_UTF8;
    if (encoding != VAL_NONE && (enc = parse_encoding((Str *)encoding)) < 0) return VAL_NULL;

    // Open the descriptor.
    int flags = O_CLOEXEC;
    bool readable = reading || updating, writable = !reading || updating;
    flags |= readable && writable ? O_RDWR : readable ? O_RDONLY : O_WRONLY;
    if (writing) flags |= O_CREAT | O_TRUNC;
    if (appending) flags |= O_CREAT | O_APPEND;
    if (creating) flags |= O_CREAT | O_EXCL;
    int fd;
    if (val_is_int(file)) {
        int64_t n = int_value(file);
        if (n < 0 || n > INT32_MAX) return err_format(&ValueErrorType, "negative file descriptor");
        fd = (int)n;
        struct stat st;
        if (fstat(fd, &st) < 0) return raise_errno(errno, VAL_NULL);
    } else {
        Str *path = (Str *)file;
        if (memchr(path->data, 0, (size_t)path->len))
            return err_format(&ValueErrorType, "embedded null byte");
        // Make data of dropped writers visible (CPython would have flushed
        // them when their last reference went away).
        flush_all_raw();
        fd = open(path->data, flags, 0666);
        if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
            // Unreachable files may still hold descriptors: collect them.
            GC_gcollect();
            GC_invoke_finalizers();
            fd = open(path->data, flags, 0666);
        }
        if (fd < 0) return raise_errno(errno, file);
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            return raise_errno(EISDIR, file);
        }
    }
    if (appending) lseek(fd, 0, SEEK_END);

    Type *t = !binary                ? &FileType
              : readable && writable ? &BufferedRandomType
              : readable             ? &BufferedReaderType
                                     : &BufferedWriterType;
    File *f = file_alloc(t);
    f->fd = fd;
    f->name = file;
    f->text = !binary;
    f->readable = readable;
    f->writable = writable;
    f->closefd = val_is_int(file) ? closefd : 1;
    f->nl = (uint8_t)nl;
    f->enc = (uint8_t)enc;
    if (binary) {
        const char *m = creating    ? (readable ? "xb+" : "xb")
                        : appending ? (readable ? "ab+" : "ab")
                        : readable  ? (writable ? "rb+" : "rb")
                                    : "wb";
        f->mode = str_intern_cstr(m);
        f->unbuffered = buffering == 0;
    } else {
        f->mode = mode;
        f->encoding = encoding != VAL_NONE ? (Str *)encoding : str_intern_cstr("UTF-8");
        f->errors = errors != VAL_NONE ? (Str *)errors : str_intern_cstr("strict");
        f->errs = (uint8_t)parse_errors(f->errors);
        f->line_buffering = buffering == 1 || (buffering < 0 && isatty(fd));
    }
    registry_add(f);
    return (Value)f;
}

// ---- start-up
// ------------------------------------------------------------------------------------

void fileobj_init(void) {
    type_ready(&FileType);
    Type *types[] = {&FileType, &BufferedReaderType, &BufferedWriterType, &BufferedRandomType};
    for (int i = 0; i < 4; i++) {
        Type *t = types[i];
        type_ready(t);
        // __name__ without the module, which is _io.
        const char *dot = strchr(t->name, '.');
        t->name_str = str_intern_cstr(dot + 1);
        t->qualname = t->name_str;
        t->module = str_intern_cstr("_io");
    }
    type_add_methods(&FileType, file_methods);
    helper_register(&writelines_def);
    helper_expect_nfields(&writelines_def, WL_NFIELDS);

    // OSError's str() with errno/strerror/filename, unless err.c already
    // provides a specialised one.
    base_exc_str = BaseExceptionType.tp_str;
    Type *os_types[] = {&OSErrorType, &FileNotFoundErrorType, &FileExistsErrorType,
                        &PermissionErrorType, &IsADirectoryErrorType};
    for (int i = 0; i < 5; i++)
        if (os_types[i]->tp_str == base_exc_str) os_types[i]->tp_str = oserror_str;
    atexit(flush_std_at_exit);
}
