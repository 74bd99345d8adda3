package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.cli.sources.LabelledFiles;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.eval.RoutingPeer;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.streams.embedding.MemoizingEmbedder;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.streams.intents.eval.EvaluationReport;
import io.tributary.streams.intents.eval.LabelFit;
import io.tributary.streams.intents.eval.LabelFolding;
import io.tributary.streams.intents.eval.LabelledUtterance;
import io.tributary.streams.intents.eval.RouteEvaluator;
import io.tributary.streams.intents.eval.ScoredUtterance;
import io.tributary.streams.intents.eval.ThresholdFit;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary route-eval <labelled.jsonl>}: how well a catalogue routes a labelled data set. */
@Command(name = "route-eval", description = "Evaluate intent routing on labelled JSON lines {\"text\",\"agent\"}: "
    + "accuracy, per-agent precision/recall/F1, confusion matrix, default-route rate, suggested thresholds.")
public final class RouteEvalCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "LABELLED", defaultValue = LabelledFiles.SAMPLE_TEST,
      description = "JSON lines to evaluate (default: the shipped test half, ${DEFAULT-VALUE}).")
  String labelled;

  @Option(names = "--tune", paramLabel = "FILE",
      description = "Fit the suggested thresholds on this file (default: the shipped tune half when LABELLED is the "
          + "shipped test half, else LABELLED itself).")
  String tune;

  @Option(names = "--catalogue", paramLabel = "FILE", description = "Agent catalogue (default: the shipped sample).")
  String catalogueFile;

  @Option(names = "--example-weight", paramLabel = "W", description = "Override the catalogue's example weight.")
  Double exampleWeight;

  @Option(names = "--scoring", paramLabel = "SCORING",
      description = "Override the catalogue's scoring: similarity or classifier.")
  String scoring;

  @Option(names = "--sweep", description = "Also print tune accuracy (fitted thresholds) for example weights 0..1.")
  boolean sweep;

  @Option(names = "--brief", description = "Accuracy and default route only, no per-agent table or confusion matrix.")
  boolean brief;

  @Option(names = "--no-peers", description = "Skip the peers found on the class path.")
  boolean noPeers;

  @Mixin LocalModelOption model = new LocalModelOption();

  @Option(names = "--labels", paramLabel = "FILE",
      description = "Labelled traffic (JSON lines {\"text\",\"agent\"}) to route with as the labels of one tenant.")
  String labelsFile;

  @Option(names = "--learn", description = "With --labels: fit k, the vote weight and the threshold on --tune and on "
      + "cross-validation folds of the labels, and report them on LABELLED next to the examples-only router, the labels folded into the examples, and the peers.")
  boolean learn;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (learn && labelsFile == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--learn needs --labels FILE");
    }
    AgentCatalogue catalogue = LabelledFiles.catalogue(catalogueFile);
    if (exampleWeight != null) {
      catalogue = catalogue.withExampleWeight(exampleWeight);
    }
    if (scoring != null) {
      try {
        catalogue = catalogue.withScoring(AgentScoring.of(scoring));
      } catch (IllegalArgumentException e) {
        throw new UserError("--scoring: " + e.getMessage());
      }
    }
    if (tune == null && LabelledFiles.SAMPLE_TEST.equals(labelled)) {
      // Never fit thresholds on the data they are then judged on: the shipped halves stay apart.
      tune = LabelledFiles.SAMPLE_TUNE;
    }
    List<LabelledUtterance> rows = LabelledFiles.utterances(labelled);
    List<LabelledUtterance> tuneRows = tune == null ? rows : LabelledFiles.utterances(tune);
    try (OnnxEmbedder embedder = new OnnxEmbedder(model.model(), SettingsLoader.fromEnvironment().embedWorkers(),
        OnnxEmbedder.DEFAULT_WINDOW_TOKENS)) {
      // Label folds route the same texts under several snapshots: each is embedded once.
      RouteEvaluator evaluator = new RouteEvaluator(new EmbeddingClassifier(new MemoizingEmbedder(embedder)),
          new IntentDecider(FollowUpRule.defaults()));
      List<float[]> vectors = evaluator.embed(rows);
      List<float[]> tuneVectors = tune == null ? vectors : evaluator.embed(tuneRows);

      out.printf(Locale.ROOT, "route-eval: %s (%d utterances), catalogue %s (%d agents, %s scoring, example weight "
          + "%.2f), model %s%n%n", labelled, rows.size(), catalogue.version(), catalogue.agents().size(),
          catalogue.scoring().id(), catalogue.exampleWeight(), embedder.modelId());
      out.println("== as configured");
      EvaluationReport configured = EvaluationReport.of(evaluator.evaluate(rows, vectors, catalogue));
      out.println(render(configured));

      Map<String, Double> suggested = ThresholdFit.fit(evaluator.evaluate(tuneRows, tuneVectors, catalogue));
      out.println("== suggested per-agent thresholds (fitted on " + (tune == null ? labelled : tune) + ")");
      suggested.forEach((agent, t) -> out.printf(Locale.ROOT, "  %-12s %.2f%n", agent, t));
      AgentCatalogue tuned = catalogue.withThresholds(suggested);
      out.println();
      out.println("== with the suggested thresholds (catalogue " + tuned.version() + ")");
      EvaluationReport withThresholds = EvaluationReport.of(evaluator.evaluate(rows, vectors, tuned));
      out.println(render(withThresholds));
      Map<String, EvaluationReport> summary = new LinkedHashMap<>();
      summary.put("tributary as configured", configured);
      summary.put("tributary, thresholds fitted on tune", withThresholds);
      List<LabelledUtterance> labelRows = labelsFile == null ? List.of() : LabelledFiles.utterances(labelsFile);
      if (labelsFile != null) {
        learnFromLabels(out, evaluator, catalogue, rows, vectors, tuneRows, tuneVectors, labelRows, summary);
      }
      if (!noPeers && model.peersComparable()) {
        for (RoutingPeer peer : ServiceLoader.load(RoutingPeer.class)) {
          peerReport(out, peer, catalogue, "", tuneRows, rows, summary);
          if (labelsFile != null) {
            peerReport(out, peer, LabelFolding.fold(catalogue, labelRows), " + labels as examples", tuneRows, rows,
                summary);
          }
        }
      }
      out.println("== summary");
      out.printf(Locale.ROOT, "%-64s %8s %10s %10s%n", "router", "accuracy", "default P", "default R");
      summary.forEach((name, report) -> out.printf(Locale.ROOT, "%-64s %8.3f %10.3f %10.3f%n", name,
          report.accuracy(), report.defaultPrecision(), report.defaultRecall()));
      out.println();

      if (sweep && catalogue.scoring() == AgentScoring.CLASSIFIER) {
        out.println("== no example-weight sweep: classifier scoring does not use the example weight");
      } else if (sweep) {
        out.println("== example-weight sweep on the tune data (thresholds refitted per weight)");
        for (int i = 0; i <= 10; i++) {
          AgentCatalogue weighted = catalogue.withExampleWeight(i / 10.0);
          Map<String, Double> fitted = ThresholdFit.fit(evaluator.evaluate(tuneRows, tuneVectors, weighted));
          double accuracy = EvaluationReport.of(
              evaluator.evaluate(tuneRows, tuneVectors, weighted.withThresholds(fitted))).accuracy();
          double untuned = EvaluationReport.of(evaluator.evaluate(tuneRows, tuneVectors, weighted)).accuracy();
          out.printf(Locale.ROOT, "  w=%.1f  accuracy %.3f (the catalogue's thresholds) / %.3f (fitted thresholds)%n",
              i / 10.0, untuned, accuracy);
        }
      }
    }
    out.flush();
    return 0;
  }

  /** Routes with the labels: fitted on the tune split with --learn, else with the defaults of the label settings. */
  private void learnFromLabels(PrintWriter out, RouteEvaluator evaluator, AgentCatalogue catalogue,
      List<LabelledUtterance> rows, List<float[]> vectors, List<LabelledUtterance> tuneRows, List<float[]> tuneVectors,
      List<LabelledUtterance> labelRows, Map<String, EvaluationReport> summary) {
    LabelFit.Labels labels = LabelFit.labels(labelRows);
    out.printf(Locale.ROOT, "== labels: %s (%d utterances)%n", labelsFile, labels.size());
    LabelSettings settings;
    if (learn) {
      LabelFit.Fitted fitted = LabelFit.fit(evaluator, tuneRows, tuneVectors, catalogue, labelRows);
      out.printf(Locale.ROOT, "tune accuracy per k and vote weight (%d utterances: the tune file, and held-out labels "
          + "routed with the other folds' labels; one threshold refitted for each):%n", fitted.tuneSize());
      for (LabelFit.Fitted tried : fitted.tried()) {
        out.printf(Locale.ROOT, "  k=%-3d weight=%.2f  %-19s %.3f%n", tried.settings().neighbours(),
            tried.settings().weight(), tried.settings().thresholds().isEmpty()
                ? String.format(Locale.ROOT, "threshold %.2f", tried.settings().minConfidence()) : "per-agent thresholds",
            tried.tuneAccuracy());
      }
      settings = fitted.settings();
      out.printf(Locale.ROOT, "chosen on tune: k=%d, weight %.2f (tune accuracy %.3f)%n", settings.neighbours(),
          settings.weight(), fitted.tuneAccuracy());
    } else {
      settings = new LabelSettings(labels.snapshot(), LabelSettings.DEFAULT_NEIGHBOURS, LabelSettings.DEFAULT_WEIGHT,
          catalogue.minConfidence(), Map.of());
    }
    AgentCatalogue labelled = catalogue.withLabels(settings);
    out.println();
    out.printf(Locale.ROOT, "== with labels (k=%d, weight %.2f, %s, catalogue %s)%n", settings.neighbours(),
        settings.weight(), settings.thresholds().isEmpty() ? "one threshold" : "per-agent thresholds",
        labelled.version());
    EvaluationReport report = EvaluationReport.of(evaluator.evaluate(rows, vectors, labelled, labels.source()));
    out.println(render(report));
    summary.put(String.format(Locale.ROOT, "tributary + labels (k=%d, w=%.2f)", settings.neighbours(),
        settings.weight()), report);

    AgentCatalogue folded = LabelFolding.fold(catalogue, labelRows);
    AgentCatalogue foldedTuned = folded.withThresholds(ThresholdFit.fit(evaluator.evaluate(tuneRows, tuneVectors, folded)));
    EvaluationReport foldedReport = EvaluationReport.of(evaluator.evaluate(rows, vectors, foldedTuned));
    out.println("== labels folded into the catalogue's examples (" + folded.scoring().id()
        + " scoring, thresholds fitted on tune)");
    out.println(render(foldedReport));
    summary.put("tributary, labels as examples", foldedReport);
    if (learn) {
      out.println("== labels block for the catalogue (route-publish --labels ID names the snapshot to use)");
      out.println(LabelFolding.block(settings));
      out.println();
    }
  }

  private void peerReport(PrintWriter out, RoutingPeer peer, AgentCatalogue catalogue, String variant,
      List<LabelledUtterance> tuneRows, List<LabelledUtterance> rows, Map<String, EvaluationReport> summary) {
    RoutingPeer.Router router = peer.fit(catalogue, tuneRows);
    List<ScoredUtterance> routed = rows.stream().map(row -> {
      String agent = router.route(row.text());
      return new ScoredUtterance(row.text(), row.agent(), agent, 0, agent);
    }).toList();
    EvaluationReport report = EvaluationReport.of(routed);
    out.println("== peer " + peer.name() + variant + " (" + router.describe() + ", fitted on the same tune data)");
    out.println(render(report));
    summary.put("peer " + peer.name() + variant, report);
  }

  private String render(EvaluationReport report) {
    return brief ? report.renderSummary() : report.render();
  }
}
