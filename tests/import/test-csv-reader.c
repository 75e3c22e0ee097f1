/* test-csv-reader.c — the CSV reader: encodings, line endings, quoting, caps, junk
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "import/pd-csv-reader.h"
#include "pd-test-util.h"

/* ---- collecting rows ------------------------------------------------------------- */

typedef struct
{
  GPtrArray *rows;       /* of GStrv */
  GArray    *numbers;    /* guint64 row numbers */
  GArray    *progress;   /* double */
  guint64    n_rows;
  guint64    keep_max;   /* keep at most this many rows' text (0: all) */
  GCancellable *cancel_after_rows_cancellable;
  guint64    cancel_after_rows;
  guint64    fail_at_row;
  /* For the 1M-row test: running totals instead of copies. */
  guint64    sum_column_c;
  guint64    n_cells;
} Collector;

static void
collector_init (Collector *c)
{
  memset (c, 0, sizeof *c);
  c->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  c->numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  c->progress = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
collector_clear (Collector *c)
{
  g_ptr_array_unref (c->rows);
  g_array_unref (c->numbers);
  g_array_unref (c->progress);
}

static gboolean
collect_cb (const PdRow *row,
            gpointer     user_data,
            GError     **error)
{
  Collector *c = user_data;

  c->n_rows++;
  c->n_cells += row->n_cells;

  for (guint i = 0; i < row->n_cells; i++)
    {
      const PdCell *cell = &row->cells[i];

      g_assert_nonnull (cell->text);
      g_assert_cmpuint (cell->len, ==, strlen (cell->text));
      g_assert_true (g_utf8_validate (cell->text, cell->len, NULL));
      g_assert_cmpint (cell->type, ==, cell->len == 0 ? PD_CELL_EMPTY : PD_CELL_TEXT);
    }

  if (c->keep_max == 0 || c->rows->len < c->keep_max)
    {
      GStrv cells = g_new0 (char *, row->n_cells + 1);

      for (guint i = 0; i < row->n_cells; i++)
        cells[i] = g_strdup (row->cells[i].text);
      g_ptr_array_add (c->rows, cells);
      g_array_append_val (c->numbers, row->number);
    }
  g_array_append_val (c->progress, row->progress);

  if (row->n_cells >= 3)
    c->sum_column_c += g_ascii_strtoull (row->cells[2].text, NULL, 10);

  if (c->cancel_after_rows > 0 && c->n_rows == c->cancel_after_rows)
    g_cancellable_cancel (c->cancel_after_rows_cancellable);

  if (c->fail_at_row > 0 && row->number == c->fail_at_row)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "row %" G_GUINT64_FORMAT
                   " is not wanted", row->number);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_string (Collector   *c,
             const char  *name,
             const char  *data,
             gssize       len,
             char       **encoding,
             GError     **error)
{
  if (len < 0)
    len = strlen (data);
  return pd_csv_read_bytes (name, data, len, NULL, collect_cb, c, encoding, NULL, error);
}

/* Asserts the collected rows, written as "a|b|c" with row numbers. */
static void
assert_rows (Collector         *c,
             const char * const *expected,
             const guint64      *numbers,
             guint               n)
{
  g_assert_cmpuint (c->rows->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *joined = g_strjoinv ("|", g_ptr_array_index (c->rows, i));

      g_assert_cmpstr (joined, ==, expected[i]);
      g_assert_cmpuint (g_array_index (c->numbers, guint64, i), ==, numbers[i]);
    }
}

static void
assert_read_error (const char  *data,
                   gssize       len,
                   int          code,
                   const char  *message)
{
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_false (read_string (&c, "/some/dir/spend.csv", data, len, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  collector_clear (&c);
}

/* ---- encodings ------------------------------------------------------------------- */

static void
test_encodings (void)
{
  static const struct { const char *file; const char *encoding; } cases[] = {
    { "spend-utf8.csv", "UTF-8" },
    { "spend-utf8-bom.csv", "UTF-8 (BOM)" },
    { "spend-utf16le.csv", "UTF-16LE" },
    { "spend-utf16be.csv", "UTF-16BE" },
    { "spend-windows-1252.csv", "Windows-1252" },
  };
  static const char * const expected[] = {
    "commissioner|year|month|category|provider|amount",
    "5QA|2009/10|Apr|Acute contracts|RXX|\xc2\xa3" "1,234.56",
    "5QA|2009/10|May|\xe2\x80\x9c" "Community\xe2\x80\x9d nursing \xe2\x80\x93 health visiting"
    "||\xc2\xa3" "12.00",
    "5QB|2009/10|Jun|Mental health, adults|RYY|(\xc2\xa3" "5)",
  };
  static const guint64 numbers[] = { 1, 2, 3, 4 };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = pd_test_fixture_path ("csv", cases[i].file, NULL);
      g_autofree char *encoding = NULL;
      g_autoptr(GError) error = NULL;
      Collector c;

      g_test_message ("%s", cases[i].file);
      collector_init (&c);
      g_assert_true (pd_csv_read_file (path, NULL, collect_cb, &c, &encoding, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (encoding, ==, cases[i].encoding);
      assert_rows (&c, expected, numbers, G_N_ELEMENTS (expected));

      /* The pound sign is U+00A3 whatever the file's encoding. */
      g_assert_cmpint (g_utf8_get_char (((GStrv) g_ptr_array_index (c.rows, 1))[5]), ==,
                       0x00A3);
      collector_clear (&c);
    }
}

/* Characters outside the Basic Multilingual Plane arrive in UTF-16 as surrogate pairs;
 * one straddling the reader's 64 KiB chunk boundary must still come through whole. */
static void
test_utf16_surrogates (void)
{
  for (int big_endian = 0; big_endian <= 1; big_endian++)
    {
      g_autoptr(GString) text = g_string_new ("note\n");
      g_autofree gunichar2 *units = NULL;
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *encoding = NULL;
      glong n_units = 0;
      Collector c;

      /* 5 units of "note\n" and 32762 of "x" put the emoji's high surrogate in the last
       * two bytes of the first 64 KiB after the byte-order mark. */
      for (int i = 0; i < 32762; i++)
        g_string_append_c (text, 'x');
      g_string_append (text, "\xf0\x9f\x98\x80 ok\n");

      units = g_utf8_to_utf16 (text->str, -1, NULL, &n_units, &error);
      g_assert_no_error (error);
      g_byte_array_append (bytes, (const guint8 *) (big_endian ? "\xfe\xff" : "\xff\xfe"), 2);
      for (glong i = 0; i < n_units; i++)
        {
          guint8 pair[2] = { units[i] & 0xFF, units[i] >> 8 };
          if (big_endian)
            {
              guint8 t = pair[0];
              pair[0] = pair[1];
              pair[1] = t;
            }
          g_byte_array_append (bytes, pair, 2);
        }
      g_assert_cmpuint (bytes->data[2 + 65534 + (big_endian ? 0 : 1)], ==, 0xD8);

      collector_init (&c);
      g_assert_true (pd_csv_read_bytes ("notes.csv", bytes->data, bytes->len, NULL,
                                        collect_cb, &c, &encoding, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (encoding, ==, big_endian ? "UTF-16BE" : "UTF-16LE");
      g_assert_cmpuint (c.rows->len, ==, 2);
      g_assert_true (g_str_has_suffix (((GStrv) g_ptr_array_index (c.rows, 1))[0],
                                       "x\xf0\x9f\x98\x80 ok"));
      collector_clear (&c);
    }
}

/* UTF-8 is recognised whatever the alignment of its multi-byte characters, and bytes
 * that only look like UTF-8 (overlong forms, surrogates, beyond U+10FFFF) are not. */
static void
test_utf8_detection (void)
{
  static const struct { const char *bytes; const char *encoding; const char *cell; } cases[] = {
    { "\xc2\xa3", "UTF-8", "\xc2\xa3" },
    { "\xe2\x82\xac", "UTF-8", "\xe2\x82\xac" },
    { "\xf0\x9f\x98\x80", "UTF-8", "\xf0\x9f\x98\x80" },
    { "\xc0\xaf", "Windows-1252", "\xc3\x80\xc2\xaf" },
    { "\xed\xa0\x80", "Windows-1252", "\xc3\xad\xc2\xa0\xe2\x82\xac" },
    { "\xe2\x82", "Windows-1252", "\xc3\xa2\xe2\x80\x9a" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int pad = 0; pad < 17; pad++)
      {
        g_autoptr(GString) text = g_string_new ("h\n");
        g_autoptr(GError) error = NULL;
        g_autofree char *encoding = NULL;
        g_autofree char *expected = NULL;
        Collector c;

        for (int j = 0; j < pad; j++)
          g_string_append_c (text, 'p');
        g_string_append (text, cases[i].bytes);
        g_string_append (text, "q\n");
        expected = g_strdup_printf ("%.*s%sq", pad, "ppppppppppppppppp", cases[i].cell);

        collector_init (&c);
        g_assert_true (read_string (&c, "u.csv", text->str, text->len, &encoding, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (encoding, ==, cases[i].encoding);
        g_assert_cmpstr (((GStrv) g_ptr_array_index (c.rows, 1))[0], ==, expected);
        collector_clear (&c);
      }

  /* Beyond U+10FFFF: not UTF-8, and 0x90 is undefined in Windows-1252. */
  assert_read_error ("a\n\xf4\x90\x80\x80\n", -1, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column A: the byte 0x90 is neither UTF-8 nor a "
                     "Windows-1252 character: is this a text file?");
}

static void
test_encoding_errors (void)
{
  /* Windows-1252 leaves five bytes undefined; meeting one means the file is not text. */
  assert_read_error ("a,b\nc,d\x81\n", -1, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column B: the byte 0x81 is neither UTF-8 nor a "
                     "Windows-1252 character: is this a text file?");
  assert_read_error ("a,b\n\x90", -1, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column A: the byte 0x90 is neither UTF-8 nor a "
                     "Windows-1252 character: is this a text file?");
  /* A UTF-8 byte-order mark promises UTF-8: no falling back to Windows-1252. */
  assert_read_error ("\xef\xbb\xbf" "a,b\nc,\xa3" "5\n", -1, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column B: the file starts with a UTF-8 byte-order "
                     "mark but holds bytes that are not UTF-8 (0xA3)");
  /* NUL bytes and other control bytes mean binary data. */
  assert_read_error ("a,b\nc,d\ne,f\0g\n", 13, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 3, column B: the file contains NUL bytes: it looks like "
                     "a binary file, not CSV text");
  assert_read_error ("\xef\xbb\xbf" "a,b\n\0", 8, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column A: the file contains NUL bytes: it looks like "
                     "a binary file, not CSV text");
  assert_read_error ("a,b\n\"c\x01\",d\n", -1, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column A: the file contains the control byte 0x01: "
                     "it looks like a binary file, not CSV text");
  /* UTF-16 without a byte-order mark is named rather than called junk. */
  assert_read_error ("a\0,\0b\0\n\0", 8, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: the file looks like UTF-16 without a byte-order mark: save "
                     "it as UTF-8 (or as UTF-16 with a byte-order mark)");
  /* Broken UTF-16: a lone low surrogate, a high surrogate at the end, an odd length. */
  assert_read_error ("\xff\xfe" "a\0,\0\x00\xdc\n\0", 10, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 1, column B: invalid UTF-16 (an unpaired surrogate)");
  assert_read_error ("\xff\xfe" "a\0\n\0b\0\x3d\xd8", 10, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column A: invalid UTF-16 (an unpaired surrogate)");
  assert_read_error ("\xfe\xff\0a\0\n\0b\0", 9, PD_IMPORT_ERROR_ENCODING,
                     "spend.csv: row 2, column A: the file ends in the middle of a UTF-16 "
                     "character");
}

/* Whatever the bytes, the reader answers with rows or a clear error, never a crash. */
static void
test_binary_junk (void)
{
#define JUNK(what, bytes) { what, bytes, sizeof bytes - 1 }
  static const struct { const char *what; const char *data; gsize len; } headers[] = {
    JUNK ("PNG", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    JUNK ("zip (an XLSX renamed .csv)", "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0"),
    JUNK ("PDF", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\0>>"),
  };
#undef JUNK
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260401);

  for (gsize i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr(GError) error = NULL;
      Collector c;

      g_test_message ("%s", headers[i].what);
      collector_init (&c);
      g_assert_false (pd_csv_read_bytes ("junk.csv", headers[i].data, headers[i].len, NULL,
                                         collect_cb, &c, NULL, NULL, &error));
      g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_ENCODING);
      g_assert_true (g_str_has_prefix (error->message, "junk.csv: row "));
      collector_clear (&c);
    }

  for (int round = 0; round < 200; round++)
    {
      gsize len = g_rand_int_range (rand, 256, 20000);
      g_autofree guint8 *data = g_malloc (len);
      g_autoptr(GError) error = NULL;
      Collector c;

      for (gsize i = 0; i < len; i++)
        data[i] = g_rand_int_range (rand, 0, 256);
      collector_init (&c);
      c.keep_max = 1;
      g_assert_false (pd_csv_read_bytes ("junk.csv", data, len, NULL, collect_cb, &c, NULL,
                                         NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_ENCODING)
                     || g_error_matches (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_MALFORMED));
      g_assert_true (g_str_has_prefix (error->message, "junk.csv: "));
      collector_clear (&c);
    }
}

/* ---- line endings, blank rows, quoting --------------------------------------------- */

static void
test_line_endings (void)
{
  static const char * const inputs[] = {
    "a,b\nc,d\n",
    "a,b\nc,d",
    "a,b\r\nc,d\r\n",
    "a,b\r\nc,d",
    "a,b\rc,d\r",
    "a,b\rc,d",
    "a,b\r\nc,d\n",
  };
  static const char * const expected[] = { "a|b", "c|d" };
  static const guint64 numbers[] = { 1, 2 };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      Collector c;

      collector_init (&c);
      g_assert_true (read_string (&c, "e.csv", inputs[i], -1, NULL, &error));
      g_assert_no_error (error);
      assert_rows (&c, expected, numbers, 2);
      collector_clear (&c);
    }
}

/* Blank lines and rows of empty fields are skipped, but they are rows in a spreadsheet,
 * so the rows after them keep the numbers a user sees. */
static void
test_blank_rows (void)
{
  static const struct { const char *input; const char *rows[3]; guint64 numbers[3]; } cases[] = {
    { "a,b\n\nc,d\n", { "a|b", "c|d" }, { 1, 3 } },
    { "a,b\r\n\r\n\r\nc,d\r\n", { "a|b", "c|d" }, { 1, 4 } },
    { "a,b\r\rc,d\r", { "a|b", "c|d" }, { 1, 3 } },
    { "\n\na,b\n,\nc,d\n\n\n", { "a|b", "c|d" }, { 3, 5 } },
    { "a,b\n , \n\"\",\"\"\nc,d\n", { "a|b", "c|d" }, { 1, 4 } },
    { "a,b\n,x\n", { "a|b", "|x" }, { 1, 2 } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint n = cases[i].rows[2] != NULL ? 3 : 2;
      Collector c;

      collector_init (&c);
      g_assert_true (read_string (&c, "b.csv", cases[i].input, -1, NULL, &error));
      g_assert_no_error (error);
      assert_rows (&c, cases[i].rows, cases[i].numbers, n);
      collector_clear (&c);
    }
}

static void
test_quoting (void)
{
  static const char input[] =
    "code,name,note\n"
    "00L,\"Northumberland, North\",\"He said \"\"no\"\"\"\n"
    "5QA, Example PCT ,\"two\nlines\"\n"
    "5QB,\"  kept  \",\"crlf\r\ninside\"\r\n"
    "5QC,,\n"
    "5QD,\"\",x\n";
  static const char * const expected[] = {
    "code|name|note",
    "00L|Northumberland, North|He said \"no\"",
    "5QA|Example PCT|two\nlines",
    "5QB|  kept  |crlf\r\ninside",
    "5QC||",
    "5QD||x",
  };
  /* A record over several lines is one row: the next record is the next row. */
  static const guint64 numbers[] = { 1, 2, 3, 4, 5, 6 };
  g_autoptr(GError) error = NULL;
  g_autofree char *encoding = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (read_string (&c, "q.csv", input, -1, &encoding, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (encoding, ==, "UTF-8");
  assert_rows (&c, expected, numbers, G_N_ELEMENTS (expected));
  collector_clear (&c);
}

/* Rows come as they are: counting columns is the pipeline's business. */
static void
test_ragged_rows (void)
{
  static const char * const expected[] = { "a|b|c", "d", "e|f|g|h" };
  static const guint64 numbers[] = { 1, 2, 3 };
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (read_string (&c, "r.csv", "a,b,c\nd\ne,f,g,h\n", -1, NULL, &error));
  g_assert_no_error (error);
  assert_rows (&c, expected, numbers, 3);
  collector_clear (&c);
}

static void
test_title_rows (void)
{
  g_autofree char *path = pd_test_fixture_path ("csv", "spend-title-rows.csv", NULL);
  g_autoptr(GError) error = NULL;
  static const char * const expected[] = {
    "NHS Example Region: spend by category|||||",
    "Source: ledger extract 2010-05-04|||||",
    "commissioner|year|month|category|provider|amount",
    "5QA|2009/10|Apr|Acute contracts|RXX|\xc2\xa3" "1,234.56",
    "5QA|2009/10|May|Prescribing||\xc2\xa3" "7.00",
  };
  static const guint64 numbers[] = { 1, 2, 4, 5, 6 };
  Collector c;

  collector_init (&c);
  g_assert_true (pd_csv_read_file (path, NULL, collect_cb, &c, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_rows (&c, expected, numbers, G_N_ELEMENTS (expected));
  collector_clear (&c);
}

/* ---- malformed input --------------------------------------------------------------- */

static void
test_malformed (void)
{
  assert_read_error ("a,b,c\nd,e,\"f\ng,h,i\n", -1, PD_IMPORT_ERROR_MALFORMED,
                     "spend.csv: row 2, column C: unterminated quoted field");
  assert_read_error ("a,b,c\nd,e,\"f", -1, PD_IMPORT_ERROR_MALFORMED,
                     "spend.csv: row 2, column C: unterminated quoted field");
  assert_read_error ("a,b,c\nd,e\"x,f\n", -1, PD_IMPORT_ERROR_MALFORMED,
                     "spend.csv: row 2, column B: stray quote in an unquoted field (quote "
                     "the whole field and double the quotes inside it: \"\")");
  assert_read_error ("a,b,c\n\"d\"x,e,f\n", -1, PD_IMPORT_ERROR_MALFORMED,
                     "spend.csv: row 2, column A: a quote ends a quoted field but more text "
                     "follows it (quotes inside a quoted field must be doubled: \"\")");
  /* The row is the record number: a quoted line break before it does not count. */
  assert_read_error ("a,\"b\nb\nb\",c\n\nd,e,f\"\n", -1, PD_IMPORT_ERROR_MALFORMED,
                     "spend.csv: row 3, column C: stray quote in an unquoted field (quote "
                     "the whole field and double the quotes inside it: \"\")");
}

static void
test_malformed_files (void)
{
  static const struct { const char *file; const char *message; } cases[] = {
    { "unterminated-quote.csv",
      "unterminated-quote.csv: row 2, column B: unterminated quoted field" },
    { "stray-quote.csv",
      "stray-quote.csv: row 3, column B: stray quote in an unquoted field (quote the whole "
      "field and double the quotes inside it: \"\")" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = pd_test_fixture_path ("csv", cases[i].file, NULL);
      g_autoptr(GError) error = NULL;
      Collector c;

      collector_init (&c);
      g_assert_false (pd_csv_read_file (path, NULL, collect_cb, &c, NULL, NULL, &error));
      g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_MALFORMED);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      collector_clear (&c);
    }
}

static void
test_empty (void)
{
  assert_read_error ("", 0, PD_IMPORT_ERROR_EMPTY, "spend.csv: the file is empty");
  assert_read_error ("\xef\xbb\xbf", -1, PD_IMPORT_ERROR_EMPTY, "spend.csv: the file is empty");
  assert_read_error ("\xff\xfe", 2, PD_IMPORT_ERROR_EMPTY, "spend.csv: the file is empty");
  assert_read_error ("\x1a", -1, PD_IMPORT_ERROR_EMPTY, "spend.csv: the file is empty");
  assert_read_error ("\n\r\n\r", -1, PD_IMPORT_ERROR_EMPTY,
                     "spend.csv: the file has no rows, only blank lines");
  assert_read_error (",,,\n  \n\"\"\n", -1, PD_IMPORT_ERROR_EMPTY,
                     "spend.csv: the file has no rows, only blank lines");
}

static void
test_empty_file_on_disk (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = pd_test_write_file (dir, "nothing.csv", "", 0);
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_false (pd_csv_read_file (path, NULL, collect_cb, &c, NULL, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "nothing.csv: the file is empty");
  collector_clear (&c);
  pd_test_scratch_free (dir);
}

static void
test_io_errors (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_false (pd_csv_read_file (missing, NULL, collect_cb, &c, NULL, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "missing.csv: "));
  g_clear_error (&error);

  g_assert_false (pd_csv_read_file (dir, NULL, collect_cb, &c, NULL, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO);
  g_assert_true (g_str_has_suffix (error->message, ": not a regular file"));
  g_assert_cmpuint (c.n_rows, ==, 0);

  collector_clear (&c);
  pd_test_scratch_free (dir);
}

/* ---- size caps --------------------------------------------------------------------- */

static void
test_field_too_large (void)
{
  const gsize big = 2 << 20;
  g_autoptr(GString) text = g_string_new ("code,name,note\n5QA,Example,short\n5QB,Other,");
  g_autoptr(GString) quoted = NULL;
  g_autoptr(GError) error = NULL;
  Collector c;

  g_string_set_size (text, text->len + big);
  memset (text->str + text->len - big, 'n', big);
  g_string_append (text, "\n");
  quoted = g_string_new (text->str);

  collector_init (&c);
  g_assert_false (read_string (&c, "big.csv", text->str, text->len, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "big.csv: row 3, column C: field is larger than 1 MiB");
  g_assert_cmpuint (c.n_rows, ==, 2);
  collector_clear (&c);
  g_clear_error (&error);

  /* The same field quoted, and a quote that never closes: the cap names where it began. */
  g_string_insert_c (quoted, strlen ("code,name,note\n5QA,Example,short\n5QB,Other,"), '"');
  collector_init (&c);
  g_assert_false (read_string (&c, "big.csv", quoted->str, quoted->len, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "big.csv: row 3, column C: quoted field is larger "
                   "than 1 MiB (is a closing quote missing?)");
  collector_clear (&c);
  g_clear_error (&error);

  /* A cap of our own choosing, hit by a field that ends inside a chunk. */
  {
    PdCsvLimits limits = { .max_field_size = 10 };

    collector_init (&c);
    g_assert_false (pd_csv_read_bytes ("small.csv", "a,b\nc,0123456789x\n", 18, &limits,
                                       collect_cb, &c, NULL, NULL, &error));
    g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
    g_assert_cmpstr (error->message, ==,
                     "small.csv: row 2, column B: field is larger than 10 bytes");
    collector_clear (&c);
  }
}

static void
test_too_many_columns (void)
{
  g_autoptr(GString) text = g_string_new ("a,b\n");
  g_autoptr(GError) error = NULL;
  PdCsvLimits limits = { .max_columns = 3 };
  Collector c;

  for (int i = 0; i < 1001; i++)
    g_string_append (text, i == 0 ? "x" : ",x");
  g_string_append_c (text, '\n');

  collector_init (&c);
  g_assert_false (read_string (&c, "wide.csv", text->str, text->len, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "wide.csv: row 2, column ALM: more than 1000 columns");
  collector_clear (&c);
  g_clear_error (&error);

  /* Exactly at the cap is fine. */
  collector_init (&c);
  g_assert_true (pd_csv_read_bytes ("w.csv", "a,b,c\n", 6, &limits, collect_cb, &c, NULL,
                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pd_csv_read_bytes ("w.csv", "a,b,c,d\n", 8, &limits, collect_cb, &c, NULL,
                                     NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "w.csv: row 1, column D: more than 3 columns");
  collector_clear (&c);
}

static void
test_file_too_large (void)
{
  char *dir = pd_test_scratch_new ();
  g_autofree char *path = pd_test_write_file (dir, "spend.csv", "a,b\nc,d\n", -1);
  PdCsvLimits limits = { .max_file_size = 7 };
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_false (pd_csv_read_file (path, &limits, collect_cb, &c, NULL, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "spend.csv: the file is too large (8 bytes; at most "
                   "7 bytes)");
  g_clear_error (&error);

  g_assert_false (pd_csv_read_bytes ("mem.csv", "a,b\nc,d\n", 8, &limits, collect_cb, &c,
                                     NULL, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpuint (c.n_rows, ==, 0);

  limits.max_file_size = 8;
  g_clear_error (&error);
  g_assert_true (pd_csv_read_file (path, &limits, collect_cb, &c, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_rows, ==, 2);

  collector_clear (&c);
  pd_test_scratch_free (dir);
}

/* ---- callbacks, cancellation, progress --------------------------------------------- */

static GString *
make_rows (guint n_rows)
{
  GString *text = g_string_new ("id,name,count\n");

  for (guint i = 1; i <= n_rows; i++)
    g_string_append_printf (text, "%u,Provider %u,%u\n", i, i % 97, i % 1000);
  return text;
}

static void
test_callback_error (void)
{
  g_autoptr(GString) text = make_rows (100);
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  c.fail_at_row = 42;
  g_assert_false (read_string (&c, "s.csv", text->str, text->len, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "row 42 is not wanted");
  g_assert_cmpuint (c.n_rows, ==, 42);
  collector_clear (&c);
}

static void
test_cancellation (void)
{
  g_autoptr(GString) text = make_rows (100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  c.keep_max = 1;
  c.cancel_after_rows = 1000;
  c.cancel_after_rows_cancellable = cancellable;
  g_assert_false (pd_csv_read_bytes ("big.csv", text->str, text->len, NULL, collect_cb, &c,
                                     NULL, cancellable, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "big.csv: reading cancelled");
  /* Checked every few thousand rows: it stops long before the end. */
  g_assert_cmpuint (c.n_rows, >=, 1000);
  g_assert_cmpuint (c.n_rows, <=, 1000 + 4096);
  collector_clear (&c);
  g_clear_error (&error);

  /* Cancelled before it starts: no row at all. */
  collector_init (&c);
  g_assert_false (pd_csv_read_bytes ("big.csv", text->str, text->len, NULL, collect_cb, &c,
                                     NULL, cancellable, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED);
  g_assert_cmpuint (c.n_rows, ==, 0);
  collector_clear (&c);
}

static void
test_progress (void)
{
  g_autoptr(GString) text = make_rows (50000);
  g_autoptr(GError) error = NULL;
  double last = 0.0;
  guint distinct = 0;
  Collector c;

  collector_init (&c);
  c.keep_max = 1;
  g_assert_true (read_string (&c, "p.csv", text->str, text->len, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.progress->len, ==, 50001);
  for (guint i = 0; i < c.progress->len; i++)
    {
      double p = g_array_index (c.progress, double, i);

      g_assert_cmpfloat (p, >, 0.0);
      g_assert_cmpfloat (p, <=, 1.0);
      g_assert_cmpfloat (p, >=, last);
      if (p > last)
        distinct++;
      last = p;
    }
  g_assert_cmpfloat (last, ==, 1.0);
  /* About 1 MB read in 64 KiB steps: progress moves many times. */
  g_assert_cmpuint (distinct, >=, text->len / (64 * 1024));
  collector_clear (&c);
}

/* A CRLF split across the 64 KiB chunk boundary is still one line end. */
static void
test_crlf_across_chunks (void)
{
  g_autoptr(GString) text = g_string_new ("h\r\n");
  g_autoptr(GError) error = NULL;
  Collector c;

  g_string_set_size (text, 65535);
  memset (text->str + 3, 'y', 65535 - 3);
  g_string_append (text, "\r\nlast\r\n");
  g_assert_cmpint (text->str[65535], ==, '\r');
  g_assert_cmpint (text->str[65536], ==, '\n');

  collector_init (&c);
  g_assert_true (read_string (&c, "c.csv", text->str, text->len, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.rows->len, ==, 3);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (c.rows, 2))[0], ==, "last");
  g_assert_cmpuint (g_array_index (c.numbers, guint64, 2), ==, 3);
  collector_clear (&c);
}

/* Windows-1252 letters beyond ASCII come through in long files too (the conversion runs
 * in chunks); a trailing Ctrl-Z from DOS editors is no part of the data. */
static void
test_windows_1252_long (void)
{
  g_autoptr(GString) text = g_string_new ("amount,note\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *encoding = NULL;
  Collector c;

  for (int i = 0; i < 20000; i++)
    g_string_append (text, "\xa3" "5,caf\xe9 \x93quoted\x94 \x80\n");
  g_string_append_c (text, '\x1a');

  collector_init (&c);
  g_assert_true (read_string (&c, "w.csv", text->str, text->len, &encoding, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (encoding, ==, "Windows-1252");
  g_assert_cmpuint (c.n_rows, ==, 20001);
  for (guint i = 1; i < c.rows->len; i++)
    {
      GStrv row = g_ptr_array_index (c.rows, i);

      g_assert_cmpstr (row[0], ==, "\xc2\xa3" "5");
      g_assert_cmpstr (row[1], ==, "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac");
    }
  collector_clear (&c);
}

/* One million rows, read from a file on disk, every cell accounted for. How fast is for
 * bench/bench-csv; here only that nothing is lost. */
static void
test_million_rows (void)
{
  char *dir = pd_test_scratch_new ();
  g_autoptr(GString) text = make_rows (1000000);
  g_autofree char *path = pd_test_write_file (dir, "million.csv", text->str, text->len);
  g_autoptr(GError) error = NULL;
  guint64 expected_sum = 0;
  Collector c;

  for (guint i = 1; i <= 1000000; i++)
    expected_sum += i % 1000;

  collector_init (&c);
  c.keep_max = 3;
  g_assert_true (pd_csv_read_file (path, NULL, collect_cb, &c, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_rows, ==, 1000001);
  g_assert_cmpuint (c.n_cells, ==, 3 * 1000001);
  g_assert_cmpuint (c.sum_column_c, ==, expected_sum);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (c.rows, 2))[1], ==, "Provider 2");
  collector_clear (&c);
  pd_test_scratch_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/csv-reader/encodings", test_encodings);
  g_test_add_func ("/pctdash/csv-reader/utf16-surrogates", test_utf16_surrogates);
  g_test_add_func ("/pctdash/csv-reader/utf8-detection", test_utf8_detection);
  g_test_add_func ("/pctdash/csv-reader/encoding-errors", test_encoding_errors);
  g_test_add_func ("/pctdash/csv-reader/binary-junk", test_binary_junk);
  g_test_add_func ("/pctdash/csv-reader/line-endings", test_line_endings);
  g_test_add_func ("/pctdash/csv-reader/blank-rows", test_blank_rows);
  g_test_add_func ("/pctdash/csv-reader/quoting", test_quoting);
  g_test_add_func ("/pctdash/csv-reader/ragged-rows", test_ragged_rows);
  g_test_add_func ("/pctdash/csv-reader/title-rows", test_title_rows);
  g_test_add_func ("/pctdash/csv-reader/malformed", test_malformed);
  g_test_add_func ("/pctdash/csv-reader/malformed-files", test_malformed_files);
  g_test_add_func ("/pctdash/csv-reader/empty", test_empty);
  g_test_add_func ("/pctdash/csv-reader/empty-file-on-disk", test_empty_file_on_disk);
  g_test_add_func ("/pctdash/csv-reader/io-errors", test_io_errors);
  g_test_add_func ("/pctdash/csv-reader/field-too-large", test_field_too_large);
  g_test_add_func ("/pctdash/csv-reader/too-many-columns", test_too_many_columns);
  g_test_add_func ("/pctdash/csv-reader/file-too-large", test_file_too_large);
  g_test_add_func ("/pctdash/csv-reader/callback-error", test_callback_error);
  g_test_add_func ("/pctdash/csv-reader/cancellation", test_cancellation);
  g_test_add_func ("/pctdash/csv-reader/progress", test_progress);
  g_test_add_func ("/pctdash/csv-reader/crlf-across-chunks", test_crlf_across_chunks);
  g_test_add_func ("/pctdash/csv-reader/windows-1252-long", test_windows_1252_long);
  g_test_add_func ("/pctdash/csv-reader/million-rows", test_million_rows);

  return g_test_run ();
}
