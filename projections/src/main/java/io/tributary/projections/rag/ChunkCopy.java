package io.tributary.projections.rag;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Chunk rows in PostgreSQL's binary COPY format: no float-to-text formatting of 384 values per
 * row and no parsing on the server. Columns, in order: document_id, chunk_index, tenant, text,
 * heading_path, char_start, char_end, embedding (the generated tsv is computed by the server).
 */
public final class ChunkCopy {

  /** The COPY statement for {@code table} (a {@link RagGenerationSchema} table or a scratch copy of one). */
  public static String statement(String table) {
    return "COPY " + table + " (document_id, chunk_index, tenant, text, heading_path, char_start, char_end, embedding)"
        + " FROM STDIN (FORMAT binary)";
  }

  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
  private static final int TEXT_OID = 25;
  private static final short COLUMNS = 8;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
  private final DataOutputStream out = new DataOutputStream(bytes);

  /** A buffer with the COPY header written. */
  public ChunkCopy() {
    try {
      out.write(SIGNATURE);
      out.writeInt(0);
      out.writeInt(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one row. */
  public ChunkCopy add(String documentId, int index, String tenant, String text, List<String> headingPath,
      int charStart, int charEnd, float[] embedding) {
    try {
      out.writeShort(COLUMNS);
      text(documentId);
      integer(index);
      text(tenant);
      text(text);
      textArray(headingPath);
      integer(charStart);
      integer(charEnd);
      // pgvector's binary form: int16 dimensions, int16 unused, then float4 values (network order).
      out.writeInt(4 + 4 * embedding.length);
      out.writeShort(embedding.length);
      out.writeShort(0);
      for (float value : embedding) {
        out.writeFloat(value);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The COPY data with its trailer; the buffer is finished. */
  public byte[] finish() {
    try {
      out.writeShort(-1);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void text(String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private void integer(int value) throws IOException {
    out.writeInt(4);
    out.writeInt(value);
  }

  private void textArray(List<String> values) throws IOException {
    List<byte[]> elements = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    int length = 12 + (values.isEmpty() ? 0 : 8) + elements.stream().mapToInt(e -> 4 + e.length).sum();
    out.writeInt(length);
    out.writeInt(values.isEmpty() ? 0 : 1);
    out.writeInt(0);
    out.writeInt(TEXT_OID);
    if (!values.isEmpty()) {
      out.writeInt(values.size());
      out.writeInt(1);
      for (byte[] element : elements) {
        out.writeInt(element.length);
        out.write(element);
      }
    }
  }
}
