package io.tributary.bench.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic English-like chunk texts and queries from a fixed vocabulary, seeded for repeatable runs. */
final class QueryCorpus {

  private static final String[] TOPICS = {
      "password reset account login security", "kettle descale vinegar kitchen appliance",
      "invoice payment refund billing card", "garden roses pruning soil compost",
      "bread dough yeast oven baking", "train ticket delay station timetable",
      "laptop battery charger screen keyboard", "vector index search embedding recall",
      "holiday flight hotel booking luggage", "bicycle tyre brake chain repair",
      "coffee beans grinder espresso milk", "server outage database latency incident"};

  private static final String[] COMMON = ("the a to and of in for with on your when after before how why "
      + "check replace clean update request open close keep start stop wait monthly weekly daily quickly "
      + "carefully again first last new old small large warm cold broken working simple").split(" ");

  private final Random random;

  QueryCorpus(long seed) {
    this.random = new Random(seed);
  }

  /** A chunk of 14 to 30 words, mostly about one topic. */
  String chunk() {
    return sentence(14 + random.nextInt(17));
  }

  /** A query of 3 to 7 words. */
  String query() {
    return sentence(3 + random.nextInt(5));
  }

  /** {@code n} chunks. */
  List<String> chunks(int n) {
    List<String> texts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      texts.add(chunk());
    }
    return texts;
  }

  private String sentence(int words) {
    String[] topic = TOPICS[random.nextInt(TOPICS.length)].split(" ");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      String word = random.nextInt(3) == 0 ? COMMON[random.nextInt(COMMON.length)] : topic[random.nextInt(topic.length)];
      text.append(i == 0 ? "" : " ").append(word);
    }
    return text.toString();
  }
}
