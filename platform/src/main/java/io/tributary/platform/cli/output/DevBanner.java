package io.tributary.platform.cli.output;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The text dev mode prints once it is up: where things are and what to paste. */
public final class DevBanner {

  private DevBanner() {}

  /** {@code metrics} is the management port's {@code /metrics} URL, {@code null} when it is off. */
  public static String render(String api, String metrics, String bootstrap, String databaseUrl, String tenant, int documents, Duration ready,
      Path home, String query, String token) {
    String q = URLEncoder.encode(query, StandardCharsets.UTF_8);
    String readiness = ready == null
        ? "the sample corpus is still being indexed; check " + api + "/health/ready"
        : documents + " sample documents searchable after " + (ready.toMillis() / 100) / 10.0 + " s";
    return """

        Tributary dev is running: %s

          API               %s
          Kafka bootstrap   %s   (for outside producers)
          DATABASE_URL      %s
          data              %s   (delete it to start from scratch)

        Operator commands in another shell find this stack without any variables:
          ./tributary ingest ./docs --wait     ./tributary lag     ./tributary projections

        A dev token (tenant '%s', roles read+write+admin, from the dev-only issuer, valid 7 days):
          export TRIBUTARY_TOKEN='%s'

        Search by meaning (no word of this query appears in the passage it finds):
          curl -s -H "Authorization: Bearer $TRIBUTARY_TOKEN" '%s/api/v1/search?q=%s&top_k=3'

        Add a document through the API:
          curl -s -XPOST %s/api/v1/documents -H "Authorization: Bearer $TRIBUTARY_TOKEN" \\
               -H 'Content-Type: application/json' \\
               -d '{"title":"Kettle care","text":"Descale the kettle every month with white vinegar."}'

        Or produce straight to the topic, as any other system would (the API serves tenant '%s'):
          echo 'kettle:{"id":"kettle","tenant":"%s","text":"Descale the kettle every month with white vinegar."}' \\
            | kcat -P -b %s -t docs.submitted.v1 -K:

        Stream lag per consumer group, in offsets and seconds (open in a browser; a URL fragment never
        reaches the server, the page keeps the token in the tab only):
          %s/dashboard#token=%s

        Health: curl -s %s/health/ready    Metrics: %s    Stop: Ctrl-C
        """.formatted(readiness, api, bootstrap, databaseUrl, home, tenant, token, api, q, api, tenant, tenant, bootstrap, api, token, api,
            metrics == null ? "off (TRIBUTARY_METRICS_PORT=-1)" : "curl -s " + metrics);
  }
}
