package io.tributary.streams.parsing;

import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.streams.chunking.TextFormat;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of a PDF, page by page; pages are separated by a blank line and keep their numbers.
 * Bounded by {@link PdfLimits}: decoded streams go to a size-capped temporary file, and the text
 * is written through a writer that stops the extraction once it is too long or too slow.
 */
final class PdfText {

  private static final String PAGE_SEPARATOR = "\n\n";

  private PdfText() {}

  static ParsedText extract(byte[] pdf, PdfLimits limits) {
    if (pdf.length > limits.maxBytes()) {
      throw limit("PDF is " + pdf.length + " bytes, at most " + limits.maxBytes() + " are read");
    }
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    try (PDDocument document = Loader.loadPDF(pdf, "", null, null,
        MemoryUsageSetting.setupTempFileOnly(limits.maxScratchBytes()).streamCache)) {
      int pageCount = document.getNumberOfPages();
      if (pageCount > limits.maxPages()) {
        throw limit("PDF has " + pageCount + " pages, at most " + limits.maxPages() + " are read");
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      BoundedText text = new BoundedText(limits.maxChars(), deadline, limits);
      List<ParsedText.Page> pages = new ArrayList<>();
      for (int number = 1; number <= pageCount; number++) {
        stripper.setStartPage(number);
        stripper.setEndPage(number);
        int mark = text.length();
        stripper.writeText(document, text);
        String page = text.cut(mark).strip();
        if (mark > 0) {
          text.append(PAGE_SEPARATOR);
        }
        int start = text.length();
        text.append(page);
        pages.add(new ParsedText.Page(number, start, text.length()));
      }
      return new ParsedText(text.toString(), TextFormat.PLAIN, pages);
    } catch (InvalidRecordException e) {
      throw e;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Maximum allowed")) {
        throw limit("PDF decodes to more than " + limits.maxScratchBytes() + " bytes of streams");
      }
      // Encrypted, truncated or not a PDF at all: no retry will make it readable.
      throw new InvalidRecordException(ErrorCode.UNDECODABLE_BYTES, "content is not a readable PDF: " + e.getMessage(), e);
    }
  }

  private static InvalidRecordException limit(String message) {
    return new InvalidRecordException(ErrorCode.PARSE_LIMIT_EXCEEDED, message);
  }

  /** The extracted text; refuses to grow past its bound or to be written to after the deadline. */
  private static final class BoundedText extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final long maxChars;
    private final long deadline;
    private final PdfLimits limits;

    BoundedText(long maxChars, long deadline, PdfLimits limits) {
      this.maxChars = maxChars;
      this.deadline = deadline;
      this.limits = limits;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      if (text.length() + (long) length > maxChars) {
        throw limit("PDF text is longer than " + maxChars + " characters");
      }
      if (System.nanoTime() > deadline) {
        throw limit("PDF text extraction took longer than " + limits.timeout());
      }
      text.append(chars, offset, length);
    }

    void append(String s) {
      write(s.toCharArray(), 0, s.length());
    }

    int length() {
      return text.length();
    }

    /** Removes and returns the text from {@code mark} on. */
    String cut(int mark) {
      String tail = text.substring(mark);
      text.setLength(mark);
      return tail;
    }

    @Override
    public String toString() {
      return text.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
