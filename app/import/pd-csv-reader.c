/* pd-csv-reader.c — CSV files to rows of UTF-8 cells: decoding, strict quoting, size caps
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is memory-mapped. One pass over its bytes decides between UTF-8 and
 * Windows-1252 (unless a byte-order mark has decided already) and finds the first NUL or
 * other control byte, which means binary data. Then it goes to libcsv one chunk at a
 * time, so that nothing proportional to the file is ever allocated: UTF-8 untouched,
 * Windows-1252 and UTF-16 converted into one reused buffer (UTF-16 is screened for
 * control bytes after conversion).
 *
 * libcsv runs in strict mode and reports every line end (CSV_REPALL_NL), so blank lines
 * are seen and counted: row numbers then match the rows a spreadsheet shows. Its field
 * callback copies each field into one reused row buffer; the cells handed to the caller
 * point into that buffer, so the hot path allocates nothing.
 *
 * A problem found in a chunk is located by feeding libcsv the chunk up to the bad byte:
 * the parser's own state then names the row and column.
 */

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "pd-csv-reader.h"

/* Bytes of input decoded and parsed per step: big enough that the per-chunk work
 * vanishes, small enough that progress, cancellation and the field cap react quickly. */
#define CHUNK_SIZE (64 * 1024)

/* Rows between cancellation checks (there is one per chunk too). */
#define CANCEL_CHECK_ROWS 4096

typedef enum
{
  SOURCE_UTF8,
  SOURCE_UTF8_BOM,
  SOURCE_UTF16LE,
  SOURCE_UTF16BE,
  SOURCE_WINDOWS_1252,
} SourceEncoding;

typedef struct
{
  gsize offset;
  gsize len;
} FieldSpan;

typedef struct
{
  const char        *name;      /* base name, for messages */
  PdCsvLimits        limits;
  PdRowFunc          func;
  gpointer           user_data;
  GCancellable      *cancellable;

  struct csv_parser  parser;

  /* The row being assembled: field bytes (each NUL-terminated) and where each starts. */
  char              *row_buf;
  gsize              row_len;
  gsize              row_alloc;
  FieldSpan         *spans;
  PdCell            *cells;
  guint              n_fields;
  guint              fields_alloc;
  gboolean           row_has_text;

  guint64            row_number;    /* of the row being read, 1-based */
  gboolean           after_cr;      /* the last line end was a CR and nothing followed */
  guint64            rows_delivered;
  guint              rows_since_check;
  double             progress;

  GError            *error;         /* the first problem; once set, callbacks do nothing */
} Reader;

/* Windows-1252 bytes 0x80..0x9F; 0 marks the five bytes the code page leaves undefined
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D). Everything from 0xA0 up is Latin-1. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static const char *
encoding_name (SourceEncoding encoding)
{
  switch (encoding)
    {
    case SOURCE_UTF8:
      return PD_CSV_ENCODING_UTF8;
    case SOURCE_UTF8_BOM:
      return PD_CSV_ENCODING_UTF8_BOM;
    case SOURCE_UTF16LE:
      return PD_CSV_ENCODING_UTF16LE;
    case SOURCE_UTF16BE:
      return PD_CSV_ENCODING_UTF16BE;
    case SOURCE_WINDOWS_1252:
      return PD_CSV_ENCODING_WINDOWS_1252;
    default:
      g_assert_not_reached ();
    }
}

/* Sets the reader's error, prefixed with the file name and, when known, the row and the
 * column (1-based; 0 when unknown). */
static void G_GNUC_PRINTF (5, 6)
reader_fail (Reader     *reader,
             int         code,
             guint64     row,
             guint       column,
             const char *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  if (reader->error != NULL)
    return;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (row > 0 && column > 0)
    {
      g_autofree char *letters = pd_column_name (column);
      g_set_error (&reader->error, PD_IMPORT_ERROR, code,
                   "%s: row %" G_GUINT64_FORMAT ", column %s: %s",
                   reader->name, row, letters, reason);
    }
  else if (row > 0)
    {
      g_set_error (&reader->error, PD_IMPORT_ERROR, code,
                   "%s: row %" G_GUINT64_FORMAT ": %s", reader->name, row, reason);
    }
  else
    {
      g_set_error (&reader->error, PD_IMPORT_ERROR, code, "%s: %s", reader->name, reason);
    }
}

/* Fails at the field libcsv is reading now. */
static void G_GNUC_PRINTF (3, 4)
reader_fail_here (Reader     *reader,
                  int         code,
                  const char *format,
                  ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  reader_fail (reader, code, reader->row_number, reader->n_fields + 1, "%s", reason);
}

static char *
format_size (gsize bytes)
{
  if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", bytes >> 20);
  if (bytes >= (1 << 10) && bytes % (1 << 10) == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " KiB", bytes >> 10);
  return g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", bytes);
}

static void
fail_field_too_large (Reader *reader)
{
  g_autofree char *cap = format_size (reader->limits.max_field_size);

  if (reader->parser.quoted)
    reader_fail_here (reader, PD_IMPORT_ERROR_TOO_LARGE,
                      "quoted field is larger than %s (is a closing quote missing?)", cap);
  else
    reader_fail_here (reader, PD_IMPORT_ERROR_TOO_LARGE, "field is larger than %s", cap);
}

static void
field_cb (void  *data,
          size_t len,
          void  *user_data)
{
  Reader *reader = user_data;
  FieldSpan *span;

  if (G_UNLIKELY (reader->error != NULL))
    return;

  reader->after_cr = FALSE;

  if (G_UNLIKELY (len > reader->limits.max_field_size))
    {
      fail_field_too_large (reader);
      return;
    }

  if (G_UNLIKELY (reader->n_fields >= reader->limits.max_columns))
    {
      reader_fail_here (reader, PD_IMPORT_ERROR_TOO_LARGE, "more than %u columns",
                        reader->limits.max_columns);
      return;
    }

  if (G_UNLIKELY (reader->n_fields == reader->fields_alloc))
    {
      reader->fields_alloc = MAX (16, reader->fields_alloc * 2);
      reader->spans = g_renew (FieldSpan, reader->spans, reader->fields_alloc);
      reader->cells = g_renew (PdCell, reader->cells, reader->fields_alloc);
    }

  if (G_UNLIKELY (reader->row_len + len + 1 > reader->row_alloc))
    {
      reader->row_alloc = MAX (reader->row_alloc * 2, reader->row_len + len + 1);
      reader->row_buf = g_realloc (reader->row_buf, reader->row_alloc);
    }

  span = &reader->spans[reader->n_fields++];
  span->offset = reader->row_len;
  span->len = len;
  if (len > 0)
    {
      memcpy (reader->row_buf + reader->row_len, data, len);
      reader->row_has_text = TRUE;
    }
  reader->row_buf[reader->row_len + len] = '\0';
  reader->row_len += len + 1;
}

static void
row_cb (int   terminator,
        void *user_data)
{
  Reader *reader = user_data;
  PdRow row;

  if (G_UNLIKELY (reader->error != NULL))
    return;

  /* With CSV_REPALL_NL libcsv ends a row at the CR and again at the LF of a CRLF: the
   * second, empty one is not a row. */
  if (terminator == CSV_LF && reader->after_cr && reader->n_fields == 0)
    {
      reader->after_cr = FALSE;
      return;
    }
  reader->after_cr = (terminator == CSV_CR);

  /* Entirely blank rows are skipped, but still counted. */
  if (reader->row_has_text)
    {
      for (guint i = 0; i < reader->n_fields; i++)
        {
          PdCell *cell = &reader->cells[i];

          cell->text = reader->row_buf + reader->spans[i].offset;
          cell->len = reader->spans[i].len;
          cell->type = cell->len > 0 ? PD_CELL_TEXT : PD_CELL_EMPTY;
          cell->number = 0.0;
        }

      row.number = reader->row_number;
      row.cells = reader->cells;
      row.n_cells = reader->n_fields;
      row.progress = reader->progress;

      if (!reader->func (&row, reader->user_data, &reader->error))
        {
          /* A callback that fails without saying why still stops the read. */
          if (reader->error == NULL)
            reader_fail (reader, PD_IMPORT_ERROR_INVALID, reader->row_number, 0,
                         "reading stopped");
          return;
        }
      reader->rows_delivered++;
    }

  reader->row_number++;
  reader->n_fields = 0;
  reader->row_len = 0;
  reader->row_has_text = FALSE;

  if (G_UNLIKELY (++reader->rows_since_check >= CANCEL_CHECK_ROWS))
    {
      reader->rows_since_check = 0;
      if (g_cancellable_is_cancelled (reader->cancellable))
        reader_fail (reader, PD_IMPORT_ERROR_CANCELLED, 0, 0, "reading cancelled");
    }
}

/* Feeds decoded text to libcsv and turns its verdict into a message. */
static void
reader_parse (Reader     *reader,
              const char *text,
              gsize       len)
{
  gsize parsed;

  if (reader->error != NULL || len == 0)
    return;

  parsed = csv_parse (&reader->parser, text, len, field_cb, row_cb, reader);
  if (reader->error != NULL)
    return;

  if (parsed < len || csv_error (&reader->parser) != CSV_SUCCESS)
    {
      switch (csv_error (&reader->parser))
        {
        case CSV_EPARSE:
          if (reader->parser.quoted)
            reader_fail_here (reader, PD_IMPORT_ERROR_MALFORMED,
                              "a quote ends a quoted field but more text follows it "
                              "(quotes inside a quoted field must be doubled: \"\")");
          else
            reader_fail_here (reader, PD_IMPORT_ERROR_MALFORMED,
                              "stray quote in an unquoted field (quote the whole field "
                              "and double the quotes inside it: \"\")");
          break;
        case CSV_ENOMEM:
        case CSV_ETOOBIG:
          fail_field_too_large (reader);
          break;
        default:
          reader_fail_here (reader, PD_IMPORT_ERROR_MALFORMED, "%s",
                            csv_strerror (csv_error (&reader->parser)));
          break;
        }
      return;
    }

  /* A field still being read (say, a quoted one that never closes) is capped here. */
  if (reader->parser.entry_pos > reader->limits.max_field_size)
    fail_field_too_large (reader);
}

/* Control bytes other than tab, line feed, vertical tab, form feed and carriage return
 * do not occur in text: finding one means the file is binary. */
static inline gboolean
is_binary_control (guchar c)
{
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f';
}

/* The length of the valid UTF-8 sequence that starts with a non-ASCII byte at @p, or 0
 * (overlong forms, surrogates and values beyond U+10FFFF are invalid). */
static int
utf8_sequence_length (const guchar *p,
                      gsize         avail)
{
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xBF;
  int n;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    }
  else
    return 0;

  if (avail < (gsize) n || p[1] < lo || p[1] > hi)
    return 0;
  for (int i = 2; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

/* One pass over the raw bytes, eight at a time while they are printable ASCII (most of
 * any CSV file): finds the first byte that is not valid UTF-8 and the first binary
 * control byte (each @len when there is none). Control bytes are the same in UTF-8 and
 * Windows-1252, so the second answer serves both. */
static void
scan_bytes (const guchar *data,
            gsize         len,
            gsize        *bad_utf8,
            gsize        *control)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize first_bad = len;
  gsize i = 0;

  *control = len;
  while (i < len)
    {
      guchar c;

      /* Skip words with no byte below 0x20 and none above 0x7F. */
      while (i + 8 <= len)
        {
          guint64 w;

          memcpy (&w, data + i, 8);
          if (((w & highs) | ((w - 0x20 * ones) & ~w & highs)) != 0)
            break;
          i += 8;
        }
      if (i >= len)
        break;

      c = data[i];
      if (c < 0x80)
        {
          if (G_UNLIKELY (is_binary_control (c)))
            {
              *control = i;
              break;
            }
          i++;
        }
      else if (first_bad == len)
        {
          int n = utf8_sequence_length (data + i, len - i);

          if (n == 0)
            first_bad = i++;
          else
            i += n;
        }
      else
        i++;
    }

  /* Bytes after a control byte are not checked for UTF-8: reading stops there anyway. */
  *bad_utf8 = first_bad;
}

static void
fail_control_byte (Reader *reader,
                   guchar  c)
{
  if (c == '\0')
    reader_fail_here (reader, PD_IMPORT_ERROR_ENCODING,
                      "the file contains NUL bytes: it looks like a binary file, "
                      "not CSV text");
  else
    reader_fail_here (reader, PD_IMPORT_ERROR_ENCODING,
                      "the file contains the control byte 0x%02X: it looks like a "
                      "binary file, not CSV text", c);
}

/* Parses one decoded chunk, stopping at the first control byte (UTF-16 only: the other
 * encodings are screened by scan_bytes() before decoding). */
static void
reader_screen_and_parse (Reader     *reader,
                         const char *text,
                         gsize       len)
{
  gsize bad = 0;

  while (bad < len && !is_binary_control (text[bad]))
    bad++;

  reader_parse (reader, text, bad);
  if (bad < len)
    fail_control_byte (reader, text[bad]);
}

static gsize
put_utf8 (char     *out,
          gunichar  c)
{
  if (c < 0x80)
    {
      out[0] = c;
      return 1;
    }
  return g_unichar_to_utf8 (c, out);
}

/* Converts Windows-1252 to UTF-8. Returns the bytes written to @out (at least 3 × @len
 * long) and sets *@consumed; stops early at an undefined byte. */
static gsize
decode_cp1252 (const guchar *in,
               gsize         len,
               char         *out,
               gsize        *consumed)
{
  gsize o = 0;
  gsize i;

  for (i = 0; i < len; i++)
    {
      guchar b = in[i];

      if (b < 0x80)
        out[o++] = b;
      else if (b >= 0xA0)
        {
          out[o++] = 0xC0 | (b >> 6);
          out[o++] = 0x80 | (b & 0x3F);
        }
      else if (cp1252_high[b - 0x80] != 0)
        o += put_utf8 (out + o, cp1252_high[b - 0x80]);
      else
        break;
    }

  *consumed = i;
  return o;
}

/* Converts UTF-16 to UTF-8. @len is even. Returns the bytes written to @out (at least
 * 3/2 × @len long) and sets *@consumed; stops early at an unpaired surrogate, or before a
 * high surrogate that ends the input (the pair is completed by the next chunk). */
static gsize
decode_utf16 (const guchar *in,
              gsize         len,
              gboolean      big_endian,
              char         *out,
              gsize        *consumed)
{
  gsize o = 0;
  gsize i = 0;

  while (i + 1 < len)
    {
      guint unit = big_endian ? (in[i] << 8 | in[i + 1]) : (in[i + 1] << 8 | in[i]);
      gunichar c;

      if (unit >= 0xD800 && unit < 0xDC00)
        {
          guint low;

          if (i + 3 >= len)
            break;
          low = big_endian ? (in[i + 2] << 8 | in[i + 3]) : (in[i + 3] << 8 | in[i + 2]);
          if (low < 0xDC00 || low >= 0xE000)
            break;
          c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          i += 4;
        }
      else if (unit >= 0xDC00 && unit < 0xE000)
        break;
      else
        {
          c = unit;
          i += 2;
        }
      o += put_utf8 (out + o, c);
    }

  *consumed = i;
  return o;
}

static void
reader_run (Reader         *reader,
            const guchar   *data,
            gsize           len,
            SourceEncoding  encoding,
            gsize           bad_utf8,
            gsize           control)
{
  g_autofree char *decoded = NULL;
  gsize pos = 0;

  if (encoding != SOURCE_UTF8 && encoding != SOURCE_UTF8_BOM)
    decoded = g_malloc (CHUNK_SIZE * 3 + 4);

  while (pos < len && reader->error == NULL)
    {
      gsize chunk = MIN (CHUNK_SIZE, len - pos);
      gsize consumed = 0;
      gsize out_len;
      gsize limit;

      if (g_cancellable_is_cancelled (reader->cancellable))
        {
          reader_fail (reader, PD_IMPORT_ERROR_CANCELLED, 0, 0, "reading cancelled");
          break;
        }

      reader->progress = (double) (pos + chunk) / (double) len;

      switch (encoding)
        {
        case SOURCE_UTF8:
        case SOURCE_UTF8_BOM:
          /* Screened as a whole before reading: the text goes to libcsv as it is, up to
           * a control byte, or a byte that is not UTF-8 after a UTF-8 byte-order mark. */
          if (bad_utf8 < pos + chunk || control < pos + chunk)
            {
              gsize stop = MIN (bad_utf8, control);

              reader_parse (reader, (const char *) data + pos, stop - pos);
              if (stop == control)
                fail_control_byte (reader, data[stop]);
              else
                reader_fail_here (reader, PD_IMPORT_ERROR_ENCODING,
                                  "the file starts with a UTF-8 byte-order mark but holds "
                                  "bytes that are not UTF-8 (0x%02X)", data[stop]);
              return;
            }
          reader_parse (reader, (const char *) data + pos, chunk);
          pos += chunk;
          break;

        case SOURCE_WINDOWS_1252:
          limit = control < pos + chunk ? control - pos : chunk;
          out_len = decode_cp1252 (data + pos, limit, decoded, &consumed);
          reader_parse (reader, decoded, out_len);
          if (consumed < limit)
            {
              reader_fail_here (reader, PD_IMPORT_ERROR_ENCODING,
                                "the byte 0x%02X is neither UTF-8 nor a Windows-1252 "
                                "character: is this a text file?", data[pos + consumed]);
              return;
            }
          if (limit < chunk)
            {
              fail_control_byte (reader, data[pos + limit]);
              return;
            }
          pos += chunk;
          break;

        case SOURCE_UTF16LE:
        case SOURCE_UTF16BE:
          chunk &= ~(gsize) 1;
          if (chunk == 0)
            {
              reader_fail_here (reader, PD_IMPORT_ERROR_ENCODING,
                                "the file ends in the middle of a UTF-16 character");
              return;
            }
          out_len = decode_utf16 (data + pos, chunk, encoding == SOURCE_UTF16BE,
                                  decoded, &consumed);
          reader_screen_and_parse (reader, decoded, out_len);
          if (consumed == 0 || (consumed < chunk && pos + chunk == len))
            {
              /* Nothing decodable at the start of a chunk, or a high surrogate at the
               * very end of the file: either way an unpaired surrogate. */
              reader_fail_here (reader, PD_IMPORT_ERROR_ENCODING,
                                "invalid UTF-16 (an unpaired surrogate)");
              return;
            }
          pos += consumed;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (reader->error != NULL)
    return;

  if (csv_fini (&reader->parser, field_cb, row_cb, reader) != 0 && reader->error == NULL)
    {
      if (csv_error (&reader->parser) == CSV_EPARSE)
        reader_fail_here (reader, PD_IMPORT_ERROR_MALFORMED, "unterminated quoted field");
      else
        reader_fail_here (reader, PD_IMPORT_ERROR_MALFORMED, "%s",
                          csv_strerror (csv_error (&reader->parser)));
    }
}

static gboolean
read_buffer (const char         *display_name,
             const guchar       *data,
             gsize               len,
             const PdCsvLimits  *limits,
             PdRowFunc           func,
             gpointer            user_data,
             char              **out_encoding,
             GCancellable       *cancellable,
             GError            **error)
{
  Reader reader = { 0, };
  g_autofree char *base_name = g_path_get_basename (display_name);
  SourceEncoding encoding;
  gsize bad_utf8 = G_MAXSIZE;
  gsize control = G_MAXSIZE;
  gsize text_len;

  reader.name = base_name;
  if (limits != NULL)
    reader.limits = *limits;
  if (reader.limits.max_file_size == 0)
    reader.limits.max_file_size = PD_CSV_DEFAULT_MAX_FILE_SIZE;
  if (reader.limits.max_field_size == 0)
    reader.limits.max_field_size = PD_CSV_DEFAULT_MAX_FIELD_SIZE;
  if (reader.limits.max_columns == 0)
    reader.limits.max_columns = PD_CSV_DEFAULT_MAX_COLUMNS;
  reader.func = func;
  reader.user_data = user_data;
  reader.cancellable = cancellable;
  reader.row_number = 1;

  if (len > reader.limits.max_file_size)
    {
      g_autofree char *size = g_format_size_full (len, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *cap = g_format_size_full (reader.limits.max_file_size,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE,
                   "%s: the file is too large (%s; at most %s)", base_name, size, cap);
      return FALSE;
    }

  /* Byte-order marks first; then UTF-8 if every byte agrees; else Windows-1252. */
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      encoding = SOURCE_UTF8_BOM;
      data += 3;
      len -= 3;
    }
  else if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      encoding = SOURCE_UTF16LE;
      data += 2;
      len -= 2;
    }
  else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      encoding = SOURCE_UTF16BE;
      data += 2;
      len -= 2;
    }
  else
    encoding = SOURCE_UTF8;

  text_len = len;
  if (encoding == SOURCE_UTF8 || encoding == SOURCE_UTF8_BOM)
    {
      /* DOS editors ended text files with Ctrl-Z; it is no part of the data. */
      if (text_len > 0 && data[text_len - 1] == 0x1A)
        text_len--;

      scan_bytes (data, text_len, &bad_utf8, &control);
      if (encoding == SOURCE_UTF8 && bad_utf8 < text_len)
        {
          encoding = SOURCE_WINDOWS_1252;
          bad_utf8 = G_MAXSIZE;
        }

      /* UTF-16 without a byte-order mark would otherwise be reported as binary junk. */
      if (len >= 4
          && ((data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0)
              || (data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0)))
        {
          if (out_encoding != NULL)
            *out_encoding = g_strdup (encoding_name (encoding));
          g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_ENCODING,
                       "%s: the file looks like UTF-16 without a byte-order mark: save it "
                       "as UTF-8 (or as UTF-16 with a byte-order mark)", base_name);
          return FALSE;
        }
    }

  if (out_encoding != NULL)
    *out_encoding = g_strdup (encoding_name (encoding));

  if (text_len == 0)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY,
                   "%s: the file is empty", base_name);
      return FALSE;
    }

  if (csv_init (&reader.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL
                                | CSV_REPALL_NL) != 0)
    g_error ("libcsv could not allocate its parser");
  /* Grow the field buffer in steps that suit both short cells and long notes. */
  csv_set_blk_size (&reader.parser, 16 * 1024);

  reader_run (&reader, data, text_len, encoding, bad_utf8, control);

  csv_free (&reader.parser);
  g_free (reader.row_buf);
  g_free (reader.spans);
  g_free (reader.cells);

  if (reader.error != NULL)
    {
      g_propagate_error (error, reader.error);
      return FALSE;
    }

  if (reader.rows_delivered == 0)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY,
                   "%s: the file has no rows, only blank lines", base_name);
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_csv_read_bytes:
 * @display_name: the name used in messages (a path is fine: only its base name is shown)
 * @data: (array length=len): the file's bytes
 * @len: the number of bytes
 * @limits: (nullable): size caps, or %NULL for the defaults
 * @func: called once per row that is not entirely blank, in order
 * @user_data: passed to @func
 * @out_encoding: (out) (optional) (transfer full): the encoding detected, one of the
 *   PD_CSV_ENCODING_* names
 * @cancellable: (nullable): checked between chunks and every few thousand rows
 * @error: a PD_IMPORT_ERROR, or the error @func set
 *
 * Decodes and parses CSV held in memory; see pd_csv_read_file().
 *
 * Returns: %TRUE when every row was read and accepted by @func
 */
gboolean
pd_csv_read_bytes (const char         *display_name,
                   const void         *data,
                   gsize               len,
                   const PdCsvLimits  *limits,
                   PdRowFunc           func,
                   gpointer            user_data,
                   char              **out_encoding,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return read_buffer (display_name, data, len, limits, func, user_data, out_encoding,
                      cancellable, error);
}

/**
 * pd_csv_read_file:
 * @path: the CSV file
 * @limits: (nullable): size caps, or %NULL for the defaults
 * @func: called once per row that is not entirely blank, in order
 * @user_data: passed to @func
 * @out_encoding: (out) (optional) (transfer full): the encoding detected, one of the
 *   PD_CSV_ENCODING_* names
 * @cancellable: (nullable): checked between chunks and every few thousand rows
 * @error: a PD_IMPORT_ERROR, or the error @func set
 *
 * Reads a CSV file without loading it into memory. The encoding is found from a
 * byte-order mark (UTF-8, UTF-16LE, UTF-16BE), else UTF-8 when every byte is valid
 * UTF-8, else Windows-1252, whose five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D)
 * are refused as signs of a file that is not text. NUL and other control bytes
 * (except tab, line feed, carriage return, vertical tab and form feed) are refused for
 * the same reason. Quoting is strict (RFC 4180); CRLF, LF and lone CR line endings are
 * accepted, with or without one at the end.
 *
 * Returns: %TRUE when every row was read and accepted by @func
 */
gboolean
pd_csv_read_file (const char         *path,
                  const PdCsvLimits  *limits,
                  PdRowFunc           func,
                  gpointer            user_data,
                  char              **out_encoding,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autofree char *base_name = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 max_file_size;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base_name = g_path_get_basename (path);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO, "%s: %s", base_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO, "%s: not a regular file",
                   base_name);
      return FALSE;
    }

  /* Refuse an oversized file before mapping it. */
  max_file_size = (limits != NULL && limits->max_file_size != 0)
                  ? limits->max_file_size : PD_CSV_DEFAULT_MAX_FILE_SIZE;
  if ((guint64) st.st_size > max_file_size)
    {
      g_autofree char *size = g_format_size_full (st.st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *cap = g_format_size_full (max_file_size, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_TOO_LARGE,
                   "%s: the file is too large (%s; at most %s)", base_name, size, cap);
      return FALSE;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO, "%s: %s", base_name,
                   local_error->message);
      return FALSE;
    }

  return read_buffer (path,
                      (const guchar *) g_mapped_file_get_contents (mapped),
                      g_mapped_file_get_length (mapped),
                      limits, func, user_data, out_encoding, cancellable, error);
}
