package io.tributary.streams.pipeline;

import io.tributary.streams.chunking.Chunk;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.chunking.ChunkingStrategy;
import io.tributary.streams.parsing.ParsedText;
import java.util.ArrayList;
import java.util.List;

/** Chunks parsed text; a paged text is chunked page by page, so no chunk spans two pages. */
final class DocumentChunks {

  /** A chunk with the page it comes from, {@code null} for unpaged text. */
  record PagedChunk(Chunk chunk, Integer page) {}

  private DocumentChunks() {}

  static List<PagedChunk> of(ParsedText parsed, ChunkingStrategy strategy, ChunkingPolicy policy) {
    if (parsed.pages().isEmpty()) {
      return policy.chunk(parsed.text(), parsed.format(), strategy).stream()
          .map(chunk -> new PagedChunk(chunk, null))
          .toList();
    }
    List<PagedChunk> chunks = new ArrayList<>();
    for (ParsedText.Page page : parsed.pages()) {
      String text = parsed.text().substring(page.start(), page.end());
      for (Chunk chunk : policy.chunk(text, parsed.format(), strategy)) {
        chunks.add(new PagedChunk(
            new Chunk(chunks.size(), chunk.text(), chunk.headingPath(),
                chunk.charStart() + page.start(), chunk.charEnd() + page.start()),
            page.number()));
      }
    }
    return chunks;
  }
}
