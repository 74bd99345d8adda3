package io.tributary.streams.intents;

import io.tributary.schemas.agents.LabelSnapshot;
import java.util.Map;
import java.util.Optional;

/** Where a router finds one tenant's part of a label snapshot: the routers' global table, a file in route-eval. */
@FunctionalInterface
public interface LabelSource {

  /** No labels anywhere: every tenant routes on the catalogue's examples alone. */
  LabelSource NONE = (snapshot, tenant) -> Optional.empty();

  /** {@code tenant}'s part of {@code snapshot}; empty when the snapshot holds no labels of that tenant. */
  Optional<LabelSnapshot> part(String snapshot, String tenant);

  /** Parts held in memory, keyed by {@link LabelSnapshot#key(String, String)}. */
  static LabelSource of(Map<String, LabelSnapshot> parts) {
    Map<String, LabelSnapshot> copy = Map.copyOf(parts);
    return (snapshot, tenant) -> Optional.ofNullable(copy.get(LabelSnapshot.key(snapshot, tenant)));
  }
}
