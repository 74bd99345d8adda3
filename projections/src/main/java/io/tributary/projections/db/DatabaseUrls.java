package io.tributary.projections.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Converts the {@code DATABASE_URL} forms we accept to a JDBC URL, and hides passwords for logs. */
public final class DatabaseUrls {

  private static final String JDBC_PREFIX = "jdbc:postgresql:";
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&]password=)[^&]*");
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^/:@]*):[^/@]*@");

  private DatabaseUrls() {
  }

  /**
   * {@code jdbc:postgresql://...} unchanged; {@code postgres://user:pass@host:port/db?params}
   * (or {@code postgresql://}) as {@code jdbc:postgresql://host:port/db?user=..&password=..&params}.
   */
  public static String toJdbc(String url) {
    Objects.requireNonNull(url, "url");
    String trimmed = url.strip();
    if (trimmed.startsWith(JDBC_PREFIX)) {
      return trimmed;
    }
    URI uri = parse(trimmed);
    String scheme = uri.getScheme();
    if (!"postgres".equals(scheme) && !"postgresql".equals(scheme)) {
      throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgres: or"
          + " postgresql:, not " + redact(trimmed));
    }
    StringBuilder jdbc = new StringBuilder(JDBC_PREFIX).append("//").append(uri.getRawAuthority()
        .substring(uri.getRawAuthority().lastIndexOf('@') + 1));
    jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    List<String> params = credentials(uri.getRawUserInfo());
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      params.add(uri.getRawQuery());
    }
    if (!params.isEmpty()) {
      jdbc.append('?').append(String.join("&", params));
    }
    return jdbc.toString();
  }

  /** {@code url} with any password replaced by {@code ***}, in either form. */
  public static String redact(String url) {
    String redacted = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USER_INFO_PASSWORD.matcher(redacted).replaceAll("$1:***@");
  }

  private static List<String> credentials(String rawUserInfo) {
    List<String> params = new ArrayList<>();
    if (rawUserInfo == null || rawUserInfo.isEmpty()) {
      return params;
    }
    int colon = rawUserInfo.indexOf(':');
    String user = colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon);
    params.add("user=" + reencode(user));
    if (colon >= 0) {
      params.add("password=" + reencode(rawUserInfo.substring(colon + 1)));
    }
    return params;
  }

  /** URI user info is percent-encoded; JDBC query values are form-encoded. */
  private static String reencode(String raw) {
    return URLEncoder.encode(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8),
        StandardCharsets.UTF_8);
  }

  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      // The message would echo the URL, password included.
      throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + redact(url));
    }
  }
}
