package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.LabelledExample;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Freezes the current labels into a snapshot under a {@link LabelPolicy}. Pure: the id is a hash of
 * what is kept, so the same labels under the same policy give the same snapshot id.
 */
public final class LabelSnapshots {

  /** A part must fit its topic's record limit with room for the record's framing. */
  static final int MAX_PART_BYTES = Topics.LABEL_SNAPSHOT_MAX_MESSAGE_BYTES - 64 * 1024;

  private LabelSnapshots() {}

  /**
   * One snapshot of {@code labels} (the latest label of every key, withdrawn ones already gone).
   *
   * @param now the snapshot's time; labels age from it
   */
  public static Built build(Collection<IntentLabel> labels, LabelPolicy policy, Instant now) {
    requireNonNull(policy, "policy");
    Instant oldest = policy.maxAge().isZero() ? Instant.MIN : now.minus(policy.maxAge());
    Map<String, Map<String, List<IntentLabel>>> byTenant = new TreeMap<>();
    for (IntentLabel label : labels) {
      byTenant.computeIfAbsent(label.tenant(), t -> new TreeMap<>())
          .computeIfAbsent(label.agent(), a -> new ArrayList<>()).add(label);
    }
    Comparator<IntentLabel> newestFirst = Comparator.comparing(IntentLabel::labelledAt).reversed()
        .thenComparing(IntentLabel::messageId);
    Map<String, List<LabelledExample>> kept = new TreeMap<>();
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    int aged = 0;
    int overBound = 0;
    int overSize = 0;
    for (var tenant : byTenant.entrySet()) {
      List<IntentLabel> tenantKept = new ArrayList<>();
      for (var agent : tenant.getValue().entrySet()) {
        List<IntentLabel> sorted = new ArrayList<>(agent.getValue());
        sorted.sort(newestFirst);
        List<IntentLabel> fresh = sorted.stream().filter(l -> !l.labelledAt().isBefore(oldest)).toList();
        aged += sorted.size() - fresh.size();
        overBound += Math.max(0, fresh.size() - policy.maxPerAgent());
        tenantKept.addAll(fresh.subList(0, Math.min(fresh.size(), policy.maxPerAgent())));
      }
      // Over the record limit the tenant's oldest labels go first, whatever their agent.
      tenantKept.sort(newestFirst);
      List<LabelledExample> examples = new ArrayList<>();
      long bytes = 0;
      for (IntentLabel label : tenantKept) {
        LabelledExample example = new LabelledExample(label.text(), label.agent(), label.labelledAt());
        // As serialised, escapes included, plus the comma between array items.
        long size = jsonBytes(example) + 1L;
        if (bytes + size > MAX_PART_BYTES) {
          overSize++;
          continue;
        }
        bytes += size;
        examples.add(example);
      }
      examples.sort(Comparator.comparing(LabelledExample::agent)
          .thenComparing(LabelledExample::labelledAt, Comparator.reverseOrder())
          .thenComparing(LabelledExample::text));
      kept.put(tenant.getKey(), examples);
      Map<String, Integer> perAgent = new TreeMap<>();
      examples.forEach(e -> perAgent.merge(e.agent(), 1, Integer::sum));
      counts.put(tenant.getKey(), perAgent);
    }
    String id = idOf(kept);
    List<LabelSnapshot> parts = new ArrayList<>();
    kept.forEach((tenant, examples) -> parts.add(new LabelSnapshot(id, tenant, now, examples)));
    return new Built(id, parts, counts, aged, overBound, overSize);
  }

  /**
   * A snapshot ready to publish.
   *
   * @param counts labels kept per tenant and agent
   * @param aged labels left out for being older than the policy's age limit
   * @param overBound labels left out beyond the policy's bound per agent
   * @param overSize labels left out because the tenant's part would not fit one record
   */
  public record Built(String id, List<LabelSnapshot> parts, Map<String, Map<String, Integer>> counts, int aged,
      int overBound, int overSize) {}

  private static int jsonBytes(LabelledExample example) {
    try {
      return Json.mapper().writeValueAsBytes(example).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a label", e);
    }
  }

  private static String idOf(Map<String, List<LabelledExample>> kept) {
    Map<String, List<List<String>>> content = new TreeMap<>();
    kept.forEach((tenant, examples) -> content.put(tenant,
        examples.stream().map(e -> List.of(e.agent(), e.text(), String.valueOf(e.labelledAt()))).toList()));
    try {
      byte[] canonical = Json.mapper().writeValueAsString(content).getBytes(StandardCharsets.UTF_8);
      return "ls-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)).substring(0, 12);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise labels", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
