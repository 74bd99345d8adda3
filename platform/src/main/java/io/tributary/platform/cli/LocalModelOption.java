package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.streams.embedding.LocalModel;
import picocli.CommandLine.Option;

/** {@code --model} of the evaluation commands: which in-process model embeds the set. */
final class LocalModelOption {

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "minilm",
      description = "In-process model: minilm (default) or bge-small. The peers always run MiniLM, so they are "
          + "left out for any other model.")
  String name;

  LocalModel model() {
    try {
      return LocalModel.named(name);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Whether the LangChain4j peers, which run MiniLM, compare like with like. */
  boolean peersComparable() {
    return model().equals(LocalModel.MINILM);
  }
}
