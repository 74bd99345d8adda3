import io.tributary.streams.embedding.LocalModel;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeds one text per line of a file with an in-process model, as route-eval does (128-token
 * window), and writes the vectors as big-endian float32, one after the other. Run with the
 * evaluation build on the class path (see routing_variants.py).
 */
public class EmbedTexts {
  public static void main(String[] args) throws Exception {
    List<String> texts = Files.readAllLines(Path.of(args[0]));
    LocalModel model = LocalModel.named(args.length > 2 ? args[2] : "minilm");
    try (OnnxEmbedder embedder = new OnnxEmbedder(model, 2, OnnxEmbedder.DEFAULT_WINDOW_TOKENS);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[1])))) {
      for (float[] vector : embedder.embed(texts)) {
        for (float x : vector) {
          out.writeFloat(x);
        }
      }
    }
  }
}
