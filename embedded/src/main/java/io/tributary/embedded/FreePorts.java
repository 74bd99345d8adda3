package io.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks TCP ports on 127.0.0.1 that are free at the time of the call. */
public final class FreePorts {

  private FreePorts() {
  }

  /** One free port on the loopback address. */
  public static int allocate() {
    return allocate(1)[0];
  }

  /**
   * {@code count} distinct free ports: all sockets stay bound until every port is known, so
   * the kernel cannot hand out the same port twice.
   */
  public static int[] allocate(int count) {
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    } finally {
      sockets.forEach(FreePorts::closeQuietly);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The port was only probed; nothing to recover.
    }
  }
}
