package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.RoutingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a message stays with the conversation's previous agent instead of being scored on its own
 * ("and for last month?"). It does when ALL of these hold:
 *
 * <ol>
 *   <li>the conversation's last turn went to a catalogue agent (not {@code default}) at most
 *       {@code window} before this message;
 *   <li>the message is short: at most {@code maxWords} words;
 *   <li>the message is ambiguous on its own: its best agent is below its threshold, or beats the
 *       runner-up by less than {@code ambiguityMargin}, or it opens with a continuation cue
 *       ("and", "what about", ...) and its best score is below {@code strongMatch}.
 * </ol>
 *
 * A short message that clearly names another agent's topic therefore still switches agents.
 * See docs/adr/0008-intent-scoring-and-follow-ups.md.
 */
public record FollowUpRule(
    int maxWords, Duration window, double ambiguityMargin, double strongMatch, int maxTurns) {

  /** Openings that say "same subject as before". */
  static final List<String> CUES = List.of(
      "and ", "also ", "what about ", "how about ", "same ", "or ", "then ", "but ", "plus ", "what if ");

  public FollowUpRule {
    requireNonNull(window, "window");
    if (maxWords < 1 || maxTurns < 1) {
      throw new IllegalArgumentException("maxWords and maxTurns must be >= 1");
    }
  }

  /** 6 words, 30 minutes, 0.05 margin, 0.5 strong match, 5 turns remembered. */
  public static FollowUpRule defaults() {
    return new FollowUpRule(6, Duration.ofMinutes(30), 0.05, 0.5, 5);
  }

  /** The agent the message stays with, or empty when it is routed on its own scores. */
  public Optional<String> previousAgent(
      String text, Classification scores, double bestThreshold, Conversation conversation, Instant at) {
    if (conversation == null) {
      return Optional.empty();
    }
    Optional<Conversation.Turn> last = conversation.last();
    if (last.isEmpty() || RoutingDecision.DEFAULT_AGENT.equals(last.get().agent())) {
      return Optional.empty();
    }
    Duration since = Duration.between(last.get().at(), at);
    if (since.isNegative() || since.compareTo(window) > 0 || words(text) > maxWords) {
      return Optional.empty();
    }
    String previous = last.get().agent();
    if (scores.scoreOf(previous).isEmpty()) {
      // The agent left the catalogue since: nothing to stay with.
      return Optional.empty();
    }
    return ambiguous(text, scores, bestThreshold) ? Optional.of(previous) : Optional.empty();
  }

  private boolean ambiguous(String text, Classification scores, double bestThreshold) {
    double best = scores.best().map(AgentScore::score).orElse(Double.NEGATIVE_INFINITY);
    if (best < bestThreshold || scores.margin() < ambiguityMargin) {
      return true;
    }
    String opening = text.strip().toLowerCase(Locale.ROOT) + " ";
    return best < strongMatch && CUES.stream().anyMatch(opening::startsWith);
  }

  static int words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }
}
