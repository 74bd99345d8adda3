package io.tributary.projections.generations;

import io.tributary.projections.projector.Projection;
import io.tributary.schemas.topics.Topic;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A read model that can be rebuilt from its topic as a new generation beside the live one. Every
 * method runs inside the caller's transaction.
 *
 * @param <K> key type of the topic
 * @param <V> value type of the topic
 */
public interface Rebuildable<K, V> {

  /** The live projection's name (keys its offsets, dead letters and generations). */
  String name();

  /** The topic replayed. */
  Topic<K, V> topic();

  /** JSON of the embedding profile that produced {@link #topic()}; {@code null} when none is recorded. */
  default String profile() {
    return null;
  }

  /** The projection that writes generation {@code generation} only; its name differs from {@link #name()}. */
  Projection<K, V> building(int generation);

  /** Creates the empty tables of {@code generation} shaped like {@code liveGeneration}'s, without secondary indexes. */
  void create(Handle handle, int generation, int liveGeneration);

  /**
   * The statements that build the secondary indexes (and constraints checked set-based, like
   * foreign keys) of {@code generation} after its bulk load, independent of each other (they may
   * run concurrently); each creates only what is missing.
   */
  List<String> indexStatements(Handle handle, int generation, int liveGeneration);

  /** Builds the secondary indexes of {@code generation} one after the other in the caller's transaction. */
  default void buildIndexes(Handle handle, int generation, int liveGeneration) {
    indexStatements(handle, generation, liveGeneration).forEach(handle::execute);
  }

  /** Points every reader at {@code generation}; atomic with the caller's transaction. */
  void makeLive(Handle handle, int generation);

  /** Drops every table of {@code generation}. */
  void drop(Handle handle, int generation);

  /**
   * Stops index builds that a dead process left running on {@code generation}'s tables (a killed
   * client does not stop its backend's {@code CREATE INDEX}); returns how many. None by default.
   */
  default int stopOrphanIndexBuilds(Handle handle, int generation) {
    return 0;
  }
}
