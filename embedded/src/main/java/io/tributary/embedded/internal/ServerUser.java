package io.tributary.embedded.internal;

import io.tributary.embedded.BinaryLookup;
import io.tributary.embedded.MissingBinaryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The OS user a server process runs as. PostgreSQL refuses to run as root, so when this JVM is
 * root (as in CI) the server runs as {@code postgres}; otherwise as ourselves.
 */
public final class ServerUser {

  private static final String SETPRIV = "setpriv";

  private final String name;

  private ServerUser(String name) {
    this.name = name;
  }

  /** {@code unprivileged} when this JVM runs as root, else the current user. */
  public static ServerUser nonRoot(String unprivileged) {
    if (!isRoot()) {
      return new ServerUser(null);
    }
    if (BinaryLookup.systemPath().find(SETPRIV).isEmpty()) {
      throw new MissingBinaryException("this JVM runs as root and PostgreSQL refuses root, but '" + SETPRIV
          + "' (used to run it as " + unprivileged + ") is not installed: install the Debian package"
          + " 'util-linux'");
    }
    try {
      lookup().lookupPrincipalByName(unprivileged);
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException("this JVM runs as root and PostgreSQL refuses root, but the OS user '"
          + unprivileged + "' does not exist; install the Debian package 'postgresql' (it creates it)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ServerUser(unprivileged);
  }

  /** Whether commands are run as another user than this JVM's. */
  public boolean switchesUser() {
    return name != null;
  }

  public String name() {
    return name == null ? System.getProperty("user.name") : name;
  }

  /**
   * {@code command} prefixed to run as this user. setpriv rather than runuser or su: it
   * execs the command in place, so the child's pid is the server's and signals reach it directly.
   */
  public List<String> command(List<String> command) {
    if (name == null) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of(SETPRIV, "--reuid=" + name, "--regid=" + name,
        "--init-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Whether this user can reach {@code dir} (search permission on it and on all its parents). */
  public boolean canTraverse(Path dir) {
    if (name == null) {
      return true;
    }
    return Commands.run(command(List.of("test", "-x", dir.toString())), Duration.ofSeconds(10)).succeeded();
  }

  /** Hands {@code dir} and everything below it to this user. */
  public void takeOwnership(Path dir) {
    if (name == null) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      UserPrincipal user = lookup().lookupPrincipalByName(name);
      GroupPrincipal group = group();
      for (Path path : (Iterable<Path>) tree::iterator) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        if (group != null) {
          view.setGroup(group);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + dir + " to user " + name, e);
    }
  }

  private GroupPrincipal group() throws IOException {
    try {
      return lookup().lookupPrincipalByGroupName(name);
    } catch (UserPrincipalNotFoundException e) {
      return null; // owner alone is what PostgreSQL checks
    }
  }

  private static boolean isRoot() {
    try {
      // /proc/self belongs to the process's real user: no native call or extra module needed.
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static UserPrincipalLookupService lookup() {
    return FileSystems.getDefault().getUserPrincipalLookupService();
  }
}
