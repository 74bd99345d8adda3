package io.tributary.platform.eval;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.streams.intents.eval.LabelledUtterance;
import java.util.List;

/**
 * Another intent router measured beside Tributary by {@code route-eval} in the same run, on the
 * same catalogue and tune split. Found with {@link java.util.ServiceLoader}; none ships in the
 * product jar (the {@code eval} module holds the LangChain4j one).
 */
public interface RoutingPeer {

  /** A short name for the report. */
  String name();

  /** The peer built from {@code catalogue}'s examples with its parameters fitted on {@code tune}. */
  Router fit(AgentCatalogue catalogue, List<LabelledUtterance> tune);

  /** A fitted peer. */
  interface Router {

    /** What the fitted parameters were, for the report. */
    String describe();

    /** The agent for {@code text}, or {@code default}. */
    String route(String text);
  }
}
