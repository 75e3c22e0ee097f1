/* pd-xlsx-reader.c — a small, guarded reader of Excel workbooks (.xlsx)
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12 ships no C library that reads .xlsx, so this is one: libgsf inflates the zip
 * members and libxml2's streaming reader walks the XML, so a sheet of a million rows never
 * sits in memory. Workbooks arrive by e-mail from outside the organisation, so every
 * input is treated as hostile: the zip's own directory is read here first to refuse zip
 * bombs before anything is inflated, each member's CRC is checked (libgsf does not), XML
 * with a DOCTYPE is refused before libxml2 can act on it, and every index or reference
 * taken from the file is bounds-checked.
 */

#define _GNU_SOURCE   /* memmem */

#include "config.h"

#include <gsf/gsf.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-input-stdio.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <string.h>

#include "pd-xlsx-reader.h"

#define DEFAULT_MAX_UNCOMPRESSED  (G_GUINT64_CONSTANT (1) << 30)
#define DEFAULT_MAX_RATIO         200.0
#define DEFAULT_MAX_SHARED        ((gsize) 256 << 20)
#define EXCEL_MAX_COLUMNS         16384      /* XFD */
#define EXCEL_MAX_ROWS            1048576
/* A member this small cannot exhaust anything, however well it compresses; below it the
 * ratio test would only refuse tiny, highly repetitive but honest parts. */
#define RATIO_FLOOR               ((guint64) 1 << 20)
/* Excel holds at most 32,767 characters in a cell; this leaves room for other writers
 * while keeping one cell from taking a row's worth of memory. */
#define MAX_CELL_BYTES            ((gsize) 1 << 20)
/* What a shared string costs beyond its text: its offset in the index. */
#define SHARED_STRING_OVERHEAD    sizeof (gsize)
#define CANCEL_CHECK_ROWS         4096
/* 9999-12-31, the last day Excel can show. */
#define EXCEL_MAX_SERIAL          2958466.0

#define ZIP_LOCAL_SIGNATURE       0x04034b50u
#define ZIP_CENTRAL_SIGNATURE     0x02014b50u
#define ZIP_END_SIGNATURE         0x06054b50u
#define ZIP64_LOCATOR_SIGNATURE   0x07064b50u
#define ZIP64_END_SIGNATURE       0x06064b50u

typedef struct
{
  char    *name;       /* as stored in the zip */
  guint64  csize;
  guint64  usize;
  guint64  offset;     /* of the local header */
  guint32  crc;
  guint32  dostime;
  guint16  method;
} XlsxMember;

typedef struct
{
  char       *name;
  XlsxMember *member;
} XlsxSheet;

struct _PdXlsxBook
{
  char         *basename;
  PdXlsxLimits  limits;

  GsfInput     *source;
  GsfInfile    *zip;
  GHashTable   *members;        /* casefolded name → XlsxMember */

  GPtrArray    *sheets;         /* XlsxSheet */
  gboolean      date1904;

  /* Shared strings, NUL-separated in one block so a cell's text points straight in. */
  GString      *shared_text;
  GArray       *shared_offsets; /* gsize */

  GArray       *xf_is_date;     /* gboolean per cellXfs entry */
};

static void xlsx_sheet_free (XlsxSheet *sheet);

/* ---- small helpers ----------------------------------------------------------------- */

/* CRC-32 tables for eight bytes at a time: the check runs over every byte inflated, and
 * one byte at a time it took a tenth of the reading time. */
static guint32 crc_table[8][256];

static gpointer
init_once (gpointer data)
{
  for (guint32 i = 0; i < 256; i++)
    {
      guint32 c = i;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[0][i] = c;
    }
  for (guint32 i = 0; i < 256; i++)
    for (int t = 1; t < 8; t++)
      crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];

  gsf_init ();
  xmlInitParser ();
  return NULL;
}

static void
ensure_initialised (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_once, NULL);
}

static guint16
get_le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
get_le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16)
         | ((guint32) p[3] << 24);
}

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (; len >= 8; data += 8, len -= 8)
    {
      guint32 one = get_le32 (data) ^ crc;
      guint32 two = get_le32 (data + 4);

      crc = crc_table[7][one & 0xff] ^ crc_table[6][(one >> 8) & 0xff]
            ^ crc_table[5][(one >> 16) & 0xff] ^ crc_table[4][one >> 24]
            ^ crc_table[3][two & 0xff] ^ crc_table[2][(two >> 8) & 0xff]
            ^ crc_table[1][(two >> 16) & 0xff] ^ crc_table[0][two >> 24];
    }
  while (len--)
    crc = crc_table[0][(crc ^ *data++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static guint64
get_le64 (const guint8 *p)
{
  return (guint64) get_le32 (p) | ((guint64) get_le32 (p + 4) << 32);
}

/* Every message starts with the file's base name, as the importer's messages do. */
static void G_GNUC_PRINTF (4, 5)
set_error (GError     **error,
           int          code,
           const char  *basename,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PD_IMPORT_ERROR, code, "%s: %s", basename, message);
}

/* The same, with the place in the workbook: "pack.xlsx, sheet “spend”: …". */
static void G_GNUC_PRINTF (5, 6)
set_error_at (GError     **error,
              int          code,
              const char  *basename,
              const char  *where,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PD_IMPORT_ERROR, code, "%s, %s: %s", basename, where, message);
}

/* ---- the zip directory --------------------------------------------------------------- */

static void
xlsx_member_free (XlsxMember *member)
{
  g_free (member->name);
  g_free (member);
}

static gboolean
read_at (GsfInput *input,
         guint64   offset,
         gsize     len,
         guint8   *buffer)
{
  if (offset > G_MAXINT64 || gsf_input_seek (input, (gsf_off_t) offset, G_SEEK_SET))
    return FALSE;
  return gsf_input_read (input, len, buffer) != NULL;
}

/* Reads the central directory ourselves: libgsf keeps the compressed sizes and CRCs to
 * itself, and the zip-bomb test needs them before anything is inflated. */
static gboolean
read_zip_directory (PdXlsxBook  *book,
                    GError     **error)
{
  guint64 file_size = gsf_input_size (book->source);
  guint8 magic[4];
  gsize tail_len;
  g_autofree guint8 *tail = NULL;
  gssize end_pos = -1;
  guint64 n_entries, dir_size, dir_offset, end_offset;
  g_autofree guint8 *dir = NULL;
  gsize pos;

  if (file_size == 0)
    {
      set_error (error, PD_IMPORT_ERROR_EMPTY, book->basename, "the file is empty");
      return FALSE;
    }
  if (file_size < 4 || !read_at (book->source, 0, 4, magic))
    goto not_zip;
  if (memcmp (magic, "\xd0\xcf\x11\xe0", 4) == 0)
    {
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "this is an old Excel file (.xls) or a password-protected workbook; "
                 "save it from Excel as an .xlsx workbook without a password");
      return FALSE;
    }
  if (memcmp (magic, "PK\003\004", 4) != 0)
    goto not_zip;

  /* The end record sits in the last 64 KiB + 22 bytes (its comment is at most 64 KiB). */
  tail_len = (gsize) MIN (file_size, (guint64) 65535 + 22);
  tail = g_malloc (tail_len);
  if (!read_at (book->source, file_size - tail_len, tail_len, tail))
    goto truncated;
  for (gssize i = (gssize) tail_len - 22; i >= 0; i--)
    if (get_le32 (tail + i) == ZIP_END_SIGNATURE)
      {
        end_pos = i;
        break;
      }
  if (end_pos < 0)
    goto truncated;

  end_offset = file_size - tail_len + (guint64) end_pos;
  n_entries = get_le16 (tail + end_pos + 10);
  dir_size = get_le32 (tail + end_pos + 12);
  dir_offset = get_le32 (tail + end_pos + 16);

  if (n_entries == 0xffff || dir_size == 0xffffffffu || dir_offset == 0xffffffffu)
    {
      guint8 locator[20], end64[56];

      if (end_offset < 20 || !read_at (book->source, end_offset - 20, 20, locator)
          || get_le32 (locator) != ZIP64_LOCATOR_SIGNATURE
          || !read_at (book->source, get_le64 (locator + 8), 56, end64)
          || get_le32 (end64) != ZIP64_END_SIGNATURE)
        goto truncated;
      n_entries = get_le64 (end64 + 32);
      dir_size = get_le64 (end64 + 40);
      dir_offset = get_le64 (end64 + 48);
    }

  /* Each directory entry takes at least 46 bytes, so the counts must agree with the
   * sizes before any of them decides how much memory to take. */
  if (dir_offset > end_offset || dir_size > end_offset - dir_offset
      || n_entries > dir_size / 46)
    goto truncated;

  dir = g_malloc (MAX (dir_size, 1));
  if (!read_at (book->source, dir_offset, dir_size, dir))
    goto truncated;

  pos = 0;
  for (guint64 n = 0; n < n_entries; n++)
    {
      const guint8 *e = dir + pos;
      guint name_len, extra_len, comment_len;
      XlsxMember *member;
      g_autofree char *key = NULL;

      if (dir_size - pos < 46 || get_le32 (e) != ZIP_CENTRAL_SIGNATURE)
        goto truncated;
      name_len = get_le16 (e + 28);
      extra_len = get_le16 (e + 30);
      comment_len = get_le16 (e + 32);
      if (dir_size - pos - 46 < (guint64) name_len + extra_len + comment_len)
        goto truncated;

      member = g_new0 (XlsxMember, 1);
      member->name = g_strndup ((const char *) e + 46, name_len);
      member->method = get_le16 (e + 10);
      member->dostime = get_le32 (e + 12);
      member->crc = get_le32 (e + 16);
      member->csize = get_le32 (e + 20);
      member->usize = get_le32 (e + 24);
      member->offset = get_le32 (e + 42);

      /* Zip64: the real sizes and offset follow in the extra field, in this order, for
       * each value whose 32-bit field is saturated. */
      if (member->usize == 0xffffffffu || member->csize == 0xffffffffu
          || member->offset == 0xffffffffu)
        {
          const guint8 *x = e + 46 + name_len;
          const guint8 *x_end = x + extra_len;

          while (x_end - x >= 4)
            {
              guint id = get_le16 (x), len = get_le16 (x + 2);
              const guint8 *v = x + 4;

              if ((gsize) (x_end - v) < len)
                break;
              if (id == 0x0001)
                {
                  const guint8 *v_end = v + len;

                  if (member->usize == 0xffffffffu && v_end - v >= 8)
                    member->usize = get_le64 (v), v += 8;
                  if (member->csize == 0xffffffffu && v_end - v >= 8)
                    member->csize = get_le64 (v), v += 8;
                  if (member->offset == 0xffffffffu && v_end - v >= 8)
                    member->offset = get_le64 (v);
                  break;
                }
              x = v + len;
            }
        }

      pos += 46 + name_len + extra_len + comment_len;

      if (name_len == 0 || member->name[name_len - 1] == '/'
          || strlen (member->name) != name_len)
        {
          /* Directories hold nothing; a name with a NUL in it is never an xlsx part. */
          xlsx_member_free (member);
          continue;
        }
      if (get_le16 (e + 8) & 1)
        {
          set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                     "the part %s is encrypted", member->name);
          xlsx_member_free (member);
          return FALSE;
        }

      /* Part names in a workbook are case-insensitive, so two that differ only in case
       * would let the reader and Excel see different parts. */
      key = g_utf8_casefold (member->name, -1);
      if (g_hash_table_contains (book->members, key))
        {
          set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                     "the zip archive holds %s twice", member->name);
          xlsx_member_free (member);
          return FALSE;
        }
      g_hash_table_insert (book->members, g_steal_pointer (&key), member);
    }

  return TRUE;

not_zip:
  set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
             "not an Excel workbook (.xlsx): the file is not a zip archive");
  return FALSE;

truncated:
  set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
             "the workbook is truncated or damaged (its zip directory cannot be read)");
  return FALSE;
}

static XlsxMember *
find_member (PdXlsxBook *book,
             const char *name)
{
  g_autofree char *key = g_utf8_casefold (name, -1);

  return g_hash_table_lookup (book->members, key);
}

/* libgsf turns a member's MS-DOS date stamp into a GDateTime without checking it, and an
 * impossible one (month 0, 30 February) raises a GLib critical: a damaged workbook must
 * give an error instead. The fields are taken apart exactly as libgsf does. */
static gboolean
dostime_is_valid (guint32 dostime)
{
  g_autoptr(GDateTime) stamp = NULL;

  if (dostime == 0)
    return TRUE;   /* libgsf leaves a zero stamp alone */
  stamp = g_date_time_new_utc ((dostime >> 25) + 1980, (dostime >> 21) & 0x0f,
                               (dostime >> 16) & 0x1f, (dostime >> 11) & 0x0f,
                               (dostime >> 5) & 0x3f, (dostime & 0x1f) * 2);
  return stamp != NULL;
}

/* The guards that apply before a part is inflated at all. */
static gboolean
check_member (PdXlsxBook  *book,
              XlsxMember  *member,
              GError     **error)
{
  if (member->method != 0 && member->method != 8)
    {
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "the part %s uses zip compression method %u, which Excel never writes",
                 member->name, member->method);
      return FALSE;
    }
  if (!dostime_is_valid (member->dostime))
    {
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "the part %s is damaged (its date stamp is impossible)", member->name);
      return FALSE;
    }
  if (member->method == 0 && member->csize != member->usize)
    {
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "the part %s is damaged (stored sizes disagree)", member->name);
      return FALSE;
    }
  if (member->usize > book->limits.max_uncompressed)
    {
      set_error (error, PD_IMPORT_ERROR_TOO_LARGE, book->basename,
                 "the part %s would take %" G_GUINT64_FORMAT " bytes when uncompressed, "
                 "more than the limit of %" G_GUINT64_FORMAT,
                 member->name, member->usize, book->limits.max_uncompressed);
      return FALSE;
    }
  if (member->usize >= RATIO_FLOOR
      && (double) member->usize > book->limits.max_ratio * (double) member->csize)
    {
      set_error (error, PD_IMPORT_ERROR_UNSAFE, book->basename,
                 "the part %s expands %.0f times when uncompressed (the limit is %.0f): "
                 "this looks like a zip bomb",
                 member->name,
                 member->csize > 0 ? (double) member->usize / (double) member->csize
                                   : (double) member->usize,
                 book->limits.max_ratio);
      return FALSE;
    }
  return TRUE;
}

/* ---- one XML part, streamed ------------------------------------------------------------ */

typedef struct
{
  PdXlsxBook      *book;
  XlsxMember      *member;
  const char      *where;      /* "sheet “spend”" or the part's name, for messages */
  GsfInput        *input;
  xmlTextReaderPtr reader;

  guint64          bytes_read;
  guint32          crc;
  guint8           carry[16];  /* the last bytes read, to find markers across chunks */
  gsize            carry_len;

  int              failure;    /* PD_IMPORT_ERROR code found by the callbacks, or -1 */
  char            *failure_message;
  char            *xml_message;
  int              xml_line;
} XlsxPart;

static void
part_fail (XlsxPart   *part,
           int         code,
           const char *message)
{
  if (part->failure >= 0)
    return;
  part->failure = code;
  part->failure_message = g_strdup (message);
}

/* libxml2 acts on a DTD's declarations as it parses them, before the reader hands back
 * the DOCTYPE node, so the bytes are searched first. No part of a workbook has a DOCTYPE,
 * and markup cannot appear unescaped in text, so the search cannot refuse a good file. */
static gboolean
contains_doctype (XlsxPart     *part,
                  const guint8 *data,
                  gsize         len)
{
  static const char *markers[] = { "<!DOCTYPE", "<!ENTITY" };
  guint8 window[32];
  gsize head = MIN (len, sizeof window - part->carry_len);

  /* The seam between the previous chunk and this one. */
  memcpy (window, part->carry, part->carry_len);
  memcpy (window + part->carry_len, data, head);

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (memmem (window, part->carry_len + head, markers[i], strlen (markers[i])) != NULL
        || memmem (data, len, markers[i], strlen (markers[i])) != NULL)
      return TRUE;

  if (len >= sizeof part->carry)
    {
      memcpy (part->carry, data + len - sizeof part->carry, sizeof part->carry);
      part->carry_len = sizeof part->carry;
    }
  else
    {
      gsize keep = MIN (part->carry_len, sizeof part->carry - len);

      memmove (part->carry, part->carry + part->carry_len - keep, keep);
      memcpy (part->carry + keep, data, len);
      part->carry_len = keep + len;
    }
  return FALSE;
}

static int
part_read_cb (void *context,
              char *buffer,
              int   len)
{
  XlsxPart *part = context;
  guint64 remaining = part->member->usize - part->bytes_read;
  gsize n = (gsize) MIN ((guint64) MAX (len, 0), remaining);

  if (part->failure >= 0)
    return -1;

  if (n == 0)
    {
      /* The end: libgsf does not check CRCs, and without this a member cut short or
       * altered inside the zip would be read as a plausible shorter document. */
      if (part->crc != part->member->crc)
        {
          part_fail (part, PD_IMPORT_ERROR_MALFORMED,
                     "the part is damaged (its checksum does not match)");
          return -1;
        }
      return 0;
    }

  if (gsf_input_read (part->input, n, (guint8 *) buffer) == NULL)
    {
      part_fail (part, PD_IMPORT_ERROR_MALFORMED,
                 "the part is damaged or truncated (it cannot be uncompressed)");
      return -1;
    }

  if (contains_doctype (part, (const guint8 *) buffer, n))
    {
      part_fail (part, PD_IMPORT_ERROR_UNSAFE,
                 "the XML declares a DOCTYPE or entities, which workbooks never need and "
                 "which can be used to attack the reader");
      return -1;
    }

  part->crc = crc32_update (part->crc, (const guint8 *) buffer, n);
  part->bytes_read += n;
  return (int) n;
}

static void
part_xml_error_cb (void       *user_data,
                   xmlErrorPtr xml_error)
{
  XlsxPart *part = user_data;

  if (part->xml_message != NULL || xml_error == NULL || xml_error->level < XML_ERR_ERROR)
    return;
  part->xml_message = g_strstrip (g_strdup (xml_error->message ? xml_error->message : "?"));
  part->xml_line = xml_error->line;
}

static void
part_close (XlsxPart *part)
{
  g_clear_pointer (&part->reader, xmlFreeTextReader);
  g_clear_object (&part->input);
  g_clear_pointer (&part->failure_message, g_free);
  g_clear_pointer (&part->xml_message, g_free);
}

static gboolean
part_open (PdXlsxBook  *book,
           XlsxMember  *member,
           const char  *where,
           XlsxPart    *part,
           GError     **error)
{
  g_auto(GStrv) names = NULL;
  guint8 header[30];

  memset (part, 0, sizeof *part);
  part->book = book;
  part->member = member;
  part->where = where;
  part->failure = -1;

  if (!check_member (book, member, error))
    return FALSE;

  /* libgsf prints to stderr rather than failing quietly when the local header is wrong. */
  if (!read_at (book->source, member->offset, sizeof header, header)
      || get_le32 (header) != ZIP_LOCAL_SIGNATURE)
    {
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "the workbook is truncated or damaged (the part %s cannot be found)",
                 member->name);
      return FALSE;
    }

  names = g_strsplit (member->name, "/", -1);
  part->input = gsf_infile_child_by_aname (book->zip, (const char **) names);
  if (part->input == NULL
      || (guint64) gsf_input_size (part->input) != member->usize)
    {
      g_clear_object (&part->input);
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "the workbook is damaged (the part %s cannot be opened)", member->name);
      return FALSE;
    }

  /* No XML_PARSE_NOENT and no XML_PARSE_DTDLOAD: entities stay unexpanded and no external
   * DTD is fetched; XML_PARSE_NONET forbids the network whatever else happens. */
  part->reader = xmlReaderForIO (part_read_cb, NULL, part, member->name, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOCDATA);
  if (part->reader == NULL)
    {
      g_clear_object (&part->input);
      set_error_at (error, PD_IMPORT_ERROR_MALFORMED, book->basename, where,
                    "the XML cannot be read");
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (part->reader, part_xml_error_cb, part);
  return TRUE;
}

static void
part_set_error (XlsxPart    *part,
                GError     **error)
{
  if (part->failure >= 0)
    set_error_at (error, part->failure, part->book->basename, part->where, "%s",
                  part->failure_message);
  else if (part->xml_message != NULL)
    set_error_at (error, PD_IMPORT_ERROR_MALFORMED, part->book->basename, part->where,
                  "broken XML at line %d: %s", part->xml_line, part->xml_message);
  else
    set_error_at (error, PD_IMPORT_ERROR_MALFORMED, part->book->basename, part->where,
                  "broken XML");
}

/* Returns 1 with a node, 0 at the end, -1 with @error set. */
static int
part_next (XlsxPart  *part,
           GError   **error)
{
  int ret = xmlTextReaderRead (part->reader);
  int type;

  if (ret < 0 || part->failure >= 0)
    {
      part_set_error (part, error);
      return -1;
    }
  if (ret == 0)
    {
      /* libxml2 may stop at the root's end tag without asking for the rest; drain it so
       * the checksum and anything hidden after the root are still checked. */
      char scratch[4096];
      int n;

      while ((n = part_read_cb (part, scratch, sizeof scratch)) > 0)
        ;
      if (n < 0)
        {
          part_set_error (part, error);
          return -1;
        }
      return 0;
    }

  type = xmlTextReaderNodeType (part->reader);
  if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY
      || type == XML_READER_TYPE_ENTITY_REFERENCE)
    {
      part_fail (part, PD_IMPORT_ERROR_UNSAFE,
                 "the XML declares a DOCTYPE or entities, which workbooks never need and "
                 "which can be used to attack the reader");
      part_set_error (part, error);
      return -1;
    }
  return 1;
}

static gboolean
is_element (XlsxPart   *part,
            const char *local_name)
{
  return xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_ELEMENT
         && strcmp ((const char *) xmlTextReaderConstLocalName (part->reader),
                    local_name) == 0;
}

static gboolean
is_end_element (XlsxPart   *part,
                const char *local_name)
{
  return xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_END_ELEMENT
         && strcmp ((const char *) xmlTextReaderConstLocalName (part->reader),
                    local_name) == 0;
}

static gboolean
is_text (XlsxPart *part)
{
  int type = xmlTextReaderNodeType (part->reader);

  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
         || type == XML_READER_TYPE_WHITESPACE
         || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* An attribute by local name, whatever its namespace prefix: strict OOXML and
 * transitional OOXML differ only in namespace URIs. */
static char *
get_attribute (XlsxPart   *part,
               const char *local_name)
{
  char *value = NULL;

  if (xmlTextReaderMoveToFirstAttribute (part->reader) != 1)
    return NULL;
  do
    {
      if (strcmp ((const char *) xmlTextReaderConstLocalName (part->reader),
                  local_name) == 0)
        {
          value = g_strdup ((const char *) xmlTextReaderConstValue (part->reader));
          break;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (part->reader) == 1);
  xmlTextReaderMoveToElement (part->reader);
  return value;
}

/* The hot path's version: copies the short attributes a cell or row carries ("r", "t",
 * "s") into @values in one pass without allocating. A value too long for its buffer is
 * left as "\x01", which no caller accepts. */
static void
get_short_attributes (XlsxPart   *part,
                      const char *names,
                      char        values[][24])
{
  gsize n = strlen (names);

  for (gsize i = 0; i < n; i++)
    values[i][0] = '\0';
  if (xmlTextReaderMoveToFirstAttribute (part->reader) != 1)
    return;
  do
    {
      const char *name = (const char *) xmlTextReaderConstLocalName (part->reader);
      const char *hit;

      if (name[0] == '\0' || name[1] != '\0' || (hit = strchr (names, name[0])) == NULL)
        continue;
      if (g_strlcpy (values[hit - names],
                     (const char *) xmlTextReaderConstValue (part->reader), 24) >= 24)
        g_strlcpy (values[hit - names], "\x01", 24);
    }
  while (xmlTextReaderMoveToNextAttribute (part->reader) == 1);
  xmlTextReaderMoveToElement (part->reader);
}

/* ---- text of strings ------------------------------------------------------------------ */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_escape (const char *p,
              gunichar   *c)
{
  gunichar v = 0;

  if (p[0] != '_' || p[1] != 'x')
    return FALSE;
  for (int i = 2; i < 6; i++)
    {
      int h = hex_value (p[i]);

      if (h < 0)
        return FALSE;
      v = v * 16 + (gunichar) h;
    }
  if (p[6] != '_')
    return FALSE;
  *c = v;
  return TRUE;
}

/* OOXML writes characters that XML cannot carry (carriage returns, control characters)
 * as _xHHHH_, and a literal "_x" as _x005F_x. Decodes them in place from @start on. */
static void
decode_escapes (GString *text,
                gsize    start)
{
  const char *p;
  GString *out;

  if (strstr (text->str + start, "_x") == NULL)
    return;

  out = g_string_sized_new (text->len - start);
  p = text->str + start;
  while (*p != '\0')
    {
      gunichar c;

      if (*p == '_' && parse_escape (p, &c))
        {
          gunichar low;

          if (c >= 0xd800 && c < 0xdc00 && parse_escape (p + 7, &low)
              && low >= 0xdc00 && low < 0xe000)
            {
              g_string_append_unichar (out, 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00));
              p += 14;
              continue;
            }
          /* NUL would end the text early and lone surrogates are not UTF-8: keep those
           * escapes as they are. */
          if (c != 0 && g_unichar_validate (c))
            {
              g_string_append_unichar (out, c);
              p += 7;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }

  g_string_truncate (text, start);
  g_string_append_len (text, out->str, out->len);
  g_string_free (out, TRUE);
}

/* ---- relationships and workbook ---------------------------------------------------- */

/* Resolves a relationship target against the directory of the part that owns it: targets
 * are relative ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/sheet1.xml"). */
static char *
resolve_target (const char *base_dir,
                const char *target)
{
  g_autofree char *unescaped = g_uri_unescape_string (target, NULL);
  g_autofree char *joined = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  if (unescaped == NULL)
    return NULL;
  if (unescaped[0] == '/')
    joined = g_strdup (unescaped + 1);
  else
    joined = g_strconcat (base_dir, unescaped, NULL);

  segments = g_strsplit (joined, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || strcmp (segments[i], ".") == 0)
        continue;
      if (strcmp (segments[i], "..") == 0)
        {
          if (out->len == 0)
            return NULL;
          g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      g_ptr_array_add (out, segments[i]);
    }
  if (out->len == 0)
    return NULL;
  g_ptr_array_add (out, NULL);
  return g_strjoinv ("/", (char **) out->pdata);
}

static gboolean
type_is (const char *type,
         const char *suffix)
{
  return type != NULL && g_str_has_suffix (type, suffix)
         && type[strlen (type) - strlen (suffix) - 1] == '/';
}

typedef struct
{
  char *id;
  char *type;
  char *target;   /* resolved part name, or NULL when external or unresolvable */
} XlsxRel;

static void
xlsx_rel_free (XlsxRel *rel)
{
  g_free (rel->id);
  g_free (rel->type);
  g_free (rel->target);
  g_free (rel);
}

/* Reads the relationships of the part @owner (e.g. "xl/workbook.xml"). A missing
 * relationships part gives an empty list. */
static GPtrArray *
read_relationships (PdXlsxBook  *book,
                    const char  *owner,
                    GError     **error)
{
  g_autoptr(GPtrArray) rels = g_ptr_array_new_with_free_func ((GDestroyNotify) xlsx_rel_free);
  const char *slash = strrchr (owner, '/');
  g_autofree char *dir = slash ? g_strndup (owner, slash - owner + 1) : g_strdup ("");
  g_autofree char *rels_name = g_strdup_printf ("%s_rels/%s.rels", dir,
                                                slash ? slash + 1 : owner);
  XlsxMember *member = find_member (book, rels_name);
  g_autofree char *where = NULL;
  XlsxPart part;
  int ret;

  if (member == NULL)
    return g_steal_pointer (&rels);
  where = g_strdup_printf ("part %s", member->name);
  if (!part_open (book, member, where, &part, error))
    return NULL;

  while ((ret = part_next (&part, error)) > 0)
    {
      g_autofree char *target_mode = NULL;
      g_autofree char *target = NULL;
      XlsxRel *rel;

      if (!is_element (&part, "Relationship"))
        continue;

      rel = g_new0 (XlsxRel, 1);
      rel->id = get_attribute (&part, "Id");
      rel->type = get_attribute (&part, "Type");
      target_mode = get_attribute (&part, "TargetMode");
      target = get_attribute (&part, "Target");
      if (target != NULL
          && (target_mode == NULL || g_ascii_strcasecmp (target_mode, "External") != 0))
        rel->target = resolve_target (dir, target);
      g_ptr_array_add (rels, rel);
    }
  part_close (&part);
  if (ret < 0)
    return NULL;

  return g_steal_pointer (&rels);
}

static XlsxRel *
find_rel_by_type (GPtrArray  *rels,
                  const char *suffix)
{
  for (guint i = 0; i < rels->len; i++)
    {
      XlsxRel *rel = g_ptr_array_index (rels, i);

      if (type_is (rel->type, suffix) && rel->target != NULL)
        return rel;
    }
  return NULL;
}

static XlsxRel *
find_rel_by_id (GPtrArray  *rels,
                const char *id)
{
  for (guint i = 0; i < rels->len; i++)
    {
      XlsxRel *rel = g_ptr_array_index (rels, i);

      if (g_strcmp0 (rel->id, id) == 0)
        return rel;
    }
  return NULL;
}

static gboolean
attribute_is_true (const char *value)
{
  return value != NULL && (strcmp (value, "1") == 0 || strcmp (value, "true") == 0);
}

static gboolean
read_workbook (PdXlsxBook  *book,
               const char  *workbook_name,
               GPtrArray   *rels,
               GError     **error)
{
  XlsxMember *member = find_member (book, workbook_name);
  g_autofree char *where = NULL;
  gboolean seen_root = FALSE;
  XlsxPart part;
  int ret;

  if (member == NULL)
    {
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "not an Excel workbook (.xlsx): the zip archive has no %s", workbook_name);
      return FALSE;
    }
  where = g_strdup_printf ("part %s", member->name);
  if (!part_open (book, member, where, &part, error))
    return FALSE;

  while ((ret = part_next (&part, error)) > 0)
    {
      /* A Word or PowerPoint file is a zip with an office document too. */
      if (!seen_root && xmlTextReaderNodeType (part.reader) == XML_READER_TYPE_ELEMENT)
        {
          seen_root = TRUE;
          if (!is_element (&part, "workbook"))
            {
              set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                         "not an Excel workbook (.xlsx): its main part is a “%s”",
                         (const char *) xmlTextReaderConstLocalName (part.reader));
              ret = -1;
              break;
            }
        }

      if (is_element (&part, "workbookPr"))
        {
          g_autofree char *date1904 = get_attribute (&part, "date1904");

          book->date1904 = attribute_is_true (date1904);
        }
      else if (is_element (&part, "sheet"))
        {
          g_autofree char *name = get_attribute (&part, "name");
          g_autofree char *id = get_attribute (&part, "id");
          XlsxRel *rel = id ? find_rel_by_id (rels, id) : NULL;
          XlsxSheet *sheet;

          if (name == NULL || name[0] == '\0' || rel == NULL || rel->target == NULL)
            {
              part_fail (&part, PD_IMPORT_ERROR_MALFORMED,
                         "a sheet has no name or no part that holds its cells");
              part_set_error (&part, error);
              ret = -1;
              break;
            }
          /* Chart sheets and macro sheets hold no cells to import. */
          if (!type_is (rel->type, "worksheet"))
            continue;

          sheet = g_new0 (XlsxSheet, 1);
          sheet->name = g_steal_pointer (&name);
          sheet->member = find_member (book, rel->target);
          g_ptr_array_add (book->sheets, sheet);
          if (sheet->member == NULL)
            {
              set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                         "the sheet “%s” is missing from the workbook (no part %s)",
                         sheet->name, rel->target);
              ret = -1;
              break;
            }
        }
    }
  part_close (&part);
  return ret == 0;
}

/* ---- styles: which cell formats are dates ---------------------------------------- */

static gboolean
builtin_format_is_date (guint id)
{
  return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

/* A number format shows a date or time when it has a day, month, year, hour or second
 * code outside quoted text, [brackets] (colours, conditions, locales), escapes and the
 * _x (space as wide as x) and *x (fill with x) codes. "0.00%" and "£#,##0" are numbers. */
static gboolean
format_code_is_date (const char *code)
{
  for (const char *p = code; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            return FALSE;
          break;

        case '[':
          p = strchr (p + 1, ']');
          if (p == NULL)
            return FALSE;
          break;

        case '\\':
        case '_':
        case '*':
          if (p[1] == '\0')
            return FALSE;
          p++;
          break;

        case 'd': case 'D':
        case 'm': case 'M':
        case 'y': case 'Y':
        case 'h': case 'H':
        case 's': case 'S':
          return TRUE;

        default:
          break;
        }
    }
  return FALSE;
}

static gboolean
read_styles (PdXlsxBook  *book,
             XlsxMember  *member,
             GError     **error)
{
  g_autoptr(GHashTable) custom = g_hash_table_new (NULL, NULL);  /* id → is date + 1 */
  gboolean in_cell_xfs = FALSE;
  g_autofree char *where = NULL;
  XlsxPart part;
  int ret;

  where = g_strdup_printf ("part %s", member->name);
  if (!part_open (book, member, where, &part, error))
    return FALSE;

  while ((ret = part_next (&part, error)) > 0)
    {
      if (is_element (&part, "numFmt"))
        {
          g_autofree char *id = get_attribute (&part, "numFmtId");
          guint64 value;

          if (id != NULL && g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT32, &value, NULL))
            {
              g_autofree char *code = get_attribute (&part, "formatCode");

              g_hash_table_insert (custom, GUINT_TO_POINTER ((guint) value),
                                   GUINT_TO_POINTER (code && format_code_is_date (code)
                                                     ? 2 : 1));
            }
        }
      else if (is_element (&part, "cellXfs"))
        {
          in_cell_xfs = !xmlTextReaderIsEmptyElement (part.reader);
        }
      else if (is_end_element (&part, "cellXfs"))
        {
          in_cell_xfs = FALSE;
        }
      else if (in_cell_xfs && is_element (&part, "xf"))
        {
          g_autofree char *id = get_attribute (&part, "numFmtId");
          guint64 value = 0;
          gboolean is_date = FALSE;

          if (id != NULL && g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT32, &value, NULL))
            {
              guint kind = GPOINTER_TO_UINT (g_hash_table_lookup (custom,
                                                                  GUINT_TO_POINTER (value)));

              /* A workbook may redefine a built-in id; its own definition wins. */
              is_date = kind ? kind == 2 : builtin_format_is_date ((guint) value);
            }
          /* Bounded by the part's size, which the limits already capped. */
          g_array_append_val (book->xf_is_date, is_date);
        }
    }
  part_close (&part);
  return ret == 0;
}

/* ---- shared strings --------------------------------------------------------------- */

static gboolean
read_shared_strings (PdXlsxBook  *book,
                     XlsxMember  *member,
                     GError     **error)
{
  gsize limit = book->limits.max_shared_strings;
  gsize start = 0;
  int in_si = 0, in_t = 0, in_phonetic = 0;
  g_autofree char *where = NULL;
  XlsxPart part;
  int ret;

  where = g_strdup_printf ("part %s", member->name);
  if (!part_open (book, member, where, &part, error))
    return FALSE;

  while ((ret = part_next (&part, error)) > 0)
    {
      int type = xmlTextReaderNodeType (part.reader);

      if (type == XML_READER_TYPE_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (part.reader);
          gboolean empty = xmlTextReaderIsEmptyElement (part.reader);

          if (strcmp (name, "si") == 0)
            {
              start = book->shared_text->len;
              in_si = !empty;
              if (empty)
                {
                  g_array_append_val (book->shared_offsets, start);
                  g_string_append_c (book->shared_text, '\0');
                }
            }
          else if (strcmp (name, "rPh") == 0 && in_si)
            in_phonetic = !empty;   /* phonetic guides are not part of the text */
          else if (strcmp (name, "t") == 0 && in_si && !in_phonetic)
            in_t = !empty;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (part.reader);

          if (strcmp (name, "t") == 0)
            in_t = FALSE;
          else if (strcmp (name, "rPh") == 0)
            in_phonetic = FALSE;
          else if (strcmp (name, "si") == 0 && in_si)
            {
              decode_escapes (book->shared_text, start);
              g_array_append_val (book->shared_offsets, start);
              g_string_append_c (book->shared_text, '\0');
              in_si = FALSE;
            }
        }
      else if (in_t && is_text (&part))
        {
          const char *value = (const char *) xmlTextReaderConstValue (part.reader);

          g_string_append (book->shared_text, value);
          if (book->shared_text->len - start > MAX_CELL_BYTES)
            {
              g_autofree char *message =
                g_strdup_printf ("shared string %u is longer than %zu bytes",
                                 book->shared_offsets->len, MAX_CELL_BYTES);
              part_fail (&part, PD_IMPORT_ERROR_TOO_LARGE, message);
              part_set_error (&part, error);
              ret = -1;
              break;
            }
        }

      if (book->shared_text->len + book->shared_offsets->len * SHARED_STRING_OVERHEAD > limit)
        {
          g_autofree char *message =
            g_strdup_printf ("the shared strings take more than the limit of %zu bytes",
                             limit);
          part_fail (&part, PD_IMPORT_ERROR_TOO_LARGE, message);
          part_set_error (&part, error);
          ret = -1;
          break;
        }
    }
  part_close (&part);
  return ret == 0;
}

/* ---- the book ------------------------------------------------------------------------ */

static void
xlsx_sheet_free (XlsxSheet *sheet)
{
  g_free (sheet->name);
  g_free (sheet);
}

/**
 * pd_xlsx_book_open:
 * @path: an .xlsx file
 * @limits: (nullable): caps on sizes; %NULL or zero fields take the defaults
 * @error: a #PD_IMPORT_ERROR naming the file
 *
 * Opens a workbook: reads its zip directory, refuses zip bombs and oversized parts before
 * inflating anything, then reads the sheet list, the date system, which cell formats are
 * dates, and the shared strings (bounded by @limits). Sheets are read later, streamed.
 * A book is used from one thread at a time.
 *
 * Returns: (transfer full): the book, or %NULL with @error set
 */
PdXlsxBook *
pd_xlsx_book_open (const char          *path,
                   const PdXlsxLimits  *limits,
                   GError             **error)
{
  g_autoptr(PdXlsxBook) book = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) root_rels = NULL;
  g_autoptr(GPtrArray) rels = NULL;
  g_autofree char *workbook_name = NULL;
  XlsxRel *office, *styles, *strings;
  XlsxMember *styles_member = NULL, *strings_member = NULL;
  guint64 total;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_initialised ();

  book = g_new0 (PdXlsxBook, 1);
  book->basename = g_path_get_basename (path);
  if (limits != NULL)
    book->limits = *limits;
  if (book->limits.max_uncompressed == 0)
    book->limits.max_uncompressed = DEFAULT_MAX_UNCOMPRESSED;
  if (book->limits.max_ratio <= 0)
    book->limits.max_ratio = DEFAULT_MAX_RATIO;
  if (book->limits.max_shared_strings == 0)
    book->limits.max_shared_strings = DEFAULT_MAX_SHARED;
  if (book->limits.max_columns == 0 || book->limits.max_columns > EXCEL_MAX_COLUMNS)
    book->limits.max_columns = EXCEL_MAX_COLUMNS;
  book->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) xlsx_member_free);
  book->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) xlsx_sheet_free);
  book->shared_text = g_string_new (NULL);
  book->shared_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  book->xf_is_date = g_array_new (FALSE, FALSE, sizeof (gboolean));

  book->source = gsf_input_stdio_new (path, &local_error);
  if (book->source == NULL)
    {
      set_error (error, PD_IMPORT_ERROR_IO, book->basename, "%s", local_error->message);
      return NULL;
    }

  if (!read_zip_directory (book, error))
    return NULL;

  book->zip = gsf_infile_zip_new (book->source, &local_error);
  if (book->zip == NULL)
    {
      set_error (error, PD_IMPORT_ERROR_MALFORMED, book->basename,
                 "the workbook is truncated or damaged (%s)", local_error->message);
      return NULL;
    }

  /* The package's own relationships name the workbook part; xl/workbook.xml is where
   * every writer puts it, so it stands in when they are missing. */
  root_rels = read_relationships (book, "", error);
  if (root_rels == NULL)
    return NULL;
  office = find_rel_by_type (root_rels, "officeDocument");
  workbook_name = g_strdup (office ? office->target : "xl/workbook.xml");

  rels = read_relationships (book, workbook_name, error);
  if (rels == NULL)
    return NULL;
  if (!read_workbook (book, workbook_name, rels, error))
    return NULL;
  if (book->sheets->len == 0)
    {
      set_error (error, PD_IMPORT_ERROR_EMPTY, book->basename, "the workbook has no worksheets");
      return NULL;
    }

  styles = find_rel_by_type (rels, "styles");
  if (styles != NULL)
    styles_member = find_member (book, styles->target);
  strings = find_rel_by_type (rels, "sharedStrings");
  if (strings != NULL)
    strings_member = find_member (book, strings->target);

  /* Every part this book will inflate, checked before the big ones are touched. */
  total = 0;
  for (guint i = 0; i < book->sheets->len; i++)
    {
      XlsxSheet *sheet = g_ptr_array_index (book->sheets, i);

      if (!check_member (book, sheet->member, error))
        return NULL;
      total += sheet->member->usize;
    }
  if (styles_member != NULL)
    total += styles_member->usize;
  if (strings_member != NULL)
    total += strings_member->usize;
  if (total > book->limits.max_uncompressed)
    {
      set_error (error, PD_IMPORT_ERROR_TOO_LARGE, book->basename,
                 "the workbook would take %" G_GUINT64_FORMAT " bytes when uncompressed, "
                 "more than the limit of %" G_GUINT64_FORMAT,
                 total, book->limits.max_uncompressed);
      return NULL;
    }

  if (styles_member != NULL && !read_styles (book, styles_member, error))
    return NULL;
  if (strings_member != NULL && !read_shared_strings (book, strings_member, error))
    return NULL;

  return g_steal_pointer (&book);
}

/**
 * pd_xlsx_book_get_n_sheets:
 * @book: a book
 *
 * Returns: the number of worksheets (chart sheets are left out)
 */
guint
pd_xlsx_book_get_n_sheets (PdXlsxBook *book)
{
  g_return_val_if_fail (book != NULL, 0);

  return book->sheets->len;
}

/**
 * pd_xlsx_book_get_sheet_name:
 * @book: a book
 * @index: 0-based, in the order the workbook shows its tabs
 *
 * Returns: (transfer none): the sheet's name as its tab shows it
 */
const char *
pd_xlsx_book_get_sheet_name (PdXlsxBook *book,
                             guint       index)
{
  g_return_val_if_fail (book != NULL, NULL);
  g_return_val_if_fail (index < book->sheets->len, NULL);

  return ((XlsxSheet *) g_ptr_array_index (book->sheets, index))->name;
}

/**
 * pd_xlsx_book_uses_1904:
 * @book: a book
 *
 * Returns: whether the workbook counts dates from 1904 (old Mac Excel). Dates are
 *   delivered in the 1900 system either way.
 */
gboolean
pd_xlsx_book_uses_1904 (PdXlsxBook *book)
{
  g_return_val_if_fail (book != NULL, FALSE);

  return book->date1904;
}

/**
 * pd_xlsx_book_free:
 * @book: (nullable): a book
 *
 * Closes the workbook and frees everything it holds.
 */
void
pd_xlsx_book_free (PdXlsxBook *book)
{
  if (book == NULL)
    return;

  g_clear_object (&book->zip);
  g_clear_object (&book->source);
  g_clear_pointer (&book->members, g_hash_table_unref);
  g_clear_pointer (&book->sheets, g_ptr_array_unref);
  if (book->shared_text != NULL)
    g_string_free (book->shared_text, TRUE);
  g_clear_pointer (&book->shared_offsets, g_array_unref);
  g_clear_pointer (&book->xf_is_date, g_array_unref);
  g_free (book->basename);
  g_free (book);
}

/**
 * pd_xlsx_is_xlsx_file:
 * @path: a file
 *
 * Sniffs the first bytes for a zip archive, to tell a workbook from a CSV file whatever
 * its name says.
 *
 * Returns: whether @path starts like a zip archive (and so may be an .xlsx workbook)
 */
gboolean
pd_xlsx_is_xlsx_file (const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 magic[4];
  gsize n = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), magic, sizeof magic, &n,
                                   NULL, NULL))
    return FALSE;
  return n == sizeof magic && memcmp (magic, "PK\003\004", 4) == 0;
}

/* ---- values ---------------------------------------------------------------------------- */

/* The shortest of %.15g, %.16g and %.17g that reads back as the same double: 1234.56
 * stays "1234.56" and 0.1 + 0.2 is "0.30000000000000004". */
static void
format_number (double  value,
               char   *buffer,
               gsize   size)
{
  static const char *formats[] = { "%.15g", "%.16g", "%.17g" };

  if (value == 0)
    {
      g_strlcpy (buffer, "0", size);   /* no "-0" */
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, size, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return;
    }
}

/* Text that is a plain integer of at most 15 digits is already its own shortest form:
 * most cells (pence, counts, years) take this path and skip formatting. */
static gboolean
is_plain_integer (const char *text,
                  gsize       len)
{
  gsize i = 0, digits;

  if (len > 0 && text[0] == '-')
    i = 1;
  digits = len - i;
  if (digits == 0 || digits > 15 || (text[i] == '0' && digits > 1))
    return FALSE;
  if (i == 1 && digits == 1 && text[1] == '0')
    return FALSE;
  for (; i < len; i++)
    if (text[i] < '0' || text[i] > '9')
      return FALSE;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* Writes the ISO text of a 1900-system serial. Day 60 is Excel's 29 February 1900, a day
 * that never was: Lotus 1-2-3 took 1900 for a leap year and Excel kept the bug, so serials
 * below 60 count from 31 December 1899 and the rest from 30 December 1899. */
static void
format_serial (double  serial,
               char   *buffer,
               gsize   size)
{
  gint64 total = llround (serial * 86400.0);
  gint64 day = total / 86400;
  gint64 seconds = total % 86400;
  char date[16];

  if (day == 60)
    g_strlcpy (date, "1900-02-29", sizeof date);
  else
    {
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, 30, G_DATE_DECEMBER, 1899);
      g_date_add_days (&d, (guint) (day < 60 ? day + 1 : day));
      g_snprintf (date, sizeof date, "%04u-%02u-%02u", g_date_get_year (&d),
                  g_date_get_month (&d), g_date_get_day (&d));
    }

  if (seconds == 0)
    g_strlcpy (buffer, date, size);
  else
    g_snprintf (buffer, size, "%sT%02d:%02d:%02d", date, (int) (seconds / 3600),
                (int) (seconds / 60 % 60), (int) (seconds % 60));
}

/* Parses a strict-OOXML date cell (t="d", "2009-04-01T10:30:00") into a 1900 serial. */
static gboolean
parse_iso_date (const char *text,
                double     *serial)
{
  guint y, mo, d, h = 0, mi = 0;
  double s = 0;
  int used = 0;
  GDate date, epoch;
  gint days;

  if (sscanf (text, "%4u-%2u-%2u%n", &y, &mo, &d, &used) != 3)
    return FALSE;
  text += used;
  if (*text == 'T')
    {
      char *end;

      if (sscanf (text, "T%2u:%2u%n", &h, &mi, &used) != 2 || h > 23 || mi > 59)
        return FALSE;
      text += used;
      if (*text == ':')
        {
          s = g_ascii_strtod (text + 1, &end);
          if (end == text + 1 || s < 0 || s >= 60)
            return FALSE;
          text = end;
        }
      if (*text == 'Z')
        text++;
    }
  if (*text != '\0' || !g_date_valid_dmy (d, mo, y) || y < 1900)
    return FALSE;

  g_date_clear (&date, 1);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&date, d, mo, y);
  g_date_set_dmy (&epoch, 30, G_DATE_DECEMBER, 1899);
  days = g_date_days_between (&epoch, &date);
  if (days < 61)
    days--;   /* before Excel's fictitious 29 February 1900 */
  *serial = days + (h * 3600 + mi * 60 + s) / 86400.0;
  return TRUE;
}

/* ---- a sheet, streamed ----------------------------------------------------------- */

typedef struct
{
  PdCellType type;
  double     number;
  gboolean   shared;   /* text is in the book's shared strings */
  gsize      offset;
  gsize      len;
} RowCell;

typedef struct
{
  PdXlsxBook  *book;
  XlsxSheet   *sheet;
  XlsxPart     part;
  char        *where;

  guint64      row;            /* current row number */
  guint64      last_row;
  guint64      n_rows;         /* delivered so far */
  GArray      *cells;          /* RowCell */
  GArray      *out;            /* PdCell */
  GString     *text;           /* the row's own cell texts, NUL-separated */

  /* The cell being read. */
  guint        column;         /* 1-based */
  char         kind[16];       /* its t attribute */
  gboolean     is_date;
  GString     *value;          /* <v> or inline string text */
  gboolean     has_value;
  gboolean     in_v, in_is, in_t, in_phonetic;
} SheetReader;

static void G_GNUC_PRINTF (5, 6)
cell_error (SheetReader  *r,
            GError      **error,
            int           code,
            guint         column,
            const char   *format,
            ...)
{
  g_autofree char *message = NULL;
  g_autofree char *letter = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (column > 0 && column <= EXCEL_MAX_COLUMNS)
    {
      letter = pd_column_name (column);
      set_error_at (error, code, r->book->basename, r->where,
                    "row %" G_GUINT64_FORMAT ", column %s: %s", r->row, letter, message);
    }
  else
    set_error_at (error, code, r->book->basename, r->where, "row %" G_GUINT64_FORMAT ": %s",
                  r->row, message);
}

/* "C7" → column 3. Only the column is used; the row must still be a valid number. */
static gboolean
parse_reference (const char *ref,
                 guint      *column,
                 guint64    *row)
{
  guint64 col = 0, r = 0;
  const char *p = ref;

  for (; g_ascii_isalpha (*p); p++)
    {
      col = col * 26 + (guint64) (g_ascii_toupper (*p) - 'A' + 1);
      if (col > G_MAXUINT32)
        return FALSE;
    }
  if (p == ref || !g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      r = r * 10 + (guint64) (*p - '0');
      if (r > G_MAXUINT32)
        return FALSE;
    }
  if (*p != '\0' || r == 0)
    return FALSE;
  *column = (guint) col;
  *row = r;
  return TRUE;
}

static RowCell *
reserve_cell (SheetReader *r)
{
  /* Columns skipped by a sparse row are empty cells: the array clears what it adds, and
   * PD_CELL_EMPTY is 0. */
  G_STATIC_ASSERT (PD_CELL_EMPTY == 0);
  if (r->cells->len < r->column)
    g_array_set_size (r->cells, r->column);
  return &g_array_index (r->cells, RowCell, r->column - 1);
}

static void
set_own_text (SheetReader *r,
              RowCell     *cell,
              const char  *text,
              gsize        len)
{
  cell->shared = FALSE;
  cell->offset = r->text->len;
  cell->len = len;
  g_string_append_len (r->text, text, len);
  g_string_append_c (r->text, '\0');
}

static gboolean
finish_cell (SheetReader  *r,
             GError      **error)
{
  const char *kind = r->kind;
  const char *v = r->value->str;
  RowCell *cell;

  /* A formatted cell with no value, or an empty string: nothing to hold, and a row of
   * styled cells out to column XFD costs nothing. */
  if (!r->has_value || r->value->len == 0)
    return TRUE;
  cell = reserve_cell (r);

  if (kind[0] == '\0' || strcmp (kind, "n") == 0)
    {
      double number, serial;
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (!parse_number (v, &number))
        {
          cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, r->column,
                      "“%.40s” is not a number", v);
          return FALSE;
        }
      /* 1 January 1904 is day 1462 of the 1900 system. */
      serial = r->book->date1904 ? number + 1462 : number;
      cell->number = number;
      if (r->is_date && number >= 0 && serial < EXCEL_MAX_SERIAL)
        {
          cell->type = PD_CELL_DATE;
          cell->number = serial;
          format_serial (serial, buffer, sizeof buffer);
          set_own_text (r, cell, buffer, strlen (buffer));
        }
      else if (is_plain_integer (v, r->value->len))
        {
          cell->type = PD_CELL_NUMBER;
          set_own_text (r, cell, v, r->value->len);
        }
      else
        {
          cell->type = PD_CELL_NUMBER;
          format_number (number, buffer, sizeof buffer);
          set_own_text (r, cell, buffer, strlen (buffer));
        }
    }
  else if (strcmp (kind, "s") == 0)
    {
      guint64 index;
      gsize offset, len;

      if (!g_ascii_string_to_unsigned (v, 10, 0, G_MAXUINT64, &index, NULL)
          || index >= r->book->shared_offsets->len)
        {
          cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, r->column,
                      "shared string “%.40s” does not exist (the workbook has %u)",
                      v, r->book->shared_offsets->len);
          return FALSE;
        }
      offset = g_array_index (r->book->shared_offsets, gsize, index);
      len = (index + 1 < r->book->shared_offsets->len
             ? g_array_index (r->book->shared_offsets, gsize, index + 1)
             : r->book->shared_text->len) - offset - 1;
      if (len > 0)
        {
          cell->type = PD_CELL_TEXT;
          cell->shared = TRUE;
          cell->offset = offset;
          cell->len = len;
        }
    }
  else if (strcmp (kind, "inlineStr") == 0 || strcmp (kind, "str") == 0)
    {
      decode_escapes (r->value, 0);
      if (r->value->len > 0)
        {
          cell->type = PD_CELL_TEXT;
          set_own_text (r, cell, r->value->str, r->value->len);
        }
    }
  else if (strcmp (kind, "b") == 0)
    {
      gboolean value;

      if (strcmp (v, "1") == 0 || strcmp (v, "true") == 0)
        value = TRUE;
      else if (strcmp (v, "0") == 0 || strcmp (v, "false") == 0)
        value = FALSE;
      else
        {
          cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, r->column,
                      "“%.40s” is not a boolean", v);
          return FALSE;
        }
      cell->type = PD_CELL_BOOLEAN;
      cell->number = value;
      set_own_text (r, cell, value ? "TRUE" : "FALSE", value ? 4 : 5);
    }
  else if (strcmp (kind, "e") == 0)
    {
      cell->type = PD_CELL_ERROR;
      set_own_text (r, cell, v, r->value->len);
    }
  else if (strcmp (kind, "d") == 0)
    {
      double serial;
      char buffer[32];

      if (!parse_iso_date (v, &serial))
        {
          cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, r->column,
                      "“%.40s” is not a date", v);
          return FALSE;
        }
      cell->type = PD_CELL_DATE;
      cell->number = serial;
      format_serial (serial, buffer, sizeof buffer);
      set_own_text (r, cell, buffer, strlen (buffer));
    }
  else
    {
      cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, r->column,
                  "unknown cell type “%s”", kind);
      return FALSE;
    }
  return TRUE;
}

static gboolean
start_cell (SheetReader  *r,
            GError      **error)
{
  char values[3][24];
  const char *ref = values[0], *kind = values[1], *style = values[2];
  guint column = r->column + 1;
  guint64 row;

  get_short_attributes (&r->part, "rts", values);
  if (ref[0] != '\0')
    {
      if (!parse_reference (ref, &column, &row) || column == 0)
        {
          cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, 0,
                      "“%.40s” is not a cell reference", ref);
          return FALSE;
        }
      if (column > EXCEL_MAX_COLUMNS || row > EXCEL_MAX_ROWS)
        {
          cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, 0,
                      "the cell reference “%.40s” is beyond the last cell of a sheet "
                      "(XFD%u)", ref, EXCEL_MAX_ROWS);
          return FALSE;
        }
      if (column <= r->column)
        {
          cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, column,
                      "cell %s comes after a cell to its right", ref);
          return FALSE;
        }
    }
  if (column > r->book->limits.max_columns)
    {
      cell_error (r, error, column > EXCEL_MAX_COLUMNS ? PD_IMPORT_ERROR_MALFORMED
                                                       : PD_IMPORT_ERROR_TOO_LARGE,
                  column, "the sheet has more columns than the limit of %u",
                  r->book->limits.max_columns);
      return FALSE;
    }

  r->column = column;
  g_strlcpy (r->kind, kind, sizeof r->kind);
  r->is_date = FALSE;
  if (style[0] != '\0')
    {
      guint64 index;

      /* A style index beyond the table is Excel's own problem to report; here it only
       * means "not a date". */
      if (g_ascii_string_to_unsigned (style, 10, 0, G_MAXUINT32, &index, NULL)
          && index < r->book->xf_is_date->len)
        r->is_date = g_array_index (r->book->xf_is_date, gboolean, index);
    }
  g_string_truncate (r->value, 0);
  r->has_value = FALSE;
  r->in_v = r->in_is = r->in_t = r->in_phonetic = FALSE;
  return TRUE;
}

static gboolean
start_row (SheetReader  *r,
           GError      **error)
{
  char values[1][24];
  const char *ref = values[0];
  guint64 row = r->last_row + 1;

  get_short_attributes (&r->part, "r", values);
  if (ref[0] != '\0'
      && !g_ascii_string_to_unsigned (ref, 10, 1, G_MAXUINT32, &row, NULL))
    {
      cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, 0, "“%.40s” is not a row number", ref);
      return FALSE;
    }
  r->row = row;
  if (row > EXCEL_MAX_ROWS)
    {
      cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, 0,
                  "the row is beyond the last row of a sheet (%u)", EXCEL_MAX_ROWS);
      return FALSE;
    }
  if (row <= r->last_row)
    {
      cell_error (r, error, PD_IMPORT_ERROR_MALFORMED, 0,
                  "the row comes after row %" G_GUINT64_FORMAT, r->last_row);
      return FALSE;
    }

  r->column = 0;
  g_array_set_size (r->cells, 0);
  g_string_truncate (r->text, 0);
  return TRUE;
}

static gboolean
deliver_row (SheetReader   *r,
             PdRowFunc      func,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  guint n = r->cells->len;
  PdRow row;
  gboolean ok;

  r->last_row = r->row;

  /* The contract lets trailing empty cells be absent, and importers then need not tell a
   * styled empty cell from no cell. */
  while (n > 0 && g_array_index (r->cells, RowCell, n - 1).type == PD_CELL_EMPTY)
    n--;

  g_array_set_size (r->out, n);
  for (guint i = 0; i < n; i++)
    {
      RowCell *c = &g_array_index (r->cells, RowCell, i);
      PdCell *out = &g_array_index (r->out, PdCell, i);

      out->type = c->type;
      out->number = c->number;
      if (c->type == PD_CELL_EMPTY)
        {
          out->text = "";
          out->len = 0;
        }
      else
        {
          out->text = (c->shared ? r->book->shared_text->str : r->text->str) + c->offset;
          out->len = c->len;
        }
    }

  row.number = r->row;
  row.cells = (const PdCell *) r->out->data;
  row.n_cells = n;
  row.progress = r->part.member->usize > 0
                 ? (double) r->part.bytes_read / (double) r->part.member->usize : 1.0;

  ok = func (&row, user_data, error);
  if (!ok && error != NULL && *error == NULL)
    set_error_at (error, PD_IMPORT_ERROR_CANCELLED, r->book->basename, r->where,
                  "reading stopped at row %" G_GUINT64_FORMAT, r->row);
  if (!ok)
    return FALSE;

  if (++r->n_rows % CANCEL_CHECK_ROWS == 0 && g_cancellable_is_cancelled (cancellable))
    {
      set_error_at (error, PD_IMPORT_ERROR_CANCELLED, r->book->basename, r->where,
                    "import cancelled at row %" G_GUINT64_FORMAT, r->row);
      return FALSE;
    }
  return TRUE;
}

/**
 * pd_xlsx_book_read_sheet:
 * @book: a book
 * @index: 0-based sheet index
 * @func: called once per row, in order; rows absent from the sheet are skipped
 * @user_data: for @func
 * @cancellable: (nullable): checked every few thousand rows
 * @error: a #PD_IMPORT_ERROR naming the file, the sheet and, where known, the row and
 *   column; or @func's own error
 *
 * Streams a sheet's rows to @func. Cells follow the #PdCell contract: strings (shared,
 * inline, formula results) are TEXT, numbers NUMBER with their shortest round-trip text,
 * numbers in a date format DATE in the 1900 system whatever the workbook's own, booleans
 * "TRUE"/"FALSE", error values such as "#N/A" ERROR. Empty strings are EMPTY.
 *
 * Returns: %TRUE when the whole sheet was read
 */
gboolean
pd_xlsx_book_read_sheet (PdXlsxBook    *book,
                         guint          index,
                         PdRowFunc      func,
                         gpointer       user_data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  SheetReader r = { 0 };
  gboolean in_data = FALSE, in_row = FALSE, in_cell = FALSE;
  gboolean ok = FALSE;
  int ret;

  g_return_val_if_fail (book != NULL, FALSE);
  g_return_val_if_fail (index < book->sheets->len, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  r.book = book;
  r.sheet = g_ptr_array_index (book->sheets, index);
  r.where = g_strdup_printf ("sheet “%s”", r.sheet->name);
  r.cells = g_array_new (FALSE, TRUE, sizeof (RowCell));
  r.out = g_array_new (FALSE, FALSE, sizeof (PdCell));
  r.text = g_string_new (NULL);
  r.value = g_string_new (NULL);

  if (g_cancellable_is_cancelled (cancellable))
    {
      set_error_at (error, PD_IMPORT_ERROR_CANCELLED, book->basename, r.where,
                    "import cancelled");
      goto out;
    }
  if (!part_open (book, r.sheet->member, r.where, &r.part, error))
    goto out;

  while ((ret = part_next (&r.part, error)) > 0)
    {
      int type = xmlTextReaderNodeType (r.part.reader);

      if (type == XML_READER_TYPE_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (r.part.reader);
          gboolean empty = xmlTextReaderIsEmptyElement (r.part.reader);

          if (strcmp (name, "c") == 0 && in_row)
            {
              if (!start_cell (&r, error))
                goto out;
              in_cell = TRUE;
              if (empty)
                {
                  in_cell = FALSE;
                  if (!finish_cell (&r, error))
                    goto out;
                }
            }
          else if (in_cell && strcmp (name, "v") == 0)
            {
              r.in_v = !empty;
              r.has_value = TRUE;
              g_string_truncate (r.value, 0);
            }
          else if (in_cell && strcmp (name, "is") == 0)
            {
              r.in_is = !empty;
              r.has_value = TRUE;
              g_string_truncate (r.value, 0);
            }
          else if (r.in_is && strcmp (name, "rPh") == 0)
            r.in_phonetic = !empty;
          else if (r.in_is && !r.in_phonetic && strcmp (name, "t") == 0)
            r.in_t = !empty;
          else if (strcmp (name, "sheetData") == 0)
            in_data = !empty;
          else if (in_data && strcmp (name, "row") == 0)
            {
              if (in_row)
                {
                  cell_error (&r, error, PD_IMPORT_ERROR_MALFORMED, 0,
                              "a row starts inside another");
                  goto out;
                }
              if (!start_row (&r, error))
                goto out;
              in_row = TRUE;
              if (empty)
                {
                  in_row = FALSE;
                  if (!deliver_row (&r, func, user_data, cancellable, error))
                    goto out;
                }
            }
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (r.part.reader);

          if (strcmp (name, "v") == 0)
            r.in_v = FALSE;
          else if (strcmp (name, "t") == 0)
            r.in_t = FALSE;
          else if (strcmp (name, "rPh") == 0)
            r.in_phonetic = FALSE;
          else if (strcmp (name, "is") == 0)
            r.in_is = FALSE;
          else if (strcmp (name, "c") == 0 && in_cell)
            {
              in_cell = FALSE;
              if (!finish_cell (&r, error))
                goto out;
            }
          else if (strcmp (name, "row") == 0 && in_row)
            {
              in_row = FALSE;
              if (!deliver_row (&r, func, user_data, cancellable, error))
                goto out;
            }
          else if (strcmp (name, "sheetData") == 0)
            in_data = FALSE;
        }
      else if ((r.in_v || r.in_t) && is_text (&r.part))
        {
          g_string_append (r.value,
                           (const char *) xmlTextReaderConstValue (r.part.reader));
          if (r.value->len > MAX_CELL_BYTES)
            {
              cell_error (&r, error, PD_IMPORT_ERROR_TOO_LARGE, r.column,
                          "the cell holds more than %zu bytes", MAX_CELL_BYTES);
              goto out;
            }
        }
    }
  ok = ret == 0;

out:
  part_close (&r.part);
  g_array_unref (r.cells);
  g_array_unref (r.out);
  g_string_free (r.text, TRUE);
  g_string_free (r.value, TRUE);
  g_free (r.where);
  return ok;
}
