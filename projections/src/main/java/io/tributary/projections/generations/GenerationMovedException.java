package io.tributary.projections.generations;

/**
 * A live projector reads a topic its live generation no longer follows (a roll switched it to a
 * profile's topic): the batch is refused and the projector must be restarted on the new topic.
 */
public final class GenerationMovedException extends IllegalStateException {

  private final String liveTopic;

  public GenerationMovedException(String projection, String readTopic, String liveTopic) {
    super("the live generation of " + projection + " follows " + liveTopic + ", this projector reads " + readTopic);
    this.liveTopic = liveTopic;
  }

  /** The topic the live generation follows now. */
  public String liveTopic() {
    return liveTopic;
  }
}
