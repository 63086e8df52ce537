#ifndef TAPNIRS_CNCURSESW_SHIM_H
#define TAPNIRS_CNCURSESW_SHIM_H
/* ncursesw's wide-character API, with its macros, globals and variadic calls wrapped as
 * plain functions so no Swift code touches them directly. */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *tn_stdscr(void) { return stdscr; }
static inline int tn_lines(void) { return LINES; }
static inline int tn_cols(void) { return COLS; }
static inline int tn_err(void) { return ERR; }
static inline int tn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tn_key_resize(void) { return KEY_RESIZE; }
static inline int tn_key_enter(void) { return KEY_ENTER; }
static inline int tn_key_backspace(void) { return KEY_BACKSPACE; }
static inline attr_t tn_a_normal(void) { return A_NORMAL; }
static inline attr_t tn_a_bold(void) { return A_BOLD; }
static inline attr_t tn_a_dim(void) { return A_DIM; }
static inline attr_t tn_a_reverse(void) { return A_REVERSE; }
static inline attr_t tn_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }
static inline int tn_attrset(WINDOW *w, attr_t a) { return wattrset(w, (int)a); }
static inline int tn_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int tn_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int tn_put(WINDOW *w, int y, int x, const wchar_t *s, int n) { return mvwaddnwstr(w, y, x, s, n); }
static inline int tn_get_wch(WINDOW *w, wint_t *ch) { return wget_wch(w, ch); }
/* The process's own stdin/stdout, so Swift need not touch the stdio globals. */
static inline SCREEN *tn_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
static inline int tn_setlocale_from_environment(void) { return setlocale(LC_ALL, "") != NULL; }
static inline int tn_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (codeset[0] == 'U' || codeset[0] == 'u') && (codeset[1] == 'T' || codeset[1] == 't');
}
#endif
