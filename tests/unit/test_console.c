/*
 * Unit tests of kernel/core/console.c: the core's log primitives and the
 * per-partition console lines.
 */
#include <string.h>

#include "mock_arch.h"

static struct partition part;

static int setup(void **state)
{
    (void)state;
    mock_reset();
    memset(&part, 0, sizeof part);
    return 0;
}

static void put_str(const char *s)
{
    while (*s != '\0') {
        console_putc(&part, "p1", (uint8_t)*s);
        s++;
    }
}

static void put_n(char c, uint32_t n)
{
    while (n-- > 0u) {
        console_putc(&part, "p1", (uint8_t)c);
    }
}

/* ---------------------------------------------------------- log_* ---- */

static void test_log_puts_and_nl(void **state)
{
    (void)state;
    log_puts("Proteus");
    log_puts("");
    log_nl();
    assert_string_equal(mock_uart_text(), "Proteus\n");
}

/* @req HM-003 CORE-001 */
static void test_log_hex32(void **state)
{
    (void)state;
    log_hex32(0u);
    log_nl();
    log_hex32(0xDEADBEEFu);
    log_nl();
    log_hex32(0xFFFFFFFFu);
    log_nl();
    log_hex32(0x01234567u);
    assert_string_equal(mock_uart_text(),
                        "0x00000000\n0xdeadbeef\n0xffffffff\n0x01234567");
}

/* @req HM-003 */
static void test_log_dec(void **state)
{
    static const uint32_t values[] = { 0u, 7u, 10u, 99u, 100u, 3333333u,
                                       1000000000u, 4294967295u };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof values / sizeof values[0]; i++) {
        log_dec(values[i]);
        log_nl();
    }
    assert_string_equal(mock_uart_text(),
                        "0\n7\n10\n99\n100\n3333333\n1000000000\n4294967295\n");
}

/* ------------------------------------------------------- console ---- */

/* @req CON-001 */
static void test_console_line_prefixed(void **state)
{
    (void)state;
    put_str("hello, world\n");
    assert_string_equal(mock_uart_text(), "[p1] hello, world\n");
    put_str("second\n");
    assert_string_equal(mock_uart_text(), "[p1] hello, world\n[p1] second\n");
    assert_int_equal(part.line_len, 0u);
}

/* @req CON-001 */
static void test_console_nothing_before_newline(void **state)
{
    (void)state;
    put_str("partial");
    assert_int_equal(mock_uart_len(), 0u);
    assert_int_equal(part.line_len, 7u);
    put_str("\n");
    assert_string_equal(mock_uart_text(), "[p1] partial\n");
}

/* @req CON-001 */
static void test_console_non_printable_as_question_mark(void **state)
{
    static const uint32_t bytes[] = { 0x00u, 0x07u, 0x08u, '\t', 0x1Bu, 0x1Fu,
                                      ' ', '~', 0x7Fu, 0x80u, 0x9Bu, 0xFFu, 'A' };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof bytes / sizeof bytes[0]; i++) {
        console_putc(&part, "p1", bytes[i]);
    }
    console_putc(&part, "p1", '\n');
    assert_string_equal(mock_uart_text(), "[p1] ?????? ~????A\n");
}

/* An escape sequence cannot reach the terminal, nor a forged prefix start
 * a line.  @req CON-001 */
static void test_console_no_control_sequence_or_forged_prefix(void **state)
{
    (void)state;
    put_str("\x1b[2J\x1b[31mred\r\n[p2] forged\n");
    assert_string_equal(mock_uart_text(), "[p1] ?[2J?[31mred\n[p1] [p2] forged\n");
    assert_null(strchr(mock_uart_text(), 0x1B));
}

/* @req CON-001 */
static void test_console_carriage_return_dropped(void **state)
{
    (void)state;
    put_str("a\rb\r\n\r\r\n");
    assert_string_equal(mock_uart_text(), "[p1] ab\n[p1] \n");
    put_str("\r");
    assert_int_equal(part.line_len, 0u);
}

/* @req CON-001 */
static void test_console_empty_line(void **state)
{
    (void)state;
    put_str("\n");
    assert_string_equal(mock_uart_text(), "[p1] \n");
}

/* A line of more than 96 bytes is printed in pieces of 96.  @req CON-002 */
static void test_console_wraps_at_96(void **state)
{
    char expect[2 * (6 + 96 + 1) + 1];
    (void)state;
    put_n('x', 96u);
    put_str("y\n");
    memcpy(expect, "[p1] ", 5u);
    memset(expect + 5, 'x', 96u);
    memcpy(expect + 101, "\n[p1] y\n", 9u);
    assert_string_equal(mock_uart_text(), expect);
    assert_int_equal(part.line_len, 0u);
}

/* A line of exactly 96 bytes is printed once, without an empty line
 * after it.  @req CON-001 CON-002 */
static void test_console_exactly_96(void **state)
{
    char expect[5 + 96 + 1 + 1];
    (void)state;
    put_n('z', 96u);
    assert_string_equal(mock_uart_text(), "");
    put_str("\n");
    memcpy(expect, "[p1] ", 5u);
    memset(expect + 5, 'z', 96u);
    memcpy(expect + 101, "\n", 2u);
    assert_string_equal(mock_uart_text(), expect);
    assert_int_equal(part.line_len, 0u);
}

/* @req CON-002 */
static void test_console_long_line_in_pieces(void **state)
{
    char expect[3 * (5 + 96 + 1) + 1];
    char *p = expect;
    (void)state;
    put_n('a', 200u);
    put_str("\n");
    memcpy(p, "[p1] ", 5u);
    memset(p + 5, 'a', 96u);
    p[101] = '\n';
    p += 102;
    memcpy(p, "[p1] ", 5u);
    memset(p + 5, 'a', 96u);
    p[101] = '\n';
    p += 102;
    memcpy(p, "[p1] aaaaaaaa\n", 15u);
    assert_string_equal(mock_uart_text(), expect);
}

/* @req CON-002 */
static void test_console_flush_pending_line(void **state)
{
    (void)state;
    put_str("no newline");
    console_flush(&part, "p1");
    assert_string_equal(mock_uart_text(), "[p1] no newline\n");
    assert_int_equal(part.line_len, 0u);
    /* Nothing pending: a flush prints nothing. */
    console_flush(&part, "p1");
    assert_string_equal(mock_uart_text(), "[p1] no newline\n");
}

/* @req CON-002 */
static void test_console_flush_empty_prints_nothing(void **state)
{
    (void)state;
    console_flush(&part, "p1");
    assert_int_equal(mock_uart_len(), 0u);
}

/* Lines of two partitions never interleave within a line.  @req CON-001 */
static void test_console_partitions_separate(void **state)
{
    struct partition other;
    (void)state;
    memset(&other, 0, sizeof other);
    put_str("one ");
    console_putc(&other, "p2", 'B');
    put_str("two\n");
    console_putc(&other, "p2", '\n');
    assert_string_equal(mock_uart_text(), "[p1] one two\n[p2] B\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_log_puts_and_nl, setup),
        cmocka_unit_test_setup(test_log_hex32, setup),
        cmocka_unit_test_setup(test_log_dec, setup),
        cmocka_unit_test_setup(test_console_line_prefixed, setup),
        cmocka_unit_test_setup(test_console_nothing_before_newline, setup),
        cmocka_unit_test_setup(test_console_non_printable_as_question_mark, setup),
        cmocka_unit_test_setup(test_console_no_control_sequence_or_forged_prefix, setup),
        cmocka_unit_test_setup(test_console_carriage_return_dropped, setup),
        cmocka_unit_test_setup(test_console_empty_line, setup),
        cmocka_unit_test_setup(test_console_exactly_96, setup),
        cmocka_unit_test_setup(test_console_wraps_at_96, setup),
        cmocka_unit_test_setup(test_console_long_line_in_pieces, setup),
        cmocka_unit_test_setup(test_console_flush_pending_line, setup),
        cmocka_unit_test_setup(test_console_flush_empty_prints_nothing, setup),
        cmocka_unit_test_setup(test_console_partitions_separate, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
