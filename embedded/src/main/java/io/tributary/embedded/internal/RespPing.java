package io.tributary.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks a Redis server for PING over a plain socket; no client library needed in main code. */
public final class RespPing {

  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int TIMEOUT_MILLIS = 1_000;

  private RespPing() {
  }

  /** Whether the server on {@code host:port} answers {@code +PONG} (not, e.g., {@code -LOADING}). */
  public static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(PING);
      socket.getOutputStream().flush();
      return "+PONG".equals(readLine(socket.getInputStream()));
    } catch (IOException e) {
      return false;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\r' && line.length() < 256; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }
}
