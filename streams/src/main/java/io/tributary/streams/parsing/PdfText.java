package io.tributary.streams.parsing;

import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.streams.chunking.TextFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** The text of a PDF, page by page; pages are separated by a blank line and keep their numbers. */
final class PdfText {

  private static final String PAGE_SEPARATOR = "\n\n";

  private PdfText() {}

  static ParsedText extract(byte[] pdf) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      StringBuilder text = new StringBuilder();
      List<ParsedText.Page> pages = new ArrayList<>();
      for (int number = 1; number <= document.getNumberOfPages(); number++) {
        stripper.setStartPage(number);
        stripper.setEndPage(number);
        String page = stripper.getText(document).strip();
        if (!text.isEmpty()) {
          text.append(PAGE_SEPARATOR);
        }
        int start = text.length();
        text.append(page);
        pages.add(new ParsedText.Page(number, start, text.length()));
      }
      return new ParsedText(text.toString(), TextFormat.PLAIN, pages);
    } catch (IOException e) {
      // Encrypted, truncated or not a PDF at all: no retry will make it readable.
      throw new InvalidRecordException(ErrorCode.UNDECODABLE_BYTES, "content is not a readable PDF: " + e.getMessage(), e);
    }
  }
}
