package io.tributary.bench.query;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 GET client on one keep-alive connection, as load tools such as wrk use. The
 * JDK's {@code HttpClient} hands every exchange between its selector thread and an executor; on
 * a 2-core VM those hand-offs alone add about a millisecond per request, which a benchmark of the
 * server should not charge to the server.
 */
final class KeepAliveHttp implements AutoCloseable {

  /** Status, headers (lower-case names) and body of one response. */
  record Response(int status, Map<String, String> headers, String body) {}

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** {@code GET pathAndQuery} on the kept connection, opening it (again) when needed. */
  Response get(String pathAndQuery) throws IOException {
    if (socket == null) {
      open();
    }
    out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(US_ASCII));
    out.flush();
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      close();
      throw new IOException("not an HTTP/1.1 status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new HashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
      }
    }
    byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? chunked()
        : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    if ("close".equalsIgnoreCase(headers.get("connection"))) {
      close();
    }
    return new Response(status, headers, new String(body, UTF_8));
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = Integer.parseInt(line().split(";", 2)[0].strip(), 16); size > 0;
        size = Integer.parseInt(line().split(";", 2)[0].strip(), 16)) {
      body.write(in.readNBytes(size));
      line();
    }
    // Trailers, up to the empty line.
    while (!line().isEmpty()) {
      // skip
    }
    return body.toByteArray();
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        close();
        throw new EOFException("connection closed mid-response");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing a benchmark connection: nothing to recover.
      }
      socket = null;
    }
  }
}
